//! Reports: the GeoJSON and the HTML page of a hand-built plan (2 teams, 1 day, a temp, an
//! unplanned visit), the comparison page, the size of a large page, and the road lines of the
//! embedded Helsinki extract.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde_json::Value;
use tillit::graph::RoadGraph;
use tillit::osm::Profile;
use tillit::pipeline::{
    AssignmentOut, Budget, DayOut, EquityRow, KpiRow, Kpis, PlanOutput, RosterOut, RouteOut,
    StopOut, TeamOut, UnassignedOut,
};
use tillit::plan::Evaluation;
use tillit::report::{geojson, html, road_bbox, road_lines};

const H: i64 = 3600;

fn stop(visit: &str, client: &str, location: [f64; 2], start: i64, minutes: i64) -> StopOut {
    StopOut {
        visit: visit.into(),
        client: client.into(),
        need: "medium".into(),
        location,
        arrival: start - 300,
        start,
        end: start + minutes * 60,
        window: [start - 1800, start + 1800],
        allotted_minutes: minutes as f64,
        travel_s: 420,
        distance_m: 2500.0,
        two_carer: false,
    }
}

fn route(carer: &str, temp: bool, base: [f64; 2], stops: Vec<StopOut>) -> RouteOut {
    let mut path = if stops.is_empty() {
        Vec::new()
    } else {
        vec![base]
    };
    for s in &stops {
        // A bend on the way, then the client.
        let last = path.last().copied().unwrap_or(base);
        path.push([last[0], s.location[1]]);
        path.push(s.location);
    }
    if !stops.is_empty() {
        path.push(base);
    }
    let depart = stops.first().map_or(8 * H, |s| s.arrival - 900);
    let arrive = stops.last().map_or(8 * H, |s| s.end + 900);
    RouteOut {
        carer: carer.into(),
        temp,
        shift: "day".into(),
        shift_start: 7 * H,
        shift_end: 15 * H,
        profile: "car".into(),
        level: "helsefagarbeider".into(),
        depart,
        arrive,
        stops,
        breaks: Vec::new(),
        path,
    }
}

fn roster() -> RosterOut {
    RosterOut {
        status: "optimal".into(),
        objective: Some(0.0),
        bound: Some(0.0),
        weeks: 1,
        shifts: BTreeMap::new(),
        temps: vec![BTreeMap::new()],
        full_time_share: 0.5,
        temp_hours: 8.0,
        weekends_worked: BTreeMap::new(),
    }
}

fn day(routes: Vec<RouteOut>, unassigned: Vec<UnassignedOut>) -> DayOut {
    DayOut {
        day: 0,
        weekday: "mon".into(),
        status: "iteration_limit".into(),
        routes,
        unassigned,
        evaluation: Evaluation::default(),
        feasible: true,
    }
}

fn kpi(team: &str, ata: f64) -> KpiRow {
    KpiRow {
        team: team.into(),
        clients: 2,
        visits_planned: 3,
        visits_total: 4,
        paid_hours: 16.0,
        face_to_face_hours: 16.0 * ata,
        travel_hours: 2.0,
        waiting_hours: 1.5,
        ata_share: ata,
        travel_share: 0.125,
        distance_km: 23.45,
        carers_per_client: 1.25,
        max_carers_per_client: 2,
        full_time_share: 0.5,
        temp_hours: 8.0,
        overtime_hours: 0.3,
        late_minutes: 12.0,
        cost: 12345.6,
    }
}

/// Two teams, one day. North: anna (2 visits, a break) and a temp (1 visit), one visit not
/// planned. South: cai (1 visit) and dag (rostered, no visit, empty path).
fn fixture(ata: f64) -> PlanOutput {
    let north = [10.75, 59.91];
    let south = [10.76, 59.89];
    let mut anna = route(
        "anna",
        false,
        north,
        vec![
            stop("c1/v1/d0", "c1", [10.76, 59.915], 8 * H, 30),
            stop("c2/v1/d0", "c2", [10.77, 59.92], 9 * H, 45),
        ],
    );
    anna.breaks = vec![[10 * H, 10 * H + 1800]];
    let temp = route(
        "temp-north-day-1",
        true,
        north,
        vec![stop("c3/v1/d0", "c3", [10.74, 59.905], 10 * H, 20)],
    );
    let cai = route(
        "cai",
        false,
        south,
        vec![stop("c4/v1/d0", "c4", [10.765, 59.885], 11 * H, 60)],
    );
    let dag = route("dag", false, south, Vec::new());
    let teams = vec![
        TeamOut {
            id: "north".into(),
            base: north,
            clients: vec!["c1".into(), "c2".into(), "c3".into(), "c5".into()],
            staff: vec!["anna".into()],
            roster: roster(),
            days: vec![day(
                vec![anna, temp],
                vec![UnassignedOut {
                    visit: "c5/v1/d0".into(),
                    client: "c5".into(),
                    reason: "no_carer".into(),
                    detail: "no carer with the skill is free".into(),
                }],
            )],
        },
        TeamOut {
            id: "south".into(),
            base: south,
            clients: vec!["c4".into()],
            staff: vec!["cai".into(), "dag".into()],
            roster: roster(),
            days: vec![day(vec![cai, dag], Vec::new())],
        },
    ];
    let equity = vec![
        EquityRow {
            team: "north".into(),
            need: "medium".into(),
            clients: 3,
            allotted_hours: 1.5,
            face_to_face_minutes: 99.0,
            minutes_per_allotted_hour: 66.0,
        },
        EquityRow {
            team: "south".into(),
            need: "medium".into(),
            clients: 1,
            allotted_hours: 1.0,
            face_to_face_minutes: 57.0,
            minutes_per_allotted_hour: 57.0,
        },
    ];
    PlanOutput {
        scenario: "oslo-demo".into(),
        model: "trust".into(),
        seed: 42,
        status: "complete".into(),
        days: 1,
        weekdays: vec!["mon".into()],
        assignment: AssignmentOut {
            status: "optimal".into(),
            gap: Some(0.0),
            moves: 1,
            clients: BTreeMap::new(),
        },
        teams,
        kpis: Kpis {
            total: kpi("all", ata),
            teams: vec![kpi("north", ata), kpi("south", ata)],
            equity,
            budget: Budget {
                staff_cost: 7200.0,
                temp_cost: 4800.0,
                overtime_cost: 345.6,
                total: 12345.6,
                frame: Some(20000.0),
                margin: Some(7654.4),
                staff_per_hour: 450.0,
                temp_per_hour: 600.0,
                overtime_per_hour: 1382.4,
            },
        },
        bbox: [10.74, 59.885, 10.77, 59.92],
        seconds: BTreeMap::from([("total".to_string(), 3.25)]),
    }
}

fn kind<'a>(features: &'a [Value], kind: &str) -> Vec<&'a Value> {
    features
        .iter()
        .filter(|f| f["properties"]["kind"] == kind)
        .collect()
}

fn coords(v: &Value) -> Vec<[f64; 2]> {
    serde_json::from_value(v.clone()).expect("an array of [lon, lat] positions")
}

#[test]
fn geojson_has_one_feature_per_route_stop_and_base_in_lon_lat_order() {
    let plan = fixture(0.625);
    let value = geojson(&plan);
    let text = serde_json::to_string(&value).expect("serialises");
    let back: Value = serde_json::from_str(&text).expect("parses back");
    assert_eq!(back, value);
    assert_eq!(back["type"], "FeatureCollection");
    let features = back["features"].as_array().expect("features");
    assert!(features.iter().all(|f| f["type"] == "Feature"));

    // dag's empty path makes no line; 4 stops; 2 bases.
    let routes = kind(features, "route");
    let visits = kind(features, "visit");
    let bases = kind(features, "base");
    assert_eq!((routes.len(), visits.len(), bases.len()), (3, 4, 2));
    assert_eq!(features.len(), 9);

    let anna_plan = &plan.teams[0].days[0].routes[0];
    let anna = routes
        .iter()
        .find(|f| f["properties"]["carer"] == "anna")
        .expect("anna's route");
    assert_eq!(anna["geometry"]["type"], "LineString");
    assert_eq!(coords(&anna["geometry"]["coordinates"]), anna_plan.path);
    let p = &anna["properties"];
    assert_eq!(p["team"], "north");
    assert_eq!(p["day"], 0);
    assert_eq!(p["weekday"], "mon");
    assert_eq!(p["temp"], false);
    assert_eq!(p["visits"], 2);
    assert_eq!(p["shift"], "day");
    assert_eq!(p["profile"], "car");
    // 07:40 → 10:00.
    assert_eq!(p["minutes"], 140.0);
    let km = p["distance_km"].as_f64().expect("km");
    assert!(km > 3.0 && km < 10.0, "{km}");
    let temp = routes
        .iter()
        .find(|f| f["properties"]["carer"] == "temp-north-day-1")
        .expect("the temp's route");
    assert_eq!(temp["properties"]["temp"], true);

    let first = visits
        .iter()
        .find(|f| f["properties"]["visit"] == "c1/v1/d0")
        .expect("visit c1");
    assert_eq!(first["geometry"]["type"], "Point");
    let lonlat: [f64; 2] =
        serde_json::from_value(first["geometry"]["coordinates"].clone()).expect("a position");
    assert_eq!(lonlat, [10.76, 59.915]);
    let q = &first["properties"];
    assert_eq!(q["seq"], 1);
    assert_eq!(q["carer"], "anna");
    assert_eq!(q["client"], "c1");
    assert_eq!(q["need"], "medium");
    assert_eq!(q["arrival"], "07:55");
    assert_eq!(q["start"], "08:00");
    assert_eq!(q["end"], "08:30");
    assert_eq!(q["minutes"], 30.0);
    assert_eq!(q["two_carer"], false);
    assert_eq!(q["colour"], p["colour"]);
    let second = visits
        .iter()
        .find(|f| f["properties"]["visit"] == "c2/v1/d0")
        .expect("visit c2");
    assert_eq!(second["properties"]["seq"], 2);

    let south = bases
        .iter()
        .find(|f| f["properties"]["team"] == "south")
        .expect("south base");
    let lonlat: [f64; 2] =
        serde_json::from_value(south["geometry"]["coordinates"].clone()).expect("a position");
    assert_eq!(lonlat, [10.76, 59.89]);
    // Different carers of a team get different colours.
    assert_ne!(anna["properties"]["colour"], temp["properties"]["colour"]);
}

/// Every `href="` / `src="` in `page` (none may be remote).
fn assert_offline(page: &str) {
    assert!(!page.contains("http://"), "http:// in the page");
    assert!(!page.contains("https://"), "https:// in the page");
    assert!(!page.contains("src="), "src= in the page");
    assert!(!page.contains("<link"), "<link in the page");
    assert!(!page.contains("@import"), "@import in the page");
    assert!(!page.contains("url("), "url( in the page");
    for (i, _) in page.match_indices("href=\"") {
        assert_eq!(&page[i + 6..i + 7], "#", "non-local href at {i}");
    }
}

#[test]
fn html_page_is_self_contained_with_maps_gantt_and_figures() {
    let plan = fixture(0.625);
    let roads = vec![
        vec![[10.745, 59.9], [10.755, 59.91]],
        // Far outside the map: left out.
        vec![[11.5, 60.5], [11.6, 60.6]],
    ];
    let page = html(&[("trust model", &plan)], &roads);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.trim_end().ends_with("</html>"));
    assert_offline(&page);
    assert!(page.contains("<svg"));
    assert!(page.contains("oslo-demo"));
    assert!(page.contains("tillitsmodellen"));
    assert!(page.contains("<td>42</td>"), "seed");

    // Roads: one defined drawing with one line, used by the map.
    assert_eq!(page.matches("id=\"roads-0\"").count(), 1);
    assert_eq!(page.matches("<use href=\"#roads-0\"/>").count(), 1);
    let start = page.find("id=\"roads-0\"").expect("roads");
    let d = &page[start..start + page[start..].find("/>").expect("end of the road path")];
    assert_eq!(d.matches('M').count(), 1, "{d}");

    // Map: 3 route lines, 4 visits, 2 bases.
    let map_start = page.find("<figure class=\"map\">").expect("a map");
    let map = &page[map_start..map_start + page[map_start..].find("</figure>").expect("end")];
    assert_eq!(map.matches("<circle").count(), 4);
    assert_eq!(map.matches("<path d=").count(), 3);
    assert_eq!(map.matches("width=\"10\" height=\"10\"").count(), 2);

    // Gantt: a row per carer, the temp marked.
    assert_eq!(page.matches("data-carer=").count(), 4);
    for carer in ["anna", "temp-north-day-1", "cai", "dag"] {
        assert_eq!(page.matches(&format!("data-carer=\"{carer}\"")).count(), 1);
    }
    assert_eq!(page.matches("data-temp=\"true\"").count(), 1);
    assert!(page.contains("temp-north-day-1 (vikar)"));
    assert_eq!(page.matches("<svg class=\"gantt\"").count(), 2);
    // 3 + 1 + 1 visit bars; anna's break.
    assert_eq!(page.matches("<rect class=\"vi\"").count(), 4);
    assert_eq!(page.matches("<rect class=\"br\"").count(), 1);
    assert!(page.contains("<title>break 10:00–10:30</title>"));
    assert!(page.contains("08:00–08:30, 30 min face to face"));
    // Two teams: both sections open.
    assert_eq!(page.matches("<details class=\"team\" open>").count(), 2);
    // The unplanned visit with its reason.
    assert!(page.contains("c5/v1/d0") && page.contains("no_carer"));

    // Key figures, formatted.
    assert!(page.contains("<td>62.5 %</td>"), "ATA share");
    assert!(page.contains("<td>12.5 %</td>"), "travel share");
    assert!(page.contains("<td>1.5 h</td>"), "waiting");
    assert!(page.contains("<td>1.25</td>"), "carers per client");
    assert!(page.contains("<td>50.0 %</td>"), "full-time share");
    assert!(page.contains("<td>8.0 h</td>"), "temp hours");
    assert!(page.contains("<td>0.3 h</td>"), "overtime");
    assert!(page.contains("<td>12 min</td>"), "lateness");
    assert!(page.contains("<td>3 / 4</td>"), "visits planned / total");
    assert!(page.contains("<td>12 346 kr</td>"), "cost");
    assert!(page.contains("<td>23.4 km</td>") || page.contains("<td>23.5 km</td>"));
    // Budget.
    assert!(page.contains("<td>7 200 kr</td>") && page.contains("<td>4 800 kr</td>"));
    assert!(page.contains("<td>20 000 kr</td>"), "frame");
    assert!(page.contains("<td class=\"good\">7 654 kr</td>"), "margin");
    assert!(page.contains("450 kr/h") && page.contains("600 kr/h"));
    // Equity.
    assert!(
        page.contains("the same need should get the same care wherever the client lives")
            || page.contains("The same need should get the same care wherever the client lives")
    );
    assert!(page.contains(">66.0</td>") && page.contains(">57.0</td>"));
    assert!(page.contains("<td>9.0 min/h</td>"), "equity spread 66 − 57");
    // Glossary.
    for word in [
        "<b>ATA</b>",
        "<b>Vedtak</b>",
        "<b>Heltid</b>",
        "<b>Vikar</b>",
    ] {
        assert!(page.contains(word), "{word}");
    }
    // No comparison for one plan.
    assert!(!page.contains("id=\"comparison\""));
}

#[test]
fn html_escapes_text_from_the_plan() {
    let mut plan = fixture(0.625);
    let evil = "<script>alert(1)</script>";
    plan.scenario = format!("a & b {evil}");
    plan.teams[1].id = format!("\"{evil}'");
    plan.teams[1].days[0].routes[0].carer = evil.into();
    plan.teams[1].days[0].routes[0].stops[0].visit = evil.into();
    plan.teams[0].days[0].unassigned[0].detail = evil.into();
    plan.kpis.equity[0].need = evil.into();
    let page = html(&[(evil, &plan)], &[]);
    assert!(!page.contains("<script"), "unescaped script tag");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("a &amp; b"));
    assert!(page.contains("data-carer=\"&lt;script&gt;alert(1)&lt;/script&gt;\""));
    assert!(page.contains("&quot;&lt;script&gt;alert(1)&lt;/script&gt;&#39;"));
    assert_offline(&page);
    // Without roads: no road drawing.
    assert!(!page.contains("roads-0"));
}

#[test]
fn comparison_page_has_both_models_and_the_difference() {
    let mut pp = fixture(0.55);
    pp.model = "purchaser_provider".into();
    pp.kpis.budget.total = 14000.0;
    // The purchaser-provider plan reaches further north: both maps still share one frame.
    pp.teams[0].days[0].routes[0].stops[1].location = [10.77, 59.95];
    pp.bbox[3] = 59.95;
    let trust = fixture(0.625);
    let roads = vec![vec![[10.745, 59.9], [10.755, 59.91]]];
    let page = html(
        &[("purchaser-provider", &pp), ("trust model", &trust)],
        &roads,
    );
    assert_offline(&page);
    assert!(page.contains("id=\"comparison\""));
    assert!(page.contains("<th>purchaser-provider</th><th>trust model</th>"));
    assert!(page.contains("<th>Difference (trust model − purchaser-provider)</th>"));
    // ATA share 55.0 % → 62.5 %: +7.5 pp, better.
    assert!(page.contains(
        "<tr><th class=\"l\">ATA share</th><td>55.0 %</td><td>62.5 %</td>\
         <td class=\"good\">+7.5 pp</td>"
    ));
    // Total cost 14 000 → 12 346: −1 654 kr, better.
    assert!(page.contains("<td class=\"good\">-1 654 kr</td>"));
    // Unchanged figures have a neutral difference.
    assert!(page.contains("<td>0.0 h</td>"));
    // Every row of the comparison table is explained.
    let start = page
        .find("<table class=\"compare\">")
        .expect("comparison table");
    let table = &page[start..start + page[start..].find("</table>").expect("end")];
    let table = &table[table.find("<tbody>").expect("body")..];
    let rows = table.matches("<tr><th class=\"l\">").count();
    assert!(rows >= 15, "{rows} rows");
    assert_eq!(table.matches("<td class=\"why\">").count(), rows);
    assert!(!table.contains("<td class=\"why\"></td>"));
    // Both maps (side by side), both models named; one road drawing for the shared frame.
    assert_eq!(page.matches("<figure class=\"map\">").count(), 2);
    assert_eq!(page.matches("<use href=\"#roads-0\"/>").count(), 2);
    assert_eq!(page.matches("id=\"roads-").count(), 1);
    let boxes: Vec<&str> = page
        .match_indices("<figure class=\"map\"><svg viewBox=\"")
        .map(|(i, m)| {
            let rest = &page[i + m.len()..];
            &rest[..rest.find('"').expect("end of the view box")]
        })
        .collect();
    assert_eq!(boxes.len(), 2);
    assert_eq!(boxes[0], boxes[1]);
    assert!(page.contains("bestiller-utf&#248;rer-modellen"));
    assert!(page.contains("tillitsmodellen"));
    // Both plans' Gantt charts.
    assert_eq!(page.matches("data-carer=\"anna\"").count(), 2);
}

/// 40 teams × 12 carers × 10 visits (4 800) on a road drawing of 100 000 segments: a page of
/// a few MB, team sections closed.
#[test]
fn large_page_stays_small() {
    let mut plan = fixture(0.6);
    let base_team = plan.teams[0].clone();
    plan.teams.clear();
    let mut seed = 12345_u64;
    let mut rnd = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let (lon0, lat0, span) = (10.6, 59.85, 0.2);
    for t in 0..40 {
        let base = [lon0 + span * rnd(), lat0 + span * rnd()];
        let mut routes = Vec::new();
        for c in 0..12 {
            let stops: Vec<StopOut> = (0..10)
                .map(|v| {
                    stop(
                        &format!("c{t}-{c}-{v}/v1/d0"),
                        &format!("c{t}-{c}-{v}"),
                        [base[0] + 0.02 * rnd(), base[1] + 0.02 * rnd()],
                        7 * H + v * 2400,
                        25,
                    )
                })
                .collect();
            let mut r = route(&format!("staff-{t}-{c}"), c == 11, base, stops);
            // Road-like geometry: 30 points per leg along a slightly wavy line.
            let mut path = Vec::new();
            for w in r.path.windows(2) {
                for k in 0..30 {
                    let f = k as f64 / 30.0;
                    path.push([
                        w[0][0] + f * (w[1][0] - w[0][0]) + 1e-6 * rnd(),
                        w[0][1] + f * (w[1][1] - w[0][1]),
                    ]);
                }
            }
            r.path = path;
            routes.push(r);
        }
        let mut team = base_team.clone();
        team.id = format!("team-{t}");
        team.base = base;
        team.days = vec![day(routes, Vec::new())];
        plan.teams.push(team);
    }
    plan.bbox = [lon0, lat0, lon0 + span + 0.02, lat0 + span + 0.02];
    let roads: Vec<Vec<[f64; 2]>> = (0..100_000)
        .map(|_| {
            let a = [lon0 + span * rnd(), lat0 + span * rnd()];
            vec![
                a,
                [a[0] + 0.002 * (rnd() - 0.5), a[1] + 0.001 * (rnd() - 0.5)],
            ]
        })
        .collect();
    let page = html(&[("trust model", &plan)], &roads);
    assert_offline(&page);
    assert_eq!(page.matches("data-carer=").count(), 480);
    assert_eq!(page.matches("<circle").count(), 4800);
    assert_eq!(page.matches("<details class=\"team\">").count(), 40);
    let mb = page.len() as f64 / 1e6;
    eprintln!("large page: {mb:.2} MB");
    assert!(mb < 6.0, "{mb:.2} MB");
    let value = geojson(&plan);
    assert_eq!(
        value["features"].as_array().map(Vec::len),
        Some(40 + 480 + 4800)
    );
}

#[test]
fn road_lines_of_the_helsinki_extract() {
    let graph = RoadGraph::from_osm(Path::new("data/helsinki_centre.osm.pbf"), Profile::Car)
        .expect("the embedded extract builds");
    let b = graph.stats.bbox;
    // The middle half of the graph's extent.
    let (w, h) = (b.max_lon - b.min_lon, b.max_lat - b.min_lat);
    let bbox = [
        b.min_lon + w / 4.0,
        b.min_lat + h / 4.0,
        b.max_lon - w / 4.0,
        b.max_lat - h / 4.0,
    ];
    let lines = road_lines(&graph, bbox);
    assert!(!lines.is_empty());
    let [x0, y0, x1, y1] = road_bbox(bbox);
    assert!(x0 < bbox[0] && y0 < bbox[1] && x1 > bbox[2] && y1 > bbox[3]);
    let inside = |p: &[f64; 2]| p[0] >= x0 && p[0] <= x1 && p[1] >= y0 && p[1] <= y1;
    let mut seen = HashSet::new();
    for line in &lines {
        assert_eq!(line.len(), 2);
        assert!(line.iter().all(inside), "{line:?} outside {bbox:?}");
        let key = |p: &[f64; 2]| (p[0].to_bits(), p[1].to_bits());
        let (a, b) = (key(&line[0]), key(&line[1]));
        assert_ne!(a, b);
        assert!(seen.insert((a.min(b), a.max(b))), "segment {line:?} twice");
    }
    // As many as the distinct undirected node pairs with both ends inside, counted here.
    let coords = &graph.coords;
    let ok = |i: u32| {
        let p = coords[i as usize];
        inside(&[p.lon, p.lat])
    };
    let pairs: HashSet<(u32, u32)> = graph
        .edges
        .iter()
        .filter(|e| e.from != e.to && ok(e.from) && ok(e.to))
        .map(|e| (e.from.min(e.to), e.from.max(e.to)))
        .collect();
    assert_eq!(lines.len(), pairs.len());
    // Fewer than all the graph's edges: the box cuts.
    assert!(lines.len() < graph.edges.len() / 2 + 1);

    // The whole graph's roads under a map of its box.
    let mut plan = fixture(0.6);
    plan.bbox = [b.min_lon, b.min_lat, b.max_lon, b.max_lat];
    let all = road_lines(&graph, plan.bbox);
    let page = html(&[("trust model", &plan)], &all);
    assert_offline(&page);
    assert!(page.contains("id=\"roads-0\""));
}
