//! The road graph built from hand-made OSM data (one case per rule), and golden counts for the
//! embedded Helsinki extract.

use std::path::Path;

use tillit::graph::RoadGraph;
use tillit::osm::{LatLon, OsmData, OsmWay, Profile};

/// Nodes 1..=n on a west–east line, 0.001° (~55 m at 60° N) apart.
fn line_nodes(n: i64) -> (Vec<i64>, Vec<LatLon>) {
    (1..=n)
        .map(|i| {
            (
                i,
                LatLon {
                    lat: 60.0,
                    lon: 25.0 + 0.001 * i as f64,
                },
            )
        })
        .unzip()
}

fn way(id: i64, refs: &[i64], tags: &[(&str, &str)]) -> OsmWay {
    OsmWay {
        id,
        refs: refs.to_vec(),
        tags: tags
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect(),
    }
}

fn osm(n: i64, ways: Vec<OsmWay>) -> OsmData {
    let (node_ids, node_coords) = line_nodes(n);
    OsmData {
        node_ids,
        node_coords,
        ways,
        blobs: 1,
    }
}

/// Directed edges as OSM id pairs, over the full graph (before the SCC restriction, we rebuild
/// with a return way where needed so that the SCC is the whole graph).
fn osm_edges(g: &RoadGraph) -> Vec<(i64, i64)> {
    let mut e: Vec<(i64, i64)> = g
        .edges
        .iter()
        .map(|e| (g.osm_ids[e.from as usize], g.osm_ids[e.to as usize]))
        .collect();
    e.sort_unstable();
    e
}

fn build(data: &OsmData, profile: Profile) -> Option<RoadGraph> {
    RoadGraph::build(data, profile, Path::new("hand-made")).ok()
}

#[test]
fn two_way_residential_gives_both_directions() {
    let g = build(
        &osm(3, vec![way(1, &[1, 2, 3], &[("highway", "residential")])]),
        Profile::Car,
    )
    .expect("usable");
    assert_eq!(osm_edges(&g), vec![(1, 2), (2, 1), (2, 3), (3, 2)]);
    // 0.001° of longitude at 60° N ≈ 55.6 m; residential is 25 km/h in the car table → ≈ 8.0 s.
    let e = g.edges[0];
    assert!(
        (f64::from(e.distance.0) / 100.0 - 55.6).abs() < 0.2,
        "{e:?}"
    );
    assert!(
        (f64::from(e.duration.0) / 1000.0 - 55.6 / (25.0 / 3.6)).abs() < 0.1,
        "{e:?}"
    );
}

#[test]
fn oneway_and_reverse_oneway_and_scc() {
    // A one-way loop 1→2→3 and back 3→1 via a reversed one-way way (oneway=-1 drawn 1→3).
    let data = osm(
        3,
        vec![
            way(
                1,
                &[1, 2, 3],
                &[("highway", "residential"), ("oneway", "yes")],
            ),
            way(2, &[1, 3], &[("highway", "residential"), ("oneway", "-1")]),
        ],
    );
    let g = build(&data, Profile::Car).expect("usable");
    assert_eq!(osm_edges(&g), vec![(1, 2), (2, 3), (3, 1)]);
    // On foot one-ways do not apply.
    let f = build(&data, Profile::Foot).expect("usable");
    assert_eq!(f.stats.scc_edges, 6);
}

#[test]
fn dead_end_oneway_spur_is_cut_by_the_scc() {
    // 1⇄2⇄3 two-way, then a one-way spur 3→4: node 4 cannot get back, so it leaves the SCC.
    let data = osm(
        4,
        vec![
            way(1, &[1, 2, 3], &[("highway", "residential")]),
            way(2, &[3, 4], &[("highway", "residential"), ("oneway", "yes")]),
        ],
    );
    let g = build(&data, Profile::Car).expect("usable");
    assert_eq!((g.stats.nodes, g.stats.edges), (4, 5));
    assert_eq!((g.stats.scc_nodes, g.stats.scc_edges), (3, 4));
    assert_eq!(g.stats.components, 2);
    assert!(!g.osm_ids.contains(&4));
}

#[test]
fn roundabout_is_oneway_for_cars() {
    let data = osm(
        3,
        vec![way(
            1,
            &[1, 2, 3, 1],
            &[("highway", "primary"), ("junction", "roundabout")],
        )],
    );
    let g = build(&data, Profile::Car).expect("usable");
    assert_eq!(osm_edges(&g), vec![(1, 2), (2, 3), (3, 1)]);
}

#[test]
fn access_tags_decide_car_access() {
    let blocked = osm(
        2,
        vec![way(
            1,
            &[1, 2],
            &[("highway", "residential"), ("motor_vehicle", "no")],
        )],
    );
    assert!(build(&blocked, Profile::Car).is_none());
    assert!(build(&blocked, Profile::Foot).is_some());
    let allowed = osm(
        2,
        vec![way(
            1,
            &[1, 2],
            &[
                ("highway", "residential"),
                ("access", "no"),
                ("motorcar", "yes"),
            ],
        )],
    );
    assert_eq!(
        build(&allowed, Profile::Car).map(|g| g.stats.scc_edges),
        Some(2)
    );
}

#[test]
fn maxspeed_sets_car_speed() {
    let data = osm(
        2,
        vec![way(
            1,
            &[1, 2],
            &[("highway", "primary"), ("maxspeed", "NO:urban")],
        )],
    );
    let g = build(&data, Profile::Car).expect("usable");
    let speed = |g: &RoadGraph| {
        let e = g.edges[0];
        f64::from(e.distance.0) / f64::from(e.duration.0) * 36.0 // cm/ms → km/h
    };
    let urban = speed(&g);
    let data = osm(
        2,
        vec![way(
            1,
            &[1, 2],
            &[("highway", "primary"), ("maxspeed", "30 mph")],
        )],
    );
    let mph = speed(&build(&data, Profile::Car).expect("usable"));
    // NO:urban is 50 km/h, 30 mph is 48.3 km/h: whatever reduction the profile applies to posted
    // limits, it applies to both, so their ratio survives.
    assert!(
        (urban / mph - 50.0 / 48.28).abs() < 0.01,
        "{urban} vs {mph}"
    );
    assert!(urban <= 50.0 + 1e-6);
}

#[test]
fn steps_and_footways_are_for_pedestrians_only() {
    let steps = osm(2, vec![way(1, &[1, 2], &[("highway", "steps")])]);
    assert!(build(&steps, Profile::Car).is_none());
    assert!(build(&steps, Profile::Bike).is_none());
    assert_eq!(
        build(&steps, Profile::Foot).map(|g| g.stats.scc_edges),
        Some(2)
    );
    let footway = osm(2, vec![way(1, &[1, 2], &[("highway", "footway")])]);
    assert!(build(&footway, Profile::Car).is_none());
    assert!(build(&footway, Profile::Foot).is_some());
}

#[test]
fn missing_nodes_drop_their_segments_and_are_counted() {
    let data = osm(
        3,
        vec![way(1, &[1, 2, 99, 3], &[("highway", "residential")])],
    );
    let g = build(&data, Profile::Car).expect("usable");
    assert_eq!(g.stats.missing_node_refs, 2);
    assert_eq!(osm_edges(&g), vec![(1, 2), (2, 1)]);
}

#[test]
fn no_usable_way_is_a_clear_error() {
    let data = osm(2, vec![way(1, &[1, 2], &[("highway", "footway")])]);
    let err =
        RoadGraph::build(&data, Profile::Car, Path::new("x.osm.pbf")).expect_err("no car road");
    assert_eq!(
        err.to_string(),
        "x.osm.pbf: no road usable by profile `car` in this extract"
    );
}

/// Golden counts for the embedded extract; a change here means the OSM rules changed: check the
/// difference and update deliberately.
#[test]
fn helsinki_golden_counts() {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/helsinki_centre.osm.pbf"
    ));
    let data = tillit::osm::read_pbf(path).expect("embedded extract reads");
    assert_eq!(data.node_ids.len(), GOLDEN_OSM.0, "nodes in file");
    assert_eq!(data.ways.len(), GOLDEN_OSM.1, "highway ways in file");
    for (profile, want) in GOLDEN {
        let g = RoadGraph::build(&data, profile, path).expect("builds");
        let s = &g.stats;
        assert_eq!(
            (s.usable_ways, s.nodes, s.edges, s.scc_nodes, s.scc_edges),
            want,
            "{profile}: (usable_ways, nodes, edges, scc_nodes, scc_edges)"
        );
    }
}

/// Nodes and `highway` ways as counted independently with pyosmium (../shared/data/osm/SOURCES.md).
const GOLDEN_OSM: (usize, usize) = (24_260, 2_650);
/// (usable_ways, nodes, edges, scc_nodes, scc_edges) per profile.
type Counts = (usize, usize, usize, usize, usize);
const GOLDEN: [(Profile, Counts); 3] = [
    (Profile::Car, (929, 1_925, 2_974, 1_679, 2_645)),
    (Profile::Bike, (1_875, 5_229, 11_466, 4_646, 10_482)),
    (Profile::Foot, (2_400, 6_128, 14_860, 5_973, 14_590)),
];
