//! `POINTS.csv`: a header with at least the columns `id`, `lat`, `lon` (any order, extra columns
//! ignored), one point per line, WGS84 degrees.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::io::input_error;
use crate::osm::LatLon;

/// One input point.
#[derive(Clone, Debug, PartialEq)]
pub struct PointRecord {
    /// The user's id, unique in the file.
    pub id: String,
    /// Position.
    pub pos: LatLon,
}

/// Reads and validates a points file.
///
/// # Errors
/// [`Error::Input`] naming the line and column for a missing column, an empty or duplicate id,
/// a coordinate that is not a number or out of range; [`Error::Io`] if the file cannot be read.
pub fn read_points_csv(path: &Path) -> Result<Vec<PointRecord>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_points_csv(path, &bytes)
}

/// Parses points from bytes; `path` is used in messages.
pub fn parse_points_csv(path: &Path, bytes: &[u8]) -> Result<Vec<PointRecord>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| input_error(path, "line 1 (header)", "header", e))?
        .clone();
    let column = |name: &str| -> Result<usize> {
        headers.iter().position(|h| h == name).ok_or_else(|| {
            input_error(
                path,
                "line 1 (header)",
                name,
                format!(
                    "missing column `{name}`; the header must contain id,lat,lon (found: {})",
                    headers.iter().collect::<Vec<_>>().join(",")
                ),
            )
        })
    };
    let (id_col, lat_col, lon_col) = (column("id")?, column("lat")?, column("lon")?);

    let mut points = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            input_error(path, format!("line {line}"), "-", e)
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let at = || format!("line {line}");
        let id = record.get(id_col).unwrap_or_default().to_string();
        if id.is_empty() {
            return Err(input_error(path, at(), "id", "empty id"));
        }
        if let Some(first) = first_line.get(&id) {
            return Err(input_error(
                path,
                at(),
                "id",
                format!("duplicate id \"{id}\" (first on line {first})"),
            ));
        }
        let coord = |col: usize, field: &str, limit: f64| -> Result<f64> {
            let raw = record.get(col).unwrap_or_default();
            let v: f64 = raw.parse().map_err(|_| {
                input_error(path, at(), field, format!("\"{raw}\" is not a number"))
            })?;
            if !v.is_finite() || v.abs() > limit {
                return Err(input_error(
                    path,
                    at(),
                    field,
                    format!("{raw} is out of range [-{limit}, {limit}]"),
                ));
            }
            Ok(v)
        };
        let lat = coord(lat_col, "lat", 90.0)?;
        let lon = coord(lon_col, "lon", 180.0)?;
        first_line.insert(id.clone(), line);
        points.push(PointRecord {
            id,
            pos: LatLon { lat, lon },
        });
    }
    Ok(points)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Vec<PointRecord>> {
        parse_points_csv(Path::new("p.csv"), s.as_bytes())
    }

    fn message(s: &str) -> String {
        match parse(s) {
            Ok(p) => panic!("expected an error, got {p:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn reads_any_column_order_and_extra_columns() {
        let p = parse("lon,name,id,lat\n24.94,x,a,60.17\n24.95,y,b,60.18\n").expect("valid");
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].id, "b");
        assert_eq!(
            p[1].pos,
            LatLon {
                lat: 60.18,
                lon: 24.95
            }
        );
    }

    #[test]
    fn errors_name_file_line_and_field() {
        assert_eq!(
            message("id,lat\na,60\n"),
            "p.csv: line 1 (header), field `lon`: missing column `lon`; the header must contain id,lat,lon (found: id,lat)"
        );
        assert_eq!(
            message("id,lat,lon\na,60,24\nb,sixty,24\n"),
            "p.csv: line 3, field `lat`: \"sixty\" is not a number"
        );
        assert_eq!(
            message("id,lat,lon\na,60,240\n"),
            "p.csv: line 2, field `lon`: 240 is out of range [-180, 180]"
        );
        assert_eq!(
            message("id,lat,lon\na,NaN,24\n"),
            "p.csv: line 2, field `lat`: NaN is out of range [-90, 90]"
        );
        assert_eq!(
            message("id,lat,lon\na,60,24\nb,60,24\na,61,25\n"),
            "p.csv: line 4, field `id`: duplicate id \"a\" (first on line 2)"
        );
        assert!(message("id,lat,lon\na,60\n").starts_with("p.csv: line 2, field `-`"));
        assert_eq!(
            message("id,lat,lon\n,60,24\n"),
            "p.csv: line 2, field `id`: empty id"
        );
    }
}
