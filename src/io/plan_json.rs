//! The plan file:
//! `{"routes":[{"carer":"<id>","stops":[{"visit":"<id>","start":t,"end":t}]}],
//!   "unassigned":[{"visit":"<id>","reason":"<code>","detail":"..."}],
//!   "objective":{...},"status":"...","seed":N}`.
//!
//! Times are in the instance's source units: ticks / [`Units::ticks_per_unit`] (seconds for
//! tillit's own instances, file units for VRPLIB benchmarks, where 10 ticks = 1 unit). Reading
//! converts them back to ticks exactly and rejects times that are not a whole number of ticks;
//! writing prints exact decimals whenever the scale allows it (`ticks_per_unit` dividing a power
//! of ten), so a written plan reads back to the same ticks.
//!
//! Ids are kept as written: [`crate::plan::check()`] judges unknown or repeated ids, the reader
//! does not.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

use crate::error::Result;
use crate::io::input_error;
use crate::model::{Instance, Units};
use crate::plan::{Break, Plan, Report, Route, Stop, Unassigned};

/// The whole plan file.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct PlanDto {
    /// One entry per carer used.
    pub routes: Vec<RouteDto>,
    /// Visits left out.
    #[serde(default)]
    pub unassigned: Vec<UnassignedDto>,
    /// KPIs as the writer computed them; free-form, ignored when reading.
    #[serde(default)]
    pub objective: Map<String, Value>,
    /// Solver status, e.g. `"feasible"`; free-form.
    #[serde(default)]
    pub status: String,
    /// Random seed of the run, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// KPIs per used route as the writer computed them (see [`plan_to_dto`]); ignored when
    /// reading.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub carers: Vec<Map<String, Value>>,
}

/// One route.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RouteDto {
    /// Carer id.
    pub carer: String,
    /// Stops in order.
    pub stops: Vec<StopDto>,
    /// Breaks on the route (home care), in time order; absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breaks: Vec<BreakDto>,
}

/// One break; times in source units.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BreakDto {
    /// Break start.
    pub start: Number,
    /// Break end.
    pub end: Number,
}

/// One stop; times in source units.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StopDto {
    /// Visit id (for visits with a service: the client part of the id, see `service`).
    pub visit: String,
    /// Service number for instances whose visits are (client, service) pairs (Mankowska):
    /// the stop is visit `"<visit>/<service>"` of the instance. Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Service start.
    pub start: Number,
    /// Service end.
    pub end: Number,
}

/// One unassigned visit.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UnassignedDto {
    /// Visit id (client part for visits with a service, as in [`StopDto`]).
    pub visit: String,
    /// Service number, as in [`StopDto`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Short code.
    pub reason: String,
    /// Explanation.
    #[serde(default)]
    pub detail: String,
}

/// Converts a time in source units to ticks: `round(t × ticks_per_unit)`, accepted only if
/// `t × ticks_per_unit` is within 1e-6 of that tick (or within float rounding of it, for very
/// large values).
fn to_ticks(t: &Number, ticks_per_unit: i64) -> std::result::Result<i64, String> {
    if let Some(i) = t.as_i64() {
        return i
            .checked_mul(ticks_per_unit)
            .ok_or_else(|| format!("{i} is out of range"));
    }
    let Some(f) = t.as_f64() else {
        return Err(format!("{t} is not a number"));
    };
    let x = f * ticks_per_unit as f64;
    if !x.is_finite() {
        return Err(format!("{t} is not finite"));
    }
    let r = x.round();
    let tolerance = (x.abs() * 4.0 * f64::EPSILON).max(1e-6);
    if (x - r).abs() > tolerance {
        return Err(format!(
            "{t} is not a whole number of ticks ({ticks_per_unit} ticks per unit)"
        ));
    }
    // 2^62: far beyond any schedule, and safe to add travel times to.
    if r.abs() > 4.611_686_018_427_388e18 {
        return Err(format!("{t} is out of range"));
    }
    Ok(r as i64)
}

/// `v / per` as an exact decimal string, if `per` divides a power of ten up to 10^18.
fn exact_decimal(v: i64, per: i64) -> Option<String> {
    let per = i128::from(per);
    let mut p10: i128 = 1;
    let mut digits = 0usize;
    while per == 0 || p10 % per != 0 {
        if digits == 18 || per == 0 {
            return None;
        }
        p10 *= 10;
        digits += 1;
    }
    let scaled = i128::from(v) * (p10 / per);
    let a = scaled.unsigned_abs();
    let p10 = p10.unsigned_abs();
    let (int, frac) = (a / p10, a % p10);
    let sign = if scaled < 0 { "-" } else { "" };
    if frac == 0 {
        return Some(format!("{sign}{int}"));
    }
    let frac = format!("{frac:0digits$}");
    Some(format!("{sign}{int}.{}", frac.trim_end_matches('0')))
}

/// A ratio or cost rounded to 6 decimals as a JSON number (0 if not finite).
fn share(x: f64) -> Number {
    Number::from_f64((x * 1e6).round() / 1e6).unwrap_or_else(|| Number::from(0))
}

/// `v / per` as a JSON number: an integer when exact, else the nearest double to the exact
/// decimal (which serde_json prints as that decimal when it has at most 15 significant digits).
fn to_units(v: i64, per: i64) -> Number {
    let per = per.max(1);
    if v % per == 0 {
        return Number::from(v / per);
    }
    let f = exact_decimal(v, per)
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(v as f64 / per as f64);
    Number::from_f64(f).unwrap_or_else(|| Number::from(v / per))
}

/// Reads a plan file written for `inst` (used only for its [`Units`]).
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) if the file cannot be read; [`Error::Input`](crate::Error::Input) for malformed JSON (naming line
/// and column) or a time that is not finite, out of range, or not a whole number of ticks
/// (naming `route "<carer>" stop <k>`, 1-based, and the field `start` or `end`).
pub fn plan_from_json(path: &Path, inst: &Instance) -> Result<Plan> {
    let text = crate::io::text::read_text(path)?;
    parse_plan_json(path, &text, inst.units())
}

/// Parses a plan from text; `path` is used in messages only.
///
/// # Errors
/// The instance visit id of a (visit, service) pair written in a plan: `"<visit>/<service>"`.
fn join_service(visit: String, service: Option<String>) -> String {
    match service {
        Some(service) => format!("{visit}/{service}"),
        None => visit,
    }
}

/// The (visit, service) pair a plan shows for instance visit `id`: visits with a service have
/// ids `"<client>/<service>"` and show as client + service; others as themselves.
fn split_service(inst: &Instance, id: &str) -> (String, Option<String>) {
    let service = inst
        .visit_by_id(id)
        .and_then(|v| inst.visit(v).service.clone());
    match service
        .as_ref()
        .and_then(|svc| id.strip_suffix(&format!("/{svc}")))
    {
        Some(client) => (client.to_string(), service),
        None => (id.to_string(), None),
    }
}

/// As [`plan_from_json`], without the I/O error.
pub fn parse_plan_json(path: &Path, text: &str, units: &Units) -> Result<Plan> {
    let dto: PlanDto = crate::io::text::parse_json(path, text)?;
    let per = units.ticks_per_unit;
    let mut routes = Vec::with_capacity(dto.routes.len());
    for r in dto.routes {
        let mut stops = Vec::with_capacity(r.stops.len());
        for (k, s) in r.stops.into_iter().enumerate() {
            let record = || format!("route \"{}\" stop {}", r.carer, k + 1);
            let start =
                to_ticks(&s.start, per).map_err(|m| input_error(path, record(), "start", m))?;
            let end = to_ticks(&s.end, per).map_err(|m| input_error(path, record(), "end", m))?;
            stops.push(Stop {
                visit: join_service(s.visit, s.service),
                start,
                end,
            });
        }
        let mut breaks = Vec::with_capacity(r.breaks.len());
        for (k, b) in r.breaks.into_iter().enumerate() {
            let record = || format!("route \"{}\" break {}", r.carer, k + 1);
            let start =
                to_ticks(&b.start, per).map_err(|m| input_error(path, record(), "start", m))?;
            let end = to_ticks(&b.end, per).map_err(|m| input_error(path, record(), "end", m))?;
            breaks.push(Break { start, end });
        }
        routes.push(Route {
            carer: r.carer,
            stops,
            breaks,
        });
    }
    let unassigned = dto
        .unassigned
        .into_iter()
        .map(|u| Unassigned {
            visit: join_service(u.visit, u.service),
            reason: u.reason,
            detail: u.detail,
        })
        .collect();
    Ok(Plan { routes, unassigned })
}

/// The plan as a DTO, times and KPIs in source units. The objective holds the fields of
/// `evaluation`: `distance` (in source distance units), `travel_time`, `service_time`,
/// `waiting`, `route_time` (in source time units), `routes_used`, `unassigned`, `lateness`,
/// `max_lateness` (source time units), the home-care KPIs of [`crate::plan::Evaluation`]
/// (`overhead`, `break_time`, `paid_time`, `overtime`, `mandatory_unassigned`, `dropped_cost`,
/// `preferred_misses`, `max_carers_per_client`, `mean_carers_per_client`, `continuity_excess`,
/// and the shares `ata_share` = service / paid time, `f2f_share`, `travel_share`,
/// `waiting_share` of route time) and `cost` (the instance's weighted objective). `carers`
/// holds the same KPIs per used route.
pub fn plan_to_dto(
    inst: &Instance,
    plan: &Plan,
    report: &Report,
    status: &str,
    seed: Option<u64>,
) -> PlanDto {
    let evaluation = &report.evaluation;
    let units = inst.units();
    let t = |v: i64| to_units(v, units.ticks_per_unit);
    let mut objective = Map::new();
    let mut put = |k: &str, n: Number| {
        objective.insert(k.to_owned(), Value::Number(n));
    };
    put(
        "distance",
        to_units(evaluation.distance, units.distance_per_unit),
    );
    put("travel_time", t(evaluation.travel_time));
    put("service_time", t(evaluation.service_time));
    put("waiting", t(evaluation.waiting));
    put("route_time", t(evaluation.route_time));
    put("routes_used", Number::from(evaluation.routes_used));
    put("unassigned", Number::from(evaluation.unassigned));
    put("lateness", t(evaluation.lateness));
    put("max_lateness", t(evaluation.max_lateness));
    put("overhead", t(evaluation.overhead));
    put("break_time", t(evaluation.break_time));
    put("paid_time", t(evaluation.paid_time));
    put("overtime", t(evaluation.overtime));
    put(
        "mandatory_unassigned",
        Number::from(evaluation.mandatory_unassigned),
    );
    put("dropped_cost", share(evaluation.dropped_cost));
    put(
        "preferred_misses",
        Number::from(evaluation.preferred_misses),
    );
    put(
        "max_carers_per_client",
        Number::from(evaluation.max_carers_per_client),
    );
    put(
        "mean_carers_per_client",
        share(evaluation.mean_carers_per_client()),
    );
    put(
        "continuity_excess",
        Number::from(evaluation.continuity_excess),
    );
    put("unused_band", t(evaluation.unused_band));
    put("route_time_spread", t(evaluation.route_time_spread));
    put("ata_share", share(evaluation.ata_share()));
    put("f2f_share", share(evaluation.f2f_share()));
    put("travel_share", share(evaluation.travel_share()));
    put("waiting_share", share(evaluation.waiting_share()));
    // Weighted sum under the instance's objective (= distance for plain routing instances).
    let cost = (evaluation.cost(inst) * 1e6).round() / 1e6;
    put(
        "cost",
        Number::from_f64(cost).unwrap_or_else(|| Number::from(0)),
    );
    PlanDto {
        routes: plan
            .routes
            .iter()
            .map(|r| RouteDto {
                carer: r.carer.clone(),
                stops: r
                    .stops
                    .iter()
                    .map(|s| {
                        let (visit, service) = split_service(inst, &s.visit);
                        StopDto {
                            visit,
                            service,
                            start: t(s.start),
                            end: t(s.end),
                        }
                    })
                    .collect(),
                breaks: r
                    .breaks
                    .iter()
                    .map(|b| BreakDto {
                        start: t(b.start),
                        end: t(b.end),
                    })
                    .collect(),
            })
            .collect(),
        unassigned: plan
            .unassigned
            .iter()
            .map(|u| {
                let (visit, service) = split_service(inst, &u.visit);
                UnassignedDto {
                    visit,
                    service,
                    reason: u.reason.clone(),
                    detail: u.detail.clone(),
                }
            })
            .collect(),
        objective,
        status: status.to_owned(),
        seed,
        carers: report
            .carers
            .iter()
            .map(|c| {
                let mut k = Map::new();
                k.insert("carer".into(), Value::String(c.carer.clone()));
                let mut put = |name: &str, n: Number| {
                    k.insert(name.to_owned(), Value::Number(n));
                };
                put("visits", Number::from(c.visits));
                put("departure", t(c.departure));
                put("arrival", t(c.arrival));
                put("distance", to_units(c.distance, units.distance_per_unit));
                put("travel_time", t(c.travel_time));
                put("overhead", t(c.overhead));
                put("service_time", t(c.service_time));
                put("waiting", t(c.waiting));
                put("break_time", t(c.break_time));
                put("route_time", t(c.route_time));
                put("paid_time", t(c.paid_time));
                put("overtime", t(c.overtime));
                put("lateness", t(c.lateness));
                put("ata_share", share(c.ata_share()));
                put("f2f_share", share(c.f2f_share()));
                put("travel_share", share(c.travel_share()));
                k
            })
            .collect(),
    }
}

/// The plan file text (pretty-printed JSON, trailing newline); see [`plan_to_dto`].
pub fn plan_to_json(
    inst: &Instance,
    plan: &Plan,
    report: &Report,
    status: &str,
    seed: Option<u64>,
) -> String {
    let dto = plan_to_dto(inst, plan, report, status, seed);
    // Serialising plain strings and finite numbers cannot fail; fall back to compact output
    // rather than panic if it ever did.
    let mut s = serde_json::to_string_pretty(&dto)
        .unwrap_or_else(|e| format!("{{\"error\":{}}}", Value::String(e.to_string())));
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn exact_decimals() {
        assert_eq!(exact_decimal(1234, 10).as_deref(), Some("123.4"));
        assert_eq!(exact_decimal(-5, 10).as_deref(), Some("-0.5"));
        assert_eq!(exact_decimal(1, 8).as_deref(), Some("0.125"));
        assert_eq!(exact_decimal(1200, 1000).as_deref(), Some("1.2"));
        assert_eq!(exact_decimal(1, 3), None);
        assert_eq!(to_units(1234, 10).to_string(), "123.4");
        assert_eq!(to_units(1230, 10).to_string(), "123");
        assert_eq!(to_units(3, 10).to_string(), "0.3");
        assert_eq!(to_units(-3, 10).to_string(), "-0.3");
    }

    #[test]
    fn ticks_round_trip() {
        for per in [1, 3, 10, 60, 1000] {
            for v in [-7_i64, 0, 1, 2, 9, 1234, 86_399, 123_456_789] {
                assert_eq!(to_ticks(&to_units(v, per), per), Ok(v), "{v} / {per}");
            }
        }
    }

    #[test]
    fn rejects_fractional_ticks() {
        let n = |s: &str| serde_json::from_str::<Number>(s).unwrap();
        assert_eq!(to_ticks(&n("123.4"), 10), Ok(1234));
        assert!(to_ticks(&n("123.45"), 10).is_err());
        assert!(to_ticks(&n("0.5"), 1).is_err());
        assert!(to_ticks(&n("1e300"), 10).is_err());
        assert!(to_ticks(&n("9223372036854775807"), 10).is_err());
    }

    #[test]
    fn error_names_route_and_stop() {
        let text = r#"{"routes":[{"carer":"c1","stops":[
            {"visit":"a","start":1,"end":2},{"visit":"b","start":3.25,"end":4}]}]}"#;
        let units = Units {
            ticks_per_unit: 10,
            ..Units::default()
        };
        match parse_plan_json(Path::new("p.json"), text, &units) {
            Err(Error::Input { record, field, .. }) => {
                assert_eq!(record, "route \"c1\" stop 2");
                assert_eq!(field, "start");
            }
            other => panic!("expected an input error, got {other:?}"),
        }
        let bad = parse_plan_json(Path::new("p.json"), "{\"routes\":[", &units);
        assert!(matches!(bad, Err(Error::Input { .. })));
    }
}
