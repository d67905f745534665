//! The output files of `tillit matrix` in three formats, each written row by row straight
//! from the [`TravelMatrix`] to the (buffered) file, so that writing needs no memory beyond
//! the matrix itself:
//!
//! - `json`: the contract of [`crate::io::matrix_json`] (`ids`, `durations`, `distances`,
//!   `snapped`, `unsnapped`), byte for byte what serialising a [`MatrixDto`] gives.
//! - `npy`: two numpy arrays of shape `(n, n)` and dtype little-endian float32 (`<f4`),
//!   durations in seconds at `OUT` and distances in metres at `BASE.distances.npy`, `NaN`
//!   where no route exists; the point ids in row order at `BASE.ids.csv`
//!   (`row,id,snapped,snap_m,lat,lon`). `BASE` is `OUT` without a `.npy` extension.
//! - `csv`: a long table `from,to,duration_s,distance_m`, one row per ordered pair (origin-major,
//!   both in input order, the diagonal included), empty duration and distance where no route
//!   exists.
//!
//! Every format's files are written all or nothing ([`crate::io::atomic::write_atomic_all`]).
//!
//! [`MatrixDto`]: crate::io::matrix_json::MatrixDto

use std::ffi::OsString;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use crate::error::{Error, Result};
use crate::io::atomic::{FileWriter, write_atomic_all};
use crate::io::matrix_json::SnappedDto;
use crate::matrix::TravelMatrix;
use crate::units::Cost;

/// The file format of `tillit matrix --format`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MatrixFormat {
    /// One JSON file (the documented contract).
    #[default]
    Json,
    /// Two float32 `.npy` arrays and an ids CSV.
    Npy,
    /// One long CSV table.
    Csv,
}

impl MatrixFormat {
    /// The name as the user spells it.
    pub fn name(self) -> &'static str {
        match self {
            MatrixFormat::Json => "json",
            MatrixFormat::Npy => "npy",
            MatrixFormat::Csv => "csv",
        }
    }
}

impl fmt::Display for MatrixFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for MatrixFormat {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s {
            "json" => Ok(MatrixFormat::Json),
            "npy" => Ok(MatrixFormat::Npy),
            "csv" => Ok(MatrixFormat::Csv),
            _ => Err(format!(
                "unknown matrix format `{s}`: expected one of json, npy, csv"
            )),
        }
    }
}

/// The files a matrix output at `out` consists of, the main file first: `out` alone for
/// `json` and `csv`; for `npy` `out` (durations), `BASE.distances.npy` and `BASE.ids.csv`,
/// where `BASE` is `out` without a `.npy` extension.
pub fn output_paths(out: &Path, format: MatrixFormat) -> Result<Vec<PathBuf>> {
    if format != MatrixFormat::Npy {
        return Ok(vec![out.to_path_buf()]);
    }
    let base = if out.extension().is_some_and(|e| e == "npy") {
        out.file_stem()
    } else {
        out.file_name()
    };
    let Some(base) = base else {
        return Err(Error::Param {
            name: "--out".into(),
            msg: format!("{} does not name a file", out.display()),
        });
    };
    let beside = |suffix: &str| {
        let mut name = OsString::from(base);
        name.push(suffix);
        out.with_file_name(name)
    };
    Ok(vec![
        out.to_path_buf(),
        beside(".distances.npy"),
        beside(".ids.csv"),
    ])
}

/// Bytes of the output of an `n`-point matrix in `format`, estimated (exact for the `npy`
/// arrays): JSON about 19 bytes per pair, CSV the two ids and about 20 bytes per pair, npy 8
/// (JSON and CSV measured on 10,000 points of the synthetic grid extract: 18.8 and 33 bytes).
pub fn estimated_output_bytes(format: MatrixFormat, ids: &[String]) -> u64 {
    let n = ids.len() as u64;
    let id_bytes: u64 = ids.iter().map(|s| s.len() as u64 + 1).sum();
    let pairs = n * n;
    match format {
        MatrixFormat::Json => 19 * pairs + 2 * id_bytes + 80 * n,
        MatrixFormat::Npy => 2 * (128 + 4 * pairs) + id_bytes + 40 * n,
        MatrixFormat::Csv => 20 * pairs + 2 * n * id_bytes,
    }
}

/// Bytes of memory the matrix of `n` points takes while it is computed and written (8 bytes
/// per pair), besides the road graph.
pub fn matrix_memory_bytes(n: usize) -> u64 {
    let n = n as u64;
    n * n * std::mem::size_of::<Cost>() as u64
}

/// Writes the matrix of the points `ids` (in point order) at `out` in `format`, all files or
/// none. Returns the files written, the main file first.
pub fn write_matrix(
    out: &Path,
    format: MatrixFormat,
    ids: &[String],
    m: &TravelMatrix,
) -> Result<Vec<PathBuf>> {
    if ids.len() != m.n || m.costs.len() != m.n * m.n || m.snaps.len() != m.n {
        return Err(Error::Internal(format!(
            "matrix of {} points written with {} ids",
            m.n,
            ids.len()
        )));
    }
    let paths = output_paths(out, format)?;
    let files = match format {
        MatrixFormat::Json => vec![file(out.to_path_buf(), |w| write_json(w, ids, m))],
        MatrixFormat::Csv => vec![file(out.to_path_buf(), |w| write_csv(w, ids, m))],
        MatrixFormat::Npy => {
            let mut it = paths.iter().cloned();
            let (Some(durations), Some(distances), Some(id_file)) =
                (it.next(), it.next(), it.next())
            else {
                return Err(Error::Internal("npy output without its three files".into()));
            };
            vec![
                file(durations, |w| write_npy_f32(w, m, Cost::seconds)),
                file(distances, |w| write_npy_f32(w, m, Cost::metres)),
                file(id_file, |w| write_ids_csv(w, ids, m)),
            ]
        }
    };
    write_atomic_all(files)?;
    Ok(paths)
}

/// One file of a multi-file output.
fn file<'a>(
    path: PathBuf,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()> + 'a,
) -> (PathBuf, FileWriter<'a>) {
    (path, Box::new(write))
}

/// The matrix JSON, serialised lazily: rows are produced while the serializer writes them.
struct MatrixJson<'a> {
    ids: &'a [String],
    m: &'a TravelMatrix,
}

/// One quantity of every cell, row by row.
struct Rows<'a> {
    m: &'a TravelMatrix,
    value: fn(Cost) -> f64,
}

/// One row of [`Rows`].
struct Row<'a> {
    m: &'a TravelMatrix,
    i: usize,
    value: fn(Cost) -> f64,
}

impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq((0..self.m.n).map(|i| Row {
            m: self.m,
            i,
            value: self.value,
        }))
    }
}

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq((0..self.m.n).map(|j| self.m.get(self.i, j).map(self.value)))
    }
}

/// Snapped points in the JSON's rounding.
pub(crate) fn snapped_dtos<'a>(
    ids: &'a [String],
    m: &'a TravelMatrix,
) -> impl Iterator<Item = SnappedDto> + 'a {
    let round6 = |x: f64| (x * 1e6).round() / 1e6;
    ids.iter().zip(&m.snaps).filter_map(move |(id, s)| {
        s.map(|s| SnappedDto {
            id: id.clone(),
            snap_m: (s.distance_m * 100.0).round() / 100.0,
            lat: round6(s.position.lat),
            lon: round6(s.position.lon),
        })
    })
}

impl Serialize for MatrixJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        struct Seq<I>(std::cell::Cell<Option<I>>);
        impl<I> Serialize for Seq<I>
        where
            I: Iterator,
            I::Item: Serialize,
        {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.collect_seq(self.0.take().into_iter().flatten())
            }
        }
        let (ids, m) = (self.ids, self.m);
        let mut st = s.serialize_struct("MatrixDto", 5)?;
        st.serialize_field("ids", ids)?;
        st.serialize_field(
            "durations",
            &Rows {
                m,
                value: Cost::seconds,
            },
        )?;
        st.serialize_field(
            "distances",
            &Rows {
                m,
                value: Cost::metres,
            },
        )?;
        st.serialize_field(
            "snapped",
            &Seq(std::cell::Cell::new(Some(snapped_dtos(ids, m)))),
        )?;
        let unsnapped = ids
            .iter()
            .zip(&m.snaps)
            .filter(|(_, s)| s.is_none())
            .map(|(id, _)| id);
        st.serialize_field("unsnapped", &Seq(std::cell::Cell::new(Some(unsnapped))))?;
        st.end()
    }
}

/// Writes the matrix JSON row by row (the format of [`crate::io::matrix_json`]), with a final
/// newline.
pub fn write_json(w: &mut dyn Write, ids: &[String], m: &TravelMatrix) -> std::io::Result<()> {
    serde_json::to_writer(&mut *w, &MatrixJson { ids, m }).map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

/// A field as CSV writes it (quoted if it holds a separator, quote or line break).
fn csv_field(s: &str) -> std::io::Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // A whole record: a lone field's closing quote is written only when the record ends.
    w.write_record([s]).map_err(std::io::Error::other)?;
    let mut field = w
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    field.pop(); // the terminator
    Ok(field)
}

/// Writes the long table `from,to,duration_s,distance_m` (seconds with three decimals, metres
/// with two: the exact stored millisecond and centimetre values), empty fields where no route
/// exists.
pub fn write_csv(w: &mut dyn Write, ids: &[String], m: &TravelMatrix) -> std::io::Result<()> {
    let quoted = ids
        .iter()
        .map(|s| csv_field(s))
        .collect::<std::io::Result<Vec<_>>>()?;
    w.write_all(b"from,to,duration_s,distance_m\n")?;
    let mut line = Vec::with_capacity(128);
    for (i, from) in quoted.iter().enumerate() {
        for (j, to) in quoted.iter().enumerate() {
            line.clear();
            line.extend_from_slice(from);
            line.push(b',');
            line.extend_from_slice(to);
            match m.get(i, j) {
                Some(c) => {
                    let (ms, cm) = (c.duration().0, c.distance().0);
                    writeln!(
                        line,
                        ",{}.{:03},{}.{:02}",
                        ms / 1000,
                        ms % 1000,
                        cm / 100,
                        cm % 100
                    )?;
                }
                None => line.extend_from_slice(b",,\n"),
            }
            w.write_all(&line)?;
        }
    }
    Ok(())
}

/// The `.npy` header (format version 1.0) of a C-order little-endian float32 array of `shape`:
/// magic, version, header length, and the dictionary padded with spaces to a multiple of 64
/// bytes in all, ending in a newline.
pub fn npy_header_f32(shape: &[usize]) -> Vec<u8> {
    let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
    let shape = match dims.as_slice() {
        [one] => format!("({one},)"),
        _ => format!("({})", dims.join(", ")),
    };
    let mut dict = format!("{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}");
    const PREFIX: usize = 10; // magic (6), version (2), header length (2)
    let pad = (64 - (PREFIX + dict.len() + 1) % 64) % 64;
    dict.extend(std::iter::repeat_n(' ', pad));
    dict.push('\n');
    let mut out = Vec::with_capacity(PREFIX + dict.len());
    out.extend_from_slice(b"\x93NUMPY\x01\x00");
    // The dictionary is under 200 bytes for any shape of two dimensions.
    out.extend_from_slice(&u16::try_from(dict.len()).unwrap_or(u16::MAX).to_le_bytes());
    out.extend_from_slice(dict.as_bytes());
    out
}

/// Writes one quantity of every cell as an `n × n` float32 `.npy` array, row by row; `NaN`
/// where no route exists.
pub fn write_npy_f32(
    w: &mut dyn Write,
    m: &TravelMatrix,
    value: fn(Cost) -> f64,
) -> std::io::Result<()> {
    let n = m.n;
    w.write_all(&npy_header_f32(&[n, n]))?;
    let mut row = Vec::with_capacity(4 * n);
    for i in 0..n {
        row.clear();
        for j in 0..n {
            let x = m.get(i, j).map_or(f32::NAN, |c| value(c) as f32);
            row.extend_from_slice(&x.to_le_bytes());
        }
        w.write_all(&row)?;
    }
    Ok(())
}

/// Writes `row,id,snapped,snap_m,lat,lon`: the point of each row (and column) of the `.npy`
/// arrays, and where it snapped (empty if it did not).
pub fn write_ids_csv(w: &mut dyn Write, ids: &[String], m: &TravelMatrix) -> std::io::Result<()> {
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    let io = |e: csv::Error| std::io::Error::other(e.to_string());
    csv.write_record(["row", "id", "snapped", "snap_m", "lat", "lon"])
        .map_err(io)?;
    let round6 = |x: f64| (x * 1e6).round() / 1e6;
    for (row, (id, s)) in ids.iter().zip(&m.snaps).enumerate() {
        let (snapped, snap_m, lat, lon) = match s {
            Some(s) => (
                "true",
                ((s.distance_m * 100.0).round() / 100.0).to_string(),
                round6(s.position.lat).to_string(),
                round6(s.position.lon).to_string(),
            ),
            None => ("false", String::new(), String::new(), String::new()),
        };
        let row = row.to_string();
        csv.write_record([
            row.as_str(),
            id.as_str(),
            snapped,
            snap_m.as_str(),
            lat.as_str(),
            lon.as_str(),
        ])
        .map_err(io)?;
    }
    csv.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::matrix_json::MatrixDto;
    use crate::matrix::Snap;
    use crate::osm::LatLon;
    use crate::units::{Centimetres, Millis};

    /// Three points, the middle one unsnapped; ids that need CSV quoting.
    fn sample() -> (Vec<String>, TravelMatrix) {
        let snap = |lat: f64, d: f64| {
            Some(Snap {
                segment: 0,
                t: 0.5,
                position: LatLon { lat, lon: 10.0 },
                distance_m: d,
            })
        };
        let c = |ms: u32, cm: u32| Cost::new(Millis(ms), Centimetres(cm));
        let inf = Cost::INF;
        let m = TravelMatrix {
            n: 3,
            costs: vec![
                c(0, 0),
                inf,
                c(81_234, 40_217),
                inf,
                inf,
                inf,
                c(77_500, 38_800),
                inf,
                c(0, 0),
            ],
            snaps: vec![snap(60.123_456_78, 12.3456), None, snap(60.2, 0.0)],
        };
        let ids = vec!["a,1".to_string(), "far".to_string(), "b \"x\"".to_string()];
        (ids, m)
    }

    #[test]
    fn streamed_json_is_byte_for_byte_the_dto() {
        let (ids, m) = sample();
        let mut streamed = Vec::new();
        write_json(&mut streamed, &ids, &m).expect("write");
        let mut dto = serde_json::to_vec(&MatrixDto::new(&ids, &m)).expect("dto");
        dto.push(b'\n');
        assert_eq!(
            String::from_utf8_lossy(&streamed),
            String::from_utf8_lossy(&dto)
        );
    }

    #[test]
    fn csv_is_a_long_table_with_empty_unreachable_cells() {
        let (ids, m) = sample();
        let mut out = Vec::new();
        write_csv(&mut out, &ids, &m).expect("write");
        let mut r = csv::Reader::from_reader(out.as_slice());
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|x| x.expect("record").iter().map(str::to_string).collect())
            .collect();
        assert_eq!(rows.len(), 9);
        assert_eq!(rows[0], ["a,1", "a,1", "0.000", "0.00"]);
        assert_eq!(rows[1], ["a,1", "far", "", ""]);
        assert_eq!(rows[2], ["a,1", "b \"x\"", "81.234", "402.17"]);
        assert_eq!(rows[6], ["b \"x\"", "a,1", "77.500", "388.00"]);
        assert!(
            rows[3..6]
                .iter()
                .all(|r| r[2].is_empty() && r[3].is_empty())
        );
    }

    #[test]
    fn npy_header_is_aligned_and_describes_the_array() {
        for shape in [vec![0, 0], vec![3, 3], vec![12_345, 12_345], vec![7]] {
            let h = npy_header_f32(&shape);
            assert_eq!(h.len() % 64, 0, "{shape:?}");
            assert_eq!(&h[..8], b"\x93NUMPY\x01\x00");
            let len = u16::from_le_bytes([h[8], h[9]]) as usize;
            assert_eq!(len + 10, h.len());
            let dict = std::str::from_utf8(&h[10..]).expect("ascii");
            assert!(dict.ends_with('\n'));
            assert!(dict.contains("'descr': '<f4'"));
            assert!(dict.contains("'fortran_order': False"));
        }
        let h = npy_header_f32(&[2, 3]);
        assert!(
            std::str::from_utf8(&h[10..])
                .expect("ascii")
                .contains("'shape': (2, 3)")
        );
        let h = npy_header_f32(&[7]);
        assert!(
            std::str::from_utf8(&h[10..])
                .expect("ascii")
                .contains("'shape': (7,)")
        );
    }

    #[test]
    fn npy_data_is_row_major_float32_with_nan() {
        let (_, m) = sample();
        let mut out = Vec::new();
        write_npy_f32(&mut out, &m, Cost::seconds).expect("write");
        let header = npy_header_f32(&[3, 3]).len();
        let data: Vec<f32> = out[header..]
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        assert_eq!(data.len(), 9);
        assert_eq!(data[0], 0.0);
        assert!(data[1].is_nan() && data[3..6].iter().all(|x| x.is_nan()));
        assert_eq!(data[2], 81.234_f64 as f32);
        assert_eq!(data[6], 77.5_f32);
    }

    #[test]
    fn ids_csv_lists_rows_and_snaps() {
        let (ids, m) = sample();
        let mut out = Vec::new();
        write_ids_csv(&mut out, &ids, &m).expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "row,id,snapped,snap_m,lat,lon");
        assert_eq!(lines[1], "0,\"a,1\",true,12.35,60.123457,10");
        assert_eq!(lines[2], "1,far,false,,,");
        assert_eq!(lines[3], "2,\"b \"\"x\"\"\",true,0,60.2,10");
    }

    #[test]
    fn npy_output_paths_sit_beside_the_main_file() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(
            output_paths(Path::new("d/m.npy"), MatrixFormat::Npy).expect("paths"),
            [p("d/m.npy"), p("d/m.distances.npy"), p("d/m.ids.csv")]
        );
        assert_eq!(
            output_paths(Path::new("m"), MatrixFormat::Npy).expect("paths"),
            [p("m"), p("m.distances.npy"), p("m.ids.csv")]
        );
        assert_eq!(
            output_paths(Path::new("m.json"), MatrixFormat::Json).expect("paths"),
            [p("m.json")]
        );
        assert!(output_paths(Path::new("/"), MatrixFormat::Npy).is_err());
        assert!("xlsx".parse::<MatrixFormat>().is_err());
        assert_eq!("npy".parse::<MatrixFormat>(), Ok(MatrixFormat::Npy));
    }
}
