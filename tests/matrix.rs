//! Differential tests of snapping and the many-to-many matrix against plain references
//! (tests/common): random road networks, and the embedded Helsinki extract.

mod common;

use common::road as reference;

use std::path::Path;

use tillit::graph::RoadGraph;
use tillit::graph::geo::haversine_m;
use tillit::matrix::{MatrixParams, Router};
use tillit::osm::{LatLon, Profile};
use tillit::units::{Cost, Millis};

const HELSINKI: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/helsinki_centre.osm.pbf");

fn helsinki(profile: Profile) -> RoadGraph {
    RoadGraph::from_osm(Path::new(HELSINKI), profile).expect("embedded extract builds")
}

fn assert_matches_reference(router: &Router, points: &[LatLon], params: &MatrixParams, what: &str) {
    let m = router.matrix(points, params);
    let expected =
        reference::reference_matrix(router.graph(), router.snap_index(), &m.snaps, params);
    let n = points.len();
    let mut checked = 0;
    for i in 0..n {
        for j in 0..n {
            let got = m.get(i, j);
            let want = expected[i * n + j];
            assert_eq!(
                got, want,
                "{what}: pair ({i},{j}) from {:?} to {:?}: got {got:?}, reference {want:?}; snaps {:?} / {:?}",
                points[i], points[j], m.snaps[i], m.snaps[j]
            );
            checked += usize::from(got.is_some());
        }
    }
    assert!(checked > 0, "{what}: no reachable pair was compared");
}

#[test]
fn matrix_equals_reference_dijkstra_on_random_networks() {
    for seed in 0..25u64 {
        for profile in [Profile::Car, Profile::Foot] {
            let osm = reference::random_osm(seed, 12);
            let Ok(graph) = RoadGraph::build(&osm, profile, Path::new("random")) else {
                continue; // no usable way for this profile in this draw
            };
            let points = reference::random_points(seed + 1000, &graph, 40);
            let router = Router::new(graph);
            let params = MatrixParams {
                snap_radius_m: 60.0,
                stop_overhead: Millis(if seed % 2 == 0 { 0 } else { 90_000 }),
            };
            assert_matches_reference(&router, &points, &params, &format!("seed {seed} {profile}"));
        }
    }
}

#[test]
fn points_on_one_segment_and_at_the_same_spot() {
    // Several points snapped onto the same segments, some at the same position, exercise the
    // direct-along-the-segment rule and zero-cost pairs.
    let osm = reference::random_osm(7, 6);
    let graph = RoadGraph::build(&osm, Profile::Car, Path::new("random")).expect("usable");
    let e = graph.edges[graph.edges.len() / 2];
    let (a, b) = (graph.coords[e.from as usize], graph.coords[e.to as usize]);
    let along = |t: f64| LatLon {
        lat: a.lat + t * (b.lat - a.lat),
        lon: a.lon + t * (b.lon - a.lon),
    };
    let points = vec![
        along(0.2),
        along(0.7),
        along(0.2),
        along(0.5),
        along(0.95),
        along(0.05),
    ];
    let router = Router::new(graph);
    assert_matches_reference(&router, &points, &MatrixParams::default(), "one segment");
}

#[test]
fn matrix_equals_reference_dijkstra_on_helsinki() {
    for (profile, seed) in [(Profile::Car, 1u64), (Profile::Bike, 2), (Profile::Foot, 3)] {
        let graph = helsinki(profile);
        let points = reference::random_points(seed, &graph, 60);
        let router = Router::new(graph);
        assert_matches_reference(
            &router,
            &points,
            &MatrixParams::default(),
            &format!("Helsinki {profile}"),
        );
    }
}

#[test]
fn snapping_equals_brute_force_nearest_segment() {
    let graph = helsinki(Profile::Car);
    let points = reference::random_points(42, &graph, 400);
    let router = Router::new(graph);
    let index = router.snap_index();
    let proj = index.projection();
    let coords = &router.graph().coords;
    for p in &points {
        let s = index
            .snap(*p, f64::INFINITY)
            .expect("an infinite radius always snaps");
        let q = proj.project(*p);
        let brute = index
            .segments()
            .iter()
            .map(|seg| {
                reference::point_segment_dist2(
                    q,
                    proj.project(coords[seg.a as usize]),
                    proj.project(coords[seg.b as usize]),
                )
            })
            .fold(f64::INFINITY, f64::min);
        let seg = index.segment(s.segment);
        let chosen = reference::point_segment_dist2(
            q,
            proj.project(coords[seg.a as usize]),
            proj.project(coords[seg.b as usize]),
        );
        assert!(
            (chosen - brute).abs() <= 1e-6 * brute.max(1.0),
            "point {p:?}: snapped to a segment at {} m, the nearest is at {} m",
            chosen.sqrt(),
            brute.sqrt()
        );
        // The reported distance is the great-circle distance to the snapped position.
        assert!((s.distance_m - haversine_m(*p, s.position)).abs() < 1e-9);
        assert!((s.distance_m - brute.sqrt()).abs() < 0.01 * brute.sqrt().max(1.0));
    }
}

#[test]
fn points_beyond_the_radius_are_unsnapped_not_dropped() {
    let router = Router::new(helsinki(Profile::Car));
    let points = [
        LatLon {
            lat: 60.170,
            lon: 24.945,
        },
        LatLon {
            lat: 60.100,
            lon: 24.945,
        }, // ~7 km south, in the sea
        LatLon {
            lat: 60.172,
            lon: 24.948,
        },
    ];
    let m = router.matrix(&points, &MatrixParams::default());
    assert!(m.snaps[0].is_some() && m.snaps[2].is_some());
    assert!(m.snaps[1].is_none());
    for k in 0..3 {
        assert_eq!(m.get(1, k), None);
        assert_eq!(m.get(k, 1), None);
    }
    assert_eq!(m.get(0, 0), Some(Cost(0)));
    assert!(m.get(0, 2).is_some_and(|c| c.duration().0 > 0));
}

#[test]
fn no_travel_time_below_crow_fly_at_top_speed() {
    for profile in [Profile::Car, Profile::Bike, Profile::Foot] {
        let graph = helsinki(profile);
        let top_mps = profile.max_speed_kmh() / 3.6;
        assert!(
            graph.stats.max_speed_kmh <= profile.max_speed_kmh() + 0.5,
            "{profile}: an edge is faster ({} km/h) than the profile's top speed",
            graph.stats.max_speed_kmh
        );
        let points = reference::random_points(9, &graph, 120);
        let router = Router::new(graph);
        let m = router.matrix(&points, &MatrixParams::default());
        for i in 0..points.len() {
            for j in 0..points.len() {
                let (Some(c), Some(si), Some(sj)) = (m.get(i, j), m.snaps[i], m.snaps[j]) else {
                    continue;
                };
                let crow = haversine_m(si.position, sj.position);
                // 1 ms of rounding per edge is the only slack.
                assert!(
                    c.seconds() + 0.5 >= crow / top_mps,
                    "{profile}: {i}->{j} takes {} s for {crow} m crow-fly",
                    c.seconds()
                );
                assert!(
                    c.metres() + 1.0 >= crow,
                    "{profile}: path shorter than crow-fly"
                );
            }
        }
    }
}

#[test]
fn same_input_gives_identical_matrix() {
    let g1 = helsinki(Profile::Car);
    let points = reference::random_points(5, &g1, 80);
    let m1 = Router::new(g1).matrix(&points, &MatrixParams::default());
    let m2 = Router::new(helsinki(Profile::Car)).matrix(&points, &MatrixParams::default());
    assert_eq!(m1, m2);
}

/// The municipality-scale extract from ../shared (skipped with a message when absent): the
/// matrix between 40 points equals the reference on a 17 k-node car graph and a foot graph.
#[test]
fn matrix_equals_reference_dijkstra_on_liechtenstein() {
    let path = std::env::var_os("TILLIT_SHARED_DATA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"))
        .join("osm/liechtenstein.osm.pbf");
    if !path.exists() {
        eprintln!(
            "SKIP matrix_equals_reference_dijkstra_on_liechtenstein: {} not found",
            path.display()
        );
        return;
    }
    let data = tillit::osm::read_pbf(&path).expect("shared extract reads");
    for (profile, seed) in [(Profile::Car, 11u64), (Profile::Foot, 12)] {
        let graph = RoadGraph::build(&data, profile, &path).expect("builds");
        let points = reference::random_points(seed, &graph, 40);
        let router = Router::new(graph);
        assert_matches_reference(
            &router,
            &points,
            &MatrixParams::default(),
            &format!("Liechtenstein {profile}"),
        );
    }
}

/// The library reports which points did not snap, and refuses a set of which none snapped
/// with an input error naming the points file and the likely cause.
#[test]
fn snap_checked_reports_unsnapped_points_and_refuses_when_none_snap() {
    let router = Router::new(helsinki(Profile::Car));
    let params = MatrixParams::default();
    let (pts, osm) = (Path::new("pts.csv"), Path::new(HELSINKI));
    let inside = LatLon {
        lat: 60.170,
        lon: 24.945,
    };
    let south = LatLon {
        lat: 60.100,
        lon: 24.945,
    };
    let (snaps, report) = router
        .snap_checked(&[south, inside, south], &params, pts, osm)
        .expect("one point snaps");
    assert_eq!(report.points, 3);
    assert_eq!(report.unsnapped, [0, 2]);
    assert!(snaps[1].is_some());
    let swapped = LatLon {
        lat: inside.lon,
        lon: inside.lat,
    };
    let err = router
        .snap_checked(&[swapped, swapped], &params, pts, osm)
        .expect_err("no point snaps");
    assert!(err.is_input());
    let msg = err.to_string();
    for needle in [
        "pts.csv",
        "none of the 2 point(s)",
        "500 m",
        "`car`",
        "swapped",
    ] {
        assert!(msg.contains(needle), "{msg:?} lacks {needle:?}");
    }
    let err = router
        .snap_checked(&[], &params, pts, osm)
        .expect_err("no points");
    assert!(
        err.is_input() && err.to_string().contains("no points"),
        "{err}"
    );
}
