//! Home health care instances of Mankowska, Meisel & Bierwirth (2014), "The home health care
//! routing and scheduling problem with interdependent services", *Health Care Management
//! Science* 17:15–30 (`../shared/data/hhc/SOURCES.md` describes the layout), and the solution
//! files of Ceschia, Di Gaspero, Rosati & Schaerf for them.
//!
//! Mapping to the model:
//! - every (patient node `i`, required service `s`) is a visit with id `"i/s"` (1-based service
//!   number, as in the solution files), [`Visit::service`] `= "s"`; in plans the stop shows
//!   `"visit": "i", "service": "s"` (see `plan_json`);
//! - caregiver `k` (0-based row of `a`) is carer `"k+1"`, starting at node 0 and ending at the
//!   last node, with the skills `s` where `a[k][s] = 1` and no shift limit;
//! - the duration of visit `(i, s)` with carer `k` is `p[i·nbVehi + k][s]`;
//! - windows `[e_i, l_i]` with a soft end: starting after `l_i` is allowed and counted as
//!   tardiness; the objective is (travel + total tardiness + largest tardiness) / 3;
//! - the two services of a double-service patient are linked: the lower-numbered service
//!   first, the other `mind_i..=maxd_i` later (`0..=0`: simultaneous), by two carers;
//! - travel time = distance = the Euclidean distance from `x`, `y` rounded to 3 decimals (the
//!   convention of the published costs; the file's `d` differs in the last digits), so one
//!   unit = 1000 ticks and every sum is exact.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::Result;
use crate::model::{
    Carer, InstanceParts, Link, LocIdx, Matrix, OPEN_END, Objective, SkillSet, TimeWindow, Units,
    Visit, VisitIdx,
};
use crate::plan::{Plan, Route, Stop};

use super::input_error;

/// Ticks (and distance units) per unit of the files.
pub const TICKS: i64 = 1000;

/// Reads a Mankowska instance file.
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) if the file cannot be read; [`Error::Input`](crate::Error::Input) naming the section and the entry
/// if a section is missing, short, or holds something that is not a number.
pub fn read_mankowska(path: &Path) -> Result<InstanceParts> {
    let text = crate::io::text::read_text(path)?;
    parse_mankowska(path, &text)
}

/// The sections of the file: keyword → whitespace-separated values.
struct Sections<'a> {
    path: &'a Path,
    map: BTreeMap<&'a str, Vec<&'a str>>,
}

impl<'a> Sections<'a> {
    fn new(path: &'a Path, text: &'a str) -> Self {
        let mut map: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut current: Option<&str> = None;
        for token in text.split_whitespace() {
            if token.chars().next().is_some_and(char::is_alphabetic) {
                current = Some(token);
                map.entry(token).or_default();
            } else if let Some(key) = current {
                map.entry(key).or_default().push(token);
            }
        }
        Sections { path, map }
    }

    fn values(&self, key: &str) -> Result<&Vec<&'a str>> {
        self.map
            .get(key)
            .ok_or_else(|| input_error(self.path, format!("section {key}"), key, "missing"))
    }

    /// Exactly `count` numbers of section `key`.
    fn numbers(&self, key: &str, count: usize) -> Result<Vec<f64>> {
        let raw = self.values(key)?;
        if raw.len() < count {
            return Err(input_error(
                self.path,
                format!("section {key}"),
                key,
                format!("{} values, expected {count}", raw.len()),
            ));
        }
        raw.iter()
            .take(count)
            .enumerate()
            .map(|(i, s)| {
                s.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| {
                        input_error(
                            self.path,
                            format!("section {key}, value {}", i + 1),
                            key,
                            format!("\"{}\" is not a number", crate::io::text::shorten(s)),
                        )
                    })
            })
            .collect()
    }

    fn count(&self, key: &str) -> Result<usize> {
        let v = self.numbers(key, 1)?;
        let x = v.first().copied().unwrap_or(0.0);
        if x < 1.0 || x.fract() != 0.0 || x > 100_000.0 {
            return Err(input_error(
                self.path,
                format!("section {key}"),
                key,
                format!("{x} is not a positive whole number"),
            ));
        }
        Ok(x as usize)
    }
}

/// Parses the text of a Mankowska instance (see the module documentation).
///
/// # Errors
/// As [`read_mankowska`].
pub fn parse_mankowska(path: &Path, text: &str) -> Result<InstanceParts> {
    let sec = Sections::new(path, text);
    let n = sec.count("nbNodes")?;
    let k = sec.count("nbVehi")?;
    let s = sec.count("nbServi")?;
    if n < 3 || s > 64 {
        return Err(input_error(
            path,
            "header",
            "nbNodes",
            "needs at least one patient and at most 64 services",
        ));
    }
    let r = sec.numbers("r", n * s)?;
    let a = sec.numbers("a", k * s)?;
    let x = sec.numbers("x", n)?;
    let y = sec.numbers("y", n)?;
    let p = sec.numbers("p", n * k * s)?;
    let mind = sec.numbers("mind", n)?;
    let maxd = sec.numbers("maxd", n)?;
    let e = sec.numbers("e", n)?;
    let l = sec.numbers("l", n)?;
    let ds: Vec<usize> = sec
        .values("DS")?
        .iter()
        .map(|v| {
            v.parse::<usize>()
                .ok()
                .filter(|&d| (2..=n - 1).contains(&d))
                .map(|d| d - 1)
                .ok_or_else(|| {
                    input_error(
                        path,
                        "section DS",
                        "DS",
                        format!(
                            "\"{}\" is not a patient number",
                            crate::io::text::shorten(v)
                        ),
                    )
                })
        })
        .collect::<Result<_>>()?;
    let get = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(0.0);
    let ticks = |v: f64| (v * TICKS as f64).round() as i64;

    let mut dist = vec![0i64; n * n];
    for i in 0..n {
        for j in 0..n {
            let d = (get(&x, i) - get(&x, j)).hypot(get(&y, i) - get(&y, j));
            if let Some(slot) = dist.get_mut(i * n + j) {
                *slot = ticks(d);
            }
        }
    }
    let mut visits = Vec::new();
    let mut links = Vec::new();
    for i in 1..n - 1 {
        let services: Vec<usize> = (0..s).filter(|&t| get(&r, i * s + t) == 1.0).collect();
        if services.is_empty() {
            return Err(input_error(
                path,
                format!("section r, node {i}"),
                "r",
                "the patient requires no service",
            ));
        }
        let double = ds.contains(&i);
        if double != (services.len() == 2) || services.len() > 2 {
            return Err(input_error(
                path,
                format!("section r, node {i}"),
                "r",
                format!(
                    "{} services required, but the patient is {}listed in DS",
                    services.len(),
                    if double { "" } else { "not " }
                ),
            ));
        }
        let first = visits.len();
        for &t in &services {
            let durations = (0..k)
                .map(|v| ticks(get(&p, (i * k + v) * s + t)))
                .collect();
            visits.push(Visit {
                id: format!("{i}/{}", t + 1),
                location: LocIdx(i as u32),
                duration: 0,
                windows: vec![TimeWindow::new(ticks(get(&e, i)), ticks(get(&l, i)))],
                demand: 0,
                skills: SkillSet(1 << t),
                carer_durations: durations,
                late_allowed: true,
                service: Some((t + 1).to_string()),
                ..Visit::default()
            });
        }
        if double {
            links.push(Link {
                first: VisitIdx(first as u32),
                second: VisitIdx(first as u32 + 1),
                min_gap: ticks(get(&mind, i)),
                max_gap: ticks(get(&maxd, i)),
            });
        }
    }
    let carers = (0..k)
        .map(|v| Carer {
            id: (v + 1).to_string(),
            start: LocIdx(0),
            end: LocIdx(n as u32 - 1),
            shift: TimeWindow::new(ticks(get(&e, 0)), OPEN_END),
            capacity: None,
            skills: SkillSet(
                (0..s)
                    .filter(|&t| get(&a, v * s + t) == 1.0)
                    .fold(0, |m, t| m | (1 << t)),
            ),
            matrix: 0,
            ..Carer::default()
        })
        .collect();
    let name = path
        .file_stem()
        .and_then(|f| f.to_str())
        .unwrap_or("mankowska")
        .to_string();
    Ok(InstanceParts {
        name,
        visits,
        carers,
        matrices: vec![Matrix {
            n,
            durations: dist.clone(),
            distances: dist,
        }],
        skills: (1..=s).map(|t| format!("s{t}")).collect(),
        units: Units {
            ticks_per_unit: TICKS,
            distance_per_unit: TICKS,
            unit_name: "file units".into(),
        },
        links,
        objective: Objective {
            distance: 1.0 / 3.0,
            lateness: 1.0 / 3.0,
            max_lateness: 1.0 / 3.0,
            face_to_face: 0.0,
            balance: 0.0,
            ..Objective::default()
        },
        continuity: None,
    })
}

#[derive(Deserialize)]
struct CeschiaSolution {
    routes: Vec<CeschiaRoute>,
}

#[derive(Deserialize)]
struct CeschiaRoute {
    caregiver_id: String,
    /// Absent for an unused caregiver.
    #[serde(default)]
    locations: Vec<CeschiaStop>,
}

#[derive(Deserialize)]
struct CeschiaStop {
    arrival_time: f64,
    departure_time: f64,
    patient: String,
    service: String,
}

/// Reads a solution file of Ceschia et al. (`routes[].caregiver_id "cK"`, `locations[]` with
/// `patient "pK"`, `service "sK"`, `arrival_time` = service start, `departure_time`) as a
/// [`Plan`] for the instance read by [`read_mankowska`]: caregiver `cK` → carer `"K"`,
/// `(pI, sJ)` → visit `"I/J"`, times × 1000 ticks.
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) / [`Error::Input`](crate::Error::Input) naming the route and stop for unreadable files, ids not of
/// the form `c<number>`, `p<number>`, `s<number>`, or times that are not finite.
pub fn read_ceschia_solution(path: &Path) -> Result<Plan> {
    read_solution(path, true)
}

/// Reads a solution file of the same layout for the Italian real-city instances
/// ([`super::italian`]): ids kept as written, `(patient, service)` → visit
/// `"<patient>/<service>"`, times × 1000 ticks.
///
/// # Errors
/// As [`read_ceschia_solution`].
pub fn read_ceschia_solution_raw_ids(path: &Path) -> Result<Plan> {
    read_solution(path, false)
}

fn read_solution(path: &Path, numbered: bool) -> Result<Plan> {
    let text = crate::io::text::read_text(path)?;
    let sol: CeschiaSolution = crate::io::text::parse_json(path, &text)?;
    let number = |raw: &str, prefix: char, record: &str, field: &str| -> Result<String> {
        if !numbered {
            return if raw.is_empty() {
                Err(input_error(path, record, field, "empty id"))
            } else {
                Ok(raw.to_string())
            };
        }
        raw.strip_prefix(prefix)
            .filter(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
            .map(str::to_string)
            .ok_or_else(|| {
                input_error(
                    path,
                    record,
                    field,
                    format!(
                        "\"{}\" is not {prefix}<number>",
                        crate::io::text::shorten(raw)
                    ),
                )
            })
    };
    let mut routes = Vec::with_capacity(sol.routes.len());
    for (ri, r) in sol.routes.iter().enumerate() {
        let rec = format!("route {}", ri + 1);
        let carer = number(&r.caregiver_id, 'c', &rec, "caregiver_id")?;
        let mut stops = Vec::with_capacity(r.locations.len());
        for (si, st) in r.locations.iter().enumerate() {
            let rec = format!("route {}, stop {}", ri + 1, si + 1);
            let patient = number(&st.patient, 'p', &rec, "patient")?;
            let service = number(&st.service, 's', &rec, "service")?;
            let time = |v: f64, field: &str| -> Result<i64> {
                if v.is_finite() && v.abs() < 1e12 {
                    Ok((v * TICKS as f64).round() as i64)
                } else {
                    Err(input_error(
                        path,
                        rec.clone(),
                        field,
                        format!("{} is not a time", crate::io::text::show_number(v)),
                    ))
                }
            };
            stops.push(Stop {
                visit: format!("{patient}/{service}"),
                start: time(st.arrival_time, "arrival_time")?,
                end: time(st.departure_time, "departure_time")?,
            });
        }
        routes.push(Route {
            carer,
            stops,
            breaks: Vec::new(),
        });
    }
    Ok(Plan {
        routes,
        unassigned: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = include_str!("../../tests/data/hhcrsp_tiny.txt");

    #[test]
    fn tiny_file_maps_to_the_model() {
        let parts = parse_mankowska(Path::new("tiny.txt"), TINY).expect("parses");
        let ids: Vec<&str> = parts.visits.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(ids, ["1/1", "2/2", "3/1", "3/2"]);
        // Patient 1, service 1: 10 units with caregiver 1, 20 with caregiver 2.
        assert_eq!(parts.visits[0].carer_durations, [10_000, 20_000]);
        assert_eq!(parts.links.len(), 1);
        assert_eq!((parts.links[0].min_gap, parts.links[0].max_gap), (0, 0));
        assert_eq!(parts.carers[0].skills, SkillSet(0b01));
        assert_eq!(parts.carers[1].skills, SkillSet(0b11));
        // 1 → 3: (3, 4) to (6, 8) is 5 units.
        assert_eq!(parts.matrices[0].distances[5 + 3], 5_000);
    }

    #[test]
    fn errors_name_section_and_value() {
        let err = |text: &str| {
            parse_mankowska(Path::new("x.txt"), text)
                .unwrap_err()
                .to_string()
        };
        let no_e = TINY.replace("\ne\n", "\nq\n");
        assert!(err(&no_e).contains("section e"), "{}", err(&no_e));
        let bad = TINY.replace("0 0 0 30 0", "0 0 3x 30 0");
        assert!(
            err(&bad).contains("\"3x\" is not a number"),
            "{}",
            err(&bad)
        );
        let not_double = TINY.replace("DS\n4\n", "DS\n3\n");
        assert!(err(&not_double).contains("DS"), "{}", err(&not_double));
    }
}
