//! Travel profiles: which OSM ways a car, a bike or a pedestrian may use, in which direction,
//! and at what speed. HELPER FILLS THIS IN — see the API below.

/// A travel mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Profile {
    /// Motor car.
    Car,
    /// Bicycle.
    Bike,
    /// On foot.
    Foot,
}

/// What a way allows for one profile: speed (km/h) per direction, `None` where that direction
/// is not allowed. Forward is the order of the way's nodes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WayAccess {
    /// Speed in km/h along the way's node order, if allowed.
    pub forward: Option<f64>,
    /// Speed in km/h against the way's node order, if allowed.
    pub backward: Option<f64>,
}

/// Decides whether and how `profile` may use a way with these tags. `None` if it may not use it
/// in either direction.
pub fn way_access(_profile: Profile, _tags: &[(&str, &str)]) -> Option<WayAccess> {
    None
}
