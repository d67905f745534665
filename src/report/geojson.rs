//! The plan as a GeoJSON FeatureCollection (RFC 7946): routes, visits and team bases.

use serde_json::{Map, Value, json};

use super::format::{carer_colours, colour_of, hhmm, path_km};
use crate::pipeline::PlanOutput;

/// The plan's geometry as a GeoJSON FeatureCollection (RFC 7946, positions `[lon, lat]`,
/// WGS 84), ready for QGIS. Every feature has a `kind` property:
///
/// - `"base"`: a `Point` per team base (`team`, `clients`, `staff`);
/// - `"route"`: a `LineString` per route with a non-empty road path (`team`, `day`,
///   `weekday`, `carer`, `temp`, `shift`, `profile`, `visits`, `distance_km` = length of the
///   path, `minutes` = departure to return, `depart`/`arrive` as `HH:MM`, `colour` = the
///   carer's colour in the HTML report); a one-point path is repeated to make a valid line;
/// - `"visit"`: a `Point` per stop (`team`, `day`, `carer`, `seq` from 1, `visit`, `client`,
///   `need`, `arrival`/`start`/`end` as `HH:MM`, `minutes` of face-to-face time,
///   `allotted_minutes`, `two_carer`, `colour`).
///
/// Features come team by team: the base, then per day the routes, then their stops. The
/// collection also carries the foreign members `name` (scenario), `model`, `seed` and `bbox`.
pub fn geojson(plan: &PlanOutput) -> Value {
    let mut features = Vec::new();
    for team in &plan.teams {
        let colours = carer_colours(team);
        features.push(feature(
            point(team.base),
            json!({
                "kind": "base",
                "team": team.id,
                "clients": team.clients.len(),
                "staff": team.staff.len(),
            }),
        ));
        for day in &team.days {
            for route in &day.routes {
                let colour = colour_of(&colours, &route.carer);
                if let Some(first) = route.path.first() {
                    let mut line: Vec<Value> = route.path.iter().map(|p| json!(p)).collect();
                    if line.len() == 1 {
                        line.push(json!(first));
                    }
                    features.push(feature(
                        json!({"type": "LineString", "coordinates": line}),
                        json!({
                            "kind": "route",
                            "team": team.id,
                            "day": day.day,
                            "weekday": day.weekday,
                            "carer": route.carer,
                            "temp": route.temp,
                            "shift": route.shift,
                            "profile": route.profile,
                            "visits": route.stops.len(),
                            "distance_km": round(path_km(&route.path), 3),
                            "minutes": round((route.arrive - route.depart) as f64 / 60.0, 1),
                            "depart": hhmm(route.depart),
                            "arrive": hhmm(route.arrive),
                            "colour": colour,
                        }),
                    ));
                }
                for (i, stop) in route.stops.iter().enumerate() {
                    features.push(feature(
                        point(stop.location),
                        json!({
                            "kind": "visit",
                            "team": team.id,
                            "day": day.day,
                            "carer": route.carer,
                            "seq": i + 1,
                            "visit": stop.visit,
                            "client": stop.client,
                            "need": stop.need,
                            "arrival": hhmm(stop.arrival),
                            "start": hhmm(stop.start),
                            "end": hhmm(stop.end),
                            "minutes": round((stop.end - stop.start) as f64 / 60.0, 1),
                            "allotted_minutes": stop.allotted_minutes,
                            "two_carer": stop.two_carer,
                            "colour": colour,
                        }),
                    ));
                }
            }
        }
    }
    let mut collection = Map::new();
    collection.insert("type".into(), json!("FeatureCollection"));
    collection.insert("name".into(), json!(plan.scenario));
    collection.insert("model".into(), json!(plan.model));
    collection.insert("seed".into(), json!(plan.seed));
    if plan.bbox.iter().all(|v| v.is_finite()) && plan.bbox[0] <= plan.bbox[2] {
        collection.insert("bbox".into(), json!(plan.bbox));
    }
    collection.insert("features".into(), Value::Array(features));
    Value::Object(collection)
}

fn feature(geometry: Value, properties: Value) -> Value {
    json!({"type": "Feature", "geometry": geometry, "properties": properties})
}

fn point(p: [f64; 2]) -> Value {
    json!({"type": "Point", "coordinates": p})
}

fn round(x: f64, decimals: i32) -> f64 {
    let k = 10f64.powi(decimals);
    (x * k).round() / k
}
