//! Small geodesy helpers.

use crate::osm::LatLon;

/// Mean Earth radius in metres (IUGG), as used by OSRM and most routing engines.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Great-circle distance in metres (haversine formula).
pub fn haversine_m(a: LatLon, b: LatLon) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// A local equirectangular projection to metres around a reference latitude. Accurate to well
/// under 1 % over a municipality; used for nearest-edge search, never for travel costs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LocalProjection {
    cos_lat0: f64,
}

impl LocalProjection {
    /// A projection centred on latitude `lat0` (degrees).
    pub fn new(lat0: f64) -> Self {
        LocalProjection {
            cos_lat0: lat0.to_radians().cos(),
        }
    }

    /// Degrees → metres (x east, y north).
    pub fn project(&self, p: LatLon) -> [f64; 2] {
        [
            p.lon.to_radians() * EARTH_RADIUS_M * self.cos_lat0,
            p.lat.to_radians() * EARTH_RADIUS_M,
        ]
    }

    /// Metres → degrees.
    pub fn unproject(&self, xy: [f64; 2]) -> LatLon {
        LatLon {
            lat: (xy[1] / EARTH_RADIUS_M).to_degrees(),
            lon: (xy[0] / (EARTH_RADIUS_M * self.cos_lat0)).to_degrees(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_one_degree_of_latitude() {
        let d = haversine_m(
            LatLon {
                lat: 60.0,
                lon: 25.0,
            },
            LatLon {
                lat: 61.0,
                lon: 25.0,
            },
        );
        // One degree of arc on a 6 371 008.8 m sphere.
        assert!((d - 111_195.08).abs() < 0.1, "{d}");
    }

    #[test]
    fn projection_round_trips() {
        let p = LocalProjection::new(60.17);
        let a = LatLon {
            lat: 60.171,
            lon: 24.94,
        };
        let b = p.unproject(p.project(a));
        assert!((a.lat - b.lat).abs() < 1e-12 && (a.lon - b.lon).abs() < 1e-12);
    }
}
