//! tillit's own JSON instance format (documented in `docs/instance-format.md`):
//!
//! ```json
//! {"name": "example",
//!  "locations": [{"id": "depot", "lat": 60.17, "lon": 24.94}, ...],
//!  "matrix": {"durations": [[0, 300], [310, 0]], "distances": [[0, 2100], [2150, 0]]},
//!  "visits": [{"id": "v1", "location": 1, "duration": 900, "windows": [[28800, 36000]],
//!              "demand": 0, "skills": ["nurse"]}],
//!  "carers": [{"id": "c1", "start": 0, "end": 0, "shift": [28800, 57600],
//!              "capacity": null, "skills": ["nurse"]}]}
//! ```
//!
//! Seconds and metres unless `units` says otherwise; locations are row/column indices of the
//! matrix. Unknown fields are rejected. The DTOs are converted with [`InstanceDto::into_parts`];
//! the model's own validation ([`crate::model::Instance::new`]) runs after that.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::io::input_error;
use crate::model::{Carer, InstanceParts, LocIdx, Matrix, SkillSet, TimeWindow, Units, Visit};

/// A named position; informative only (the matrix is what counts).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocationDto {
    /// Location id, e.g. an address key.
    pub id: String,
    /// WGS84 latitude, degrees.
    pub lat: f64,
    /// WGS84 longitude, degrees.
    pub lon: f64,
}

/// The travel matrix: `n × n`, rows are origins.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatrixDto {
    /// Travel times in ticks (seconds).
    pub durations: Vec<Vec<i64>>,
    /// Distances in distance units (metres).
    pub distances: Vec<Vec<i64>>,
}

/// Unit conventions; omitted means seconds and metres.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitsDto {
    /// Ticks per source time unit.
    pub ticks_per_unit: i64,
    /// Distance units per source unit.
    pub distance_per_unit: i64,
    /// Name of the source time unit.
    pub unit_name: String,
}

/// One visit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitDto {
    /// Unique id.
    pub id: String,
    /// Matrix index of the place.
    pub location: u32,
    /// Service duration, seconds.
    pub duration: i64,
    /// Allowed start windows `[start, end]`, sorted and disjoint.
    pub windows: Vec<[i64; 2]>,
    /// Load; default 0.
    #[serde(default)]
    pub demand: i64,
    /// Required skills; default none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
}

/// One carer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarerDto {
    /// Unique id.
    pub id: String,
    /// Matrix index where the shift starts.
    pub start: u32,
    /// Matrix index where the shift ends.
    pub end: u32,
    /// `[start, end]` of the shift.
    pub shift: [i64; 2],
    /// Capacity; `null` or absent means unlimited.
    #[serde(default)]
    pub capacity: Option<i64>,
    /// Skills; default none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
}

/// The whole file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceDto {
    /// Instance name.
    pub name: String,
    /// Units; absent means seconds and metres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<UnitsDto>,
    /// Declared skills. If given, every skill used must be listed (catches typos) and the
    /// order is kept; if absent, skills are collected in order of first use (carers, then
    /// visits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skills: Option<Vec<String>>,
    /// Positions of the matrix locations (informative); if given, one per matrix row.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<LocationDto>,
    /// Travel matrix.
    pub matrix: MatrixDto,
    /// Visits.
    pub visits: Vec<VisitDto>,
    /// Carers.
    pub carers: Vec<CarerDto>,
}

/// Reads a JSON instance.
///
/// # Errors
/// [`Error::Io`] if the file cannot be read; otherwise as [`parse_instance_json`].
pub fn read_instance_json(path: &Path) -> Result<InstanceParts> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse_instance_json(path, &text)
}

/// Parses a JSON instance from text; `path` is used in messages.
///
/// # Errors
/// [`Error::Input`]: for malformed JSON, a missing, misspelt or mistyped field, the record is
/// `line L column C` and the field `json` (serde's message names the field); for conversion
/// errors see [`InstanceDto::into_parts`].
pub fn parse_instance_json(path: &Path, text: &str) -> Result<InstanceParts> {
    let dto: InstanceDto = serde_json::from_str(text).map_err(|e| {
        input_error(
            path,
            format!("line {} column {}", e.line(), e.column()),
            "json",
            e,
        )
    })?;
    dto.into_parts(path)
}

/// Writes `parts` as a JSON instance (atomically).
///
/// # Errors
/// As [`InstanceDto::from_parts`]; [`Error::Io`] if the file cannot be written.
pub fn write_instance_json(path: &Path, parts: &InstanceParts) -> Result<()> {
    let dto = InstanceDto::from_parts(parts)?;
    crate::io::atomic::write_atomic(path, |w| {
        serde_json::to_writer_pretty(&mut *w, &dto).map_err(std::io::Error::other)?;
        writeln!(w)
    })
}

fn square(path: &Path, rows: &[Vec<i64>], n: usize, field: &str) -> Result<Vec<i64>> {
    if rows.len() != n {
        return Err(input_error(
            path,
            "matrix",
            field,
            format!("{} rows, durations has {n}", rows.len()),
        ));
    }
    let mut flat = Vec::with_capacity(n * n);
    for (i, row) in rows.iter().enumerate() {
        if row.len() != n {
            return Err(input_error(
                path,
                "matrix",
                field,
                format!("row {i} has {} entries, expected {n}", row.len()),
            ));
        }
        flat.extend_from_slice(row);
    }
    Ok(flat)
}

impl InstanceDto {
    /// Converts into unvalidated instance parts.
    ///
    /// # Errors
    /// [`Error::Input`] with record `matrix`, `location "id"`, `visit "id"`, `carer "id"` or
    /// `instance` and the field: a matrix that is not square or whose two tables differ in size,
    /// a `locations` list whose length is not the matrix size or with a coordinate out of range,
    /// a location index outside the matrix, a skill not in the declared `skills` list, more than
    /// 64 skills. Everything else (ids, windows, negative values) is checked by
    /// [`crate::model::Instance::new`].
    pub fn into_parts(self, path: &Path) -> Result<InstanceParts> {
        let n = self.matrix.durations.len();
        let durations = square(path, &self.matrix.durations, n, "durations")?;
        let distances = square(path, &self.matrix.distances, n, "distances")?;
        if !self.locations.is_empty() && self.locations.len() != n {
            return Err(input_error(
                path,
                "instance",
                "locations",
                format!(
                    "{} locations for a {n} × {n} matrix (give one per row, or none)",
                    self.locations.len()
                ),
            ));
        }
        for l in &self.locations {
            let rec = || format!("location \"{}\"", l.id);
            if !(l.lat.is_finite() && l.lat.abs() <= 90.0) {
                return Err(input_error(
                    path,
                    rec(),
                    "lat",
                    format!("{} out of range", l.lat),
                ));
            }
            if !(l.lon.is_finite() && l.lon.abs() <= 180.0) {
                return Err(input_error(
                    path,
                    rec(),
                    "lon",
                    format!("{} out of range", l.lon),
                ));
            }
        }

        let declared = self.skills.is_some();
        let mut skills: Vec<String> = self.skills.unwrap_or_default();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, s) in skills.iter().enumerate() {
            if index.insert(s.clone(), i).is_some() {
                return Err(input_error(
                    path,
                    "instance",
                    "skills",
                    format!("skill \"{s}\" declared twice"),
                ));
            }
        }
        let mut resolve = |rec: &dyn Fn() -> String, names: &[String]| -> Result<SkillSet> {
            let mut set = 0u64;
            for s in names {
                let bit = match index.get(s) {
                    Some(&b) => b,
                    None if declared => {
                        return Err(input_error(
                            path,
                            rec(),
                            "skills",
                            format!("skill \"{s}\" is not in the declared skills"),
                        ));
                    }
                    None => {
                        skills.push(s.clone());
                        index.insert(s.clone(), skills.len() - 1);
                        skills.len() - 1
                    }
                };
                if bit >= 64 {
                    return Err(input_error(
                        path,
                        rec(),
                        "skills",
                        "more than 64 distinct skills",
                    ));
                }
                set |= 1u64 << bit;
            }
            Ok(SkillSet(set))
        };
        let loc = |rec: &dyn Fn() -> String, field: &str, l: u32| -> Result<LocIdx> {
            if (l as usize) < n {
                Ok(LocIdx(l))
            } else {
                Err(input_error(
                    path,
                    rec(),
                    field,
                    format!("location {l} is outside the {n} × {n} matrix"),
                ))
            }
        };

        let mut carers = Vec::with_capacity(self.carers.len());
        for c in self.carers {
            let rec = || format!("carer \"{}\"", c.id);
            let [shift_start, shift_end] = c.shift;
            carers.push(Carer {
                start: loc(&rec, "start", c.start)?,
                end: loc(&rec, "end", c.end)?,
                shift: TimeWindow::new(shift_start, shift_end),
                capacity: c.capacity,
                skills: resolve(&rec, &c.skills)?,
                matrix: 0,
                id: c.id,
                ..Carer::default()
            });
        }
        let mut visits = Vec::with_capacity(self.visits.len());
        for v in self.visits {
            let rec = || format!("visit \"{}\"", v.id);
            visits.push(Visit {
                location: loc(&rec, "location", v.location)?,
                duration: v.duration,
                windows: v
                    .windows
                    .iter()
                    .map(|&[s, e]| TimeWindow::new(s, e))
                    .collect(),
                demand: v.demand,
                skills: resolve(&rec, &v.skills)?,
                id: v.id,
                carer_durations: Vec::new(),
                late_allowed: false,
                service: None,
                ..Visit::default()
            });
        }
        let units = match self.units {
            Some(u) => Units {
                ticks_per_unit: u.ticks_per_unit,
                distance_per_unit: u.distance_per_unit,
                unit_name: u.unit_name,
            },
            None => Units::default(),
        };
        Ok(InstanceParts {
            name: self.name,
            visits,
            carers,
            matrices: vec![Matrix {
                n,
                durations,
                distances,
            }],
            skills,
            units,
            links: Vec::new(),
            objective: Default::default(),
            continuity: None,
        })
    }

    /// The DTO of `parts` (no locations; `units` only if not seconds and metres; the skill list
    /// always declared).
    ///
    /// # Errors
    /// [`Error::Param`] named `matrices` if `parts` does not have exactly one travel matrix, or
    /// a matrix whose tables do not have `n × n` entries (the format holds one matrix).
    pub fn from_parts(parts: &InstanceParts) -> Result<InstanceDto> {
        let [m] = parts.matrices.as_slice() else {
            return Err(Error::Param {
                name: "matrices".into(),
                msg: format!(
                    "the JSON instance format holds exactly one travel matrix, not {}",
                    parts.matrices.len()
                ),
            });
        };
        if m.durations.len() != m.n * m.n || m.distances.len() != m.n * m.n {
            return Err(Error::Param {
                name: "matrices".into(),
                msg: format!("matrix tables must have {0} × {0} entries", m.n),
            });
        }
        let rows = |flat: &[i64]| -> Vec<Vec<i64>> {
            flat.chunks(m.n.max(1)).map(<[i64]>::to_vec).collect()
        };
        let names = |set: SkillSet| -> Vec<String> {
            parts
                .skills
                .iter()
                .enumerate()
                .filter(|&(i, _)| i < 64 && set.0 & (1u64 << i) != 0)
                .map(|(_, s)| s.clone())
                .collect()
        };
        let units = (parts.units != Units::default()).then(|| UnitsDto {
            ticks_per_unit: parts.units.ticks_per_unit,
            distance_per_unit: parts.units.distance_per_unit,
            unit_name: parts.units.unit_name.clone(),
        });
        Ok(InstanceDto {
            name: parts.name.clone(),
            units,
            skills: Some(parts.skills.clone()),
            locations: Vec::new(),
            matrix: MatrixDto {
                durations: rows(&m.durations),
                distances: rows(&m.distances),
            },
            visits: parts
                .visits
                .iter()
                .map(|v| VisitDto {
                    id: v.id.clone(),
                    location: v.location.0,
                    duration: v.duration,
                    windows: v.windows.iter().map(|w| [w.start, w.end]).collect(),
                    demand: v.demand,
                    skills: names(v.skills),
                })
                .collect(),
            carers: parts
                .carers
                .iter()
                .map(|c| CarerDto {
                    id: c.id.clone(),
                    start: c.start.0,
                    end: c.end.0,
                    shift: [c.shift.start, c.shift.end],
                    capacity: c.capacity,
                    skills: names(c.skills),
                })
                .collect(),
        })
    }
}
