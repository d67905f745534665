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
use crate::model::{
    BreakRule, Carer, CarerIdx, Continuity, InstanceParts, Link, LocIdx, Matrix, Objective,
    SkillSet, TimeWindow, Units, Visit, VisitIdx,
};

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
    /// Client the visit belongs to (continuity is counted per client); default: the visit id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// Top of the elastic duration band, seconds (the plan chooses a duration between
    /// `duration` and this); default: fixed duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_duration: Option<i64>,
    /// The window end is soft: lateness is allowed and priced; default false (hard).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub late_allowed: bool,
    /// Optional visit: the cost of leaving it out; absent = mandatory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drop_cost: Option<f64>,
    /// Least competence level of the carer (3 nurse, 2 healthcare worker, 1 assistant);
    /// default 0 (anyone).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub min_level: u8,
    /// Carer ids who must not do this visit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forbidden: Vec<String>,
    /// Carer ids the client prefers (others cost `objective.preferred`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferred: Vec<String>,
    /// Name of the service delivered, shown in plans.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
}

fn is_zero(x: &u8) -> bool {
    *x == 0
}

fn is_zero_i64(x: &i64) -> bool {
    *x == 0
}

/// A paid break rule of a carer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreakDto {
    /// `[earliest, latest]` break start.
    pub window: [i64; 2],
    /// Length, seconds.
    pub duration: i64,
    /// Required when the working time exceeds this (default 19 800 s = 5.5 h,
    /// arbeidsmiljøloven § 10-9).
    #[serde(default = "default_after_work")]
    pub after_work: i64,
}

fn default_after_work() -> i64 {
    19_800
}

/// A link between two visits, by visit id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkDto {
    /// The visit that starts first.
    pub first: String,
    /// The visit that starts `min_gap..=max_gap` seconds later (0/0: together).
    pub second: String,
    /// Least gap, seconds (default 0).
    #[serde(default)]
    pub min_gap: i64,
    /// Largest gap, seconds (default 0).
    #[serde(default)]
    pub max_gap: i64,
}

/// Weights of the cost (see `model::Objective`); every field optional.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ObjectiveDto {
    /// Per distance unit (1).
    pub distance: f64,
    /// Per second of lateness (0).
    pub lateness: f64,
    /// Per second of the largest lateness (0).
    pub max_lateness: f64,
    /// Per second of overtime (2).
    pub overtime: f64,
    /// Per visit by a carer the client does not prefer (1000).
    pub preferred: f64,
    /// Per distinct carer beyond the continuity limit (5000).
    pub continuity: f64,
    /// Per second of elastic band left unused or waiting (10).
    pub face_to_face: f64,
    /// Per second of spread between the longest and the shortest route time (0.1).
    pub balance: f64,
}

impl Default for ObjectiveDto {
    fn default() -> Self {
        Objective::default().into()
    }
}

impl From<ObjectiveDto> for Objective {
    fn from(o: ObjectiveDto) -> Self {
        Objective {
            distance: o.distance,
            lateness: o.lateness,
            max_lateness: o.max_lateness,
            overtime: o.overtime,
            preferred: o.preferred,
            continuity: o.continuity,
            face_to_face: o.face_to_face,
            balance: o.balance,
        }
    }
}

impl From<Objective> for ObjectiveDto {
    fn from(o: Objective) -> Self {
        ObjectiveDto {
            distance: o.distance,
            lateness: o.lateness,
            max_lateness: o.max_lateness,
            overtime: o.overtime,
            preferred: o.preferred,
            continuity: o.continuity,
            face_to_face: o.face_to_face,
            balance: o.balance,
        }
    }
}

/// Continuity of care over the horizon.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContinuityDto {
    /// Most distinct carers per client over the horizon before the penalty applies.
    pub max_carers: usize,
    /// Client id → carer ids seen on earlier days of the horizon.
    #[serde(default)]
    pub history: std::collections::BTreeMap<String, Vec<String>>,
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
    /// Competence level (3 nurse, 2 healthcare worker, 1 assistant); default 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub level: u8,
    /// Travel profile: a key of the file's `profiles`; absent = `matrix`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Seconds added to every arrival at a visit (parking, getting to the door); default 0.
    #[serde(default, skip_serializing_if = "is_zero_i64")]
    pub stop_overhead: i64,
    /// Paid break rule; default none.
    #[serde(default, rename = "break", skip_serializing_if = "Option::is_none")]
    pub break_rule: Option<BreakDto>,
    /// Longest working time (leaving the start to arriving at the end), seconds; default: the
    /// shift alone limits it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_work: Option<i64>,
    /// Seconds the carer may work after the shift end (priced as overtime); default 0.
    #[serde(default, skip_serializing_if = "is_zero_i64")]
    pub overtime: i64,
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
    /// Further travel matrices by profile name (e.g. `"bike"`, `"foot"`), same size as
    /// `matrix`; carers pick one with `profile`.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub profiles: std::collections::BTreeMap<String, MatrixDto>,
    /// Two-carer visits and ordered pairs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<LinkDto>,
    /// Cost weights; default `model::Objective::default()`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<ObjectiveDto>,
    /// Continuity of care; default: not counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continuity: Option<ContinuityDto>,
}

/// Reads a JSON instance.
///
/// # Errors
/// [`Error::Io`] if the file cannot be read; otherwise as [`parse_instance_json`].
pub fn read_instance_json(path: &Path) -> Result<InstanceParts> {
    let text = crate::io::text::read_text(path)?;
    parse_instance_json(path, &text)
}

/// Parses a JSON instance from text; `path` is used in messages.
///
/// # Errors
/// [`Error::Input`]: for malformed JSON, a missing, misspelt or mistyped field, the record is
/// `line L, column C` and the field the value's path (e.g. `visits[2].duration`); for conversion
/// errors see [`InstanceDto::into_parts`].
pub fn parse_instance_json(path: &Path, text: &str) -> Result<InstanceParts> {
    let dto: InstanceDto = crate::io::text::parse_json(path, text)?;
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
            let rec = format!("location \"{}\"", l.id);
            crate::io::lat_lon(path, &rec, ["lat", "lon"], l.lat, l.lon)?;
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

        let mut matrices = vec![Matrix {
            n,
            durations,
            distances,
        }];
        let mut profile_index: HashMap<&str, usize> = HashMap::new();
        for (name, pm) in &self.profiles {
            let field = format!("profiles.{name}");
            let durations = square(path, &pm.durations, n, &format!("{field}.durations"))?;
            let distances = square(path, &pm.distances, n, &format!("{field}.distances"))?;
            profile_index.insert(name.as_str(), matrices.len());
            matrices.push(Matrix {
                n,
                durations,
                distances,
            });
        }
        let carer_ids: HashMap<&str, u32> = self
            .carers
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i as u32))
            .collect();
        let carer_list = |rec: &dyn Fn() -> String, field: &str, ids: &[String]| {
            ids.iter()
                .map(|id| {
                    carer_ids
                        .get(id.as_str())
                        .map(|&i| CarerIdx(i))
                        .ok_or_else(|| {
                            input_error(path, rec(), field, format!("no carer has id \"{id}\""))
                        })
                })
                .collect::<Result<Vec<CarerIdx>>>()
        };
        let mut carers = Vec::with_capacity(self.carers.len());
        for c in &self.carers {
            let rec = || format!("carer \"{}\"", c.id);
            let [shift_start, shift_end] = c.shift;
            let matrix = match &c.profile {
                None => 0,
                Some(p) => *profile_index.get(p.as_str()).ok_or_else(|| {
                    input_error(
                        path,
                        rec(),
                        "profile",
                        format!("no matrix for profile \"{p}\" in the file's `profiles`"),
                    )
                })?,
            };
            carers.push(Carer {
                start: loc(&rec, "start", c.start)?,
                end: loc(&rec, "end", c.end)?,
                shift: TimeWindow::new(shift_start, shift_end),
                capacity: c.capacity,
                skills: resolve(&rec, &c.skills)?,
                matrix,
                id: c.id.clone(),
                level: c.level,
                stop_overhead: c.stop_overhead,
                break_rule: c.break_rule.as_ref().map(|b| BreakRule {
                    window: TimeWindow::new(b.window[0], b.window[1]),
                    duration: b.duration,
                    after_work: b.after_work,
                }),
                max_work: c.max_work,
                overtime: c.overtime,
            });
        }
        let mut visits = Vec::with_capacity(self.visits.len());
        for v in self.visits {
            let rec = || format!("visit \"{}\"", v.id);
            let forbidden = carer_list(&rec, "forbidden", &v.forbidden)?;
            let preferred = carer_list(&rec, "preferred", &v.preferred)?;
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
                late_allowed: v.late_allowed,
                service: v.service,
                max_duration: v.max_duration,
                drop_cost: v.drop_cost,
                min_level: v.min_level,
                forbidden,
                preferred,
                client: v.client,
            });
        }
        let visit_ids: HashMap<&str, u32> = visits
            .iter()
            .enumerate()
            .map(|(i, v)| (v.id.as_str(), i as u32))
            .collect();
        let mut links = Vec::with_capacity(self.links.len());
        for (k, l) in self.links.iter().enumerate() {
            let rec = || format!("link {}", k + 1);
            let find = |field: &str, id: &str| {
                visit_ids.get(id).map(|&i| VisitIdx(i)).ok_or_else(|| {
                    input_error(path, rec(), field, format!("no visit has id \"{id}\""))
                })
            };
            links.push(Link {
                first: find("first", &l.first)?,
                second: find("second", &l.second)?,
                min_gap: l.min_gap,
                max_gap: l.max_gap,
            });
        }
        let objective = self
            .objective
            .map_or_else(Objective::default, Objective::from);
        let continuity = self.continuity.map(|c| Continuity {
            max_carers: c.max_carers,
            history: c.history.into_iter().collect(),
        });
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
            matrices,
            skills,
            units,
            links,
            objective,
            continuity,
        })
    }

    /// The DTO of `parts` (no locations; `units` only if not seconds and metres; the skill list
    /// always declared).
    ///
    /// # Errors
    /// [`Error::Param`] named `matrices` if `parts` has no travel matrix, or a matrix whose
    /// tables do not have `n × n` entries. Matrices after the first are written as profiles
    /// `matrix1`, `matrix2`, … Carer durations (`Visit::carer_durations`) are not expressible
    /// and must be empty.
    pub fn from_parts(parts: &InstanceParts) -> Result<InstanceDto> {
        if let Some(v) = parts.visits.iter().find(|v| !v.carer_durations.is_empty()) {
            return Err(Error::Param {
                name: "carer_durations".into(),
                msg: format!(
                    "visit \"{}\": durations per carer are not expressible in the JSON format",
                    v.id
                ),
            });
        }
        let Some(m) = parts.matrices.first() else {
            return Err(Error::Param {
                name: "matrices".into(),
                msg: "the instance has no travel matrix".into(),
            });
        };
        for x in &parts.matrices {
            if x.n != m.n || x.durations.len() != m.n * m.n || x.distances.len() != m.n * m.n {
                return Err(Error::Param {
                    name: "matrices".into(),
                    msg: format!("matrix tables must have {0} × {0} entries", m.n),
                });
            }
        }
        let rows = |flat: &[i64]| -> Vec<Vec<i64>> {
            flat.chunks(m.n.max(1)).map(<[i64]>::to_vec).collect()
        };
        let profile_name = |k: usize| format!("matrix{k}");
        let carer_ids = |list: &[CarerIdx]| -> Vec<String> {
            list.iter()
                .filter_map(|c| parts.carers.get(c.0 as usize).map(|c| c.id.clone()))
                .collect()
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
                    client: v.client.clone(),
                    max_duration: v.max_duration,
                    late_allowed: v.late_allowed,
                    drop_cost: v.drop_cost,
                    min_level: v.min_level,
                    forbidden: carer_ids(&v.forbidden),
                    preferred: carer_ids(&v.preferred),
                    service: v.service.clone(),
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
                    level: c.level,
                    profile: (c.matrix > 0).then(|| profile_name(c.matrix)),
                    stop_overhead: c.stop_overhead,
                    break_rule: c.break_rule.map(|b| BreakDto {
                        window: [b.window.start, b.window.end],
                        duration: b.duration,
                        after_work: b.after_work,
                    }),
                    max_work: c.max_work,
                    overtime: c.overtime,
                })
                .collect(),
            profiles: parts
                .matrices
                .iter()
                .enumerate()
                .skip(1)
                .map(|(k, x)| {
                    (
                        profile_name(k),
                        MatrixDto {
                            durations: rows(&x.durations),
                            distances: rows(&x.distances),
                        },
                    )
                })
                .collect(),
            links: parts
                .links
                .iter()
                .filter_map(|l| {
                    Some(LinkDto {
                        first: parts.visits.get(l.first.0 as usize)?.id.clone(),
                        second: parts.visits.get(l.second.0 as usize)?.id.clone(),
                        min_gap: l.min_gap,
                        max_gap: l.max_gap,
                    })
                })
                .collect(),
            objective: (parts.objective != Objective::default())
                .then(|| ObjectiveDto::from(parts.objective)),
            continuity: parts.continuity.as_ref().map(|c| ContinuityDto {
                max_carers: c.max_carers,
                history: c
                    .history
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            }),
        })
    }
}
