//! `POINTS.csv`: a header with at least the columns `id`, `lat`, `lon` (any order, extra columns
//! ignored), one point per line, WGS84 degrees.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::io::csv_dialect::CsvTable;
use crate::io::text::shorten;
use crate::io::{input_error, lat_lon};
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
/// a coordinate that is not a number or out of range, a line whose number of values is not the
/// header's; [`Error::Io`] if the file cannot be read.
pub fn read_points_csv(path: &Path) -> Result<Vec<PointRecord>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_points_csv(path, &bytes)
}

/// Parses points from bytes; `path` is used in messages. Either CSV dialect is accepted
/// (see [`crate::io::csv_dialect`]).
pub fn parse_points_csv(path: &Path, bytes: &[u8]) -> Result<Vec<PointRecord>> {
    let table = CsvTable::parse(path, bytes)?;
    let required = ["id", "lat", "lon"];
    let id_col = table.require("id", &required)?;
    table.require("lat", &required)?;
    table.require("lon", &required)?;

    let mut points = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for row in &table.rows {
        let line = row.line;
        let id = table.cell(row, Some(id_col)).to_string();
        if id.is_empty() {
            return Err(input_error(path, row.record(), "id", "empty id"));
        }
        if let Some(first) = first_line.get(&id) {
            return Err(input_error(
                path,
                row.record(),
                "id",
                format!("duplicate id \"{}\" (first on line {first})", shorten(&id)),
            ));
        }
        let pos = lat_lon(
            path,
            &row.record(),
            ["lat", "lon"],
            table.number(row, "lat")?,
            table.number(row, "lon")?,
        )?;
        first_line.insert(id.clone(), line);
        points.push(PointRecord { id, pos });
    }
    if points.is_empty() {
        return Err(input_error(
            path,
            "line 2",
            "id",
            "no points: the file has a header but no rows",
        ));
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
    fn a_file_without_points_is_an_error() {
        assert_eq!(
            message("id,lat,lon\r\n"),
            "p.csv: line 2, field `id`: no points: the file has a header but no rows"
        );
    }

    #[test]
    fn reads_norwegian_excel() {
        let p = parse_points_csv(Path::new("p.csv"), b"id;lat;lon\nBod\xF8;67,28;14,40\n")
            .expect("valid");
        assert_eq!(p[0].id, "Bodø");
        assert_eq!(
            p[0].pos,
            LatLon {
                lat: 67.28,
                lon: 14.40
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
            "p.csv: line 3, field `lat`: \"sixty\" is not a number (write digits with a `.` decimal mark and no thousands separator)"
        );
        assert_eq!(
            message("id,lat,lon\na,60,240\n"),
            "p.csv: line 2, field `lon`: 240 is not a longitude (out of range [-180, 180] degrees)"
        );
        assert_eq!(
            message("id,lat,lon\na,NaN,24\n"),
            "p.csv: line 2, field `lat`: NaN is not a latitude (out of range [-90, 90] degrees)"
        );
        assert_eq!(
            message("id,lat,lon\na,60,24\nb,60,24\na,61,25\n"),
            "p.csv: line 4, field `id`: duplicate id \"a\" (first on line 2)"
        );
        // A short line names the first missing column, not `-`.
        assert!(
            message("id,lat,lon\na,60\n").starts_with("p.csv: line 2, field `lon`: 2 value(s)")
        );
        assert_eq!(
            message("id,lat,lon\n,60,24\n"),
            "p.csv: line 2, field `id`: empty id"
        );
    }
}
