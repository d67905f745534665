//! Contraction hierarchy and many-to-many queries (src/graph/ch.rs) against a plain multi-seed
//! Dijkstra (tests/common/dijkstra.rs): random sparse graphs with the awkward cases (parallel
//! edges, self loops, zero weights, unreachable parts, duplicate and empty seeds), road-like
//! graphs with long degree-2 chains, hand-made graphs with explained answers, and determinism.

mod common;

use common::dijkstra;
use common::synthetic::road_like;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tillit::graph::ch::{ChParams, ContractionHierarchy, Direction};
use tillit::units::{Centimetres, Cost, Millis};

type Seeds = Vec<Vec<(u32, Cost)>>;

fn to_u64(seeds: &Seeds) -> Vec<Vec<(u32, u64)>> {
    seeds
        .iter()
        .map(|s| s.iter().map(|&(v, c)| (v, c.0)).collect())
        .collect()
}

/// Asserts `ch.many_to_many` equals the reference matrix, naming the case and the first
/// differing pair.
fn assert_matches(
    what: &str,
    n: usize,
    edges: &[(u32, u32, Cost)],
    ch: &ContractionHierarchy,
    sources: &Seeds,
    targets: &Seeds,
) {
    let got = ch.many_to_many(sources, targets);
    let plain: Vec<(u32, u32, u64)> = edges.iter().map(|&(u, v, c)| (u, v, c.0)).collect();
    let want = dijkstra::matrix(n, &plain, &to_u64(sources), &to_u64(targets));
    assert_eq!(got.len(), want.len(), "{what}: matrix size");
    let nt = targets.len();
    let graph = if edges.len() <= 200 {
        format!("{n} nodes, edges {edges:?}")
    } else {
        format!(
            "{n} nodes, {} edges (regenerate from the seed)",
            edges.len()
        )
    };
    for (k, (g, w)) in got.iter().zip(&want).enumerate() {
        let (i, j) = (k / nt, k % nt);
        assert_eq!(
            g.0, *w,
            "{what}: source {i} {:?} -> target {j} {:?}: got {g:?}, reference Cost({w}); \
             graph: {graph}",
            sources[i], targets[j]
        );
    }
}

/// A random sparse directed graph: parallel edges, self loops, zero weights, small and packed
/// (ms, cm) costs; sparse enough to leave nodes unreachable.
fn random_graph(rng: &mut ChaCha8Rng, max_nodes: usize) -> (usize, Vec<(u32, u32, Cost)>) {
    let n = rng.random_range(1..=max_nodes);
    let m = rng.random_range(0..=3 * n);
    let packed = rng.random_bool(0.5);
    let edges = (0..m)
        .map(|_| {
            let u = rng.random_range(0..n as u32);
            let v = if rng.random_bool(0.05) {
                u
            } else {
                rng.random_range(0..n as u32)
            };
            let c = if rng.random_bool(0.1) {
                0
            } else if packed {
                Cost::new(
                    Millis(rng.random_range(0..5_000)),
                    Centimetres(rng.random_range(0..10_000)),
                )
                .0
            } else {
                rng.random_range(1..10)
            };
            (u, v, Cost(c))
        })
        .collect();
    (n, edges)
}

/// `count` random seed sets over `n` nodes: 0–3 seeds each (so some are empty), with repeated
/// nodes and zero or positive costs.
fn random_seeds(rng: &mut ChaCha8Rng, n: usize, count: usize) -> Seeds {
    (0..count)
        .map(|_| {
            let k = rng.random_range(0..=3);
            let mut s: Vec<(u32, Cost)> = (0..k)
                .map(|_| {
                    let c = if rng.random_bool(0.5) {
                        0
                    } else {
                        rng.random_range(0..20)
                    };
                    (rng.random_range(0..n as u32), Cost(c))
                })
                .collect();
            if k > 0 && rng.random_bool(0.2) {
                let dup = (s[0].0, Cost(s[0].1.0 + 1));
                s.push(dup); // the same node again, more expensive: must not win
            }
            s
        })
        .collect()
}

#[test]
fn random_graphs_match_dijkstra() {
    // Many small graphs, then fewer larger ones (deeper hierarchies, more rounds).
    for seed in 0..450u64 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let max_nodes = if seed < 400 { 40 } else { 400 };
        let (n, edges) = random_graph(&mut rng, max_nodes);
        let (ns, nt) = (rng.random_range(0..=8), rng.random_range(0..=8));
        let sources = random_seeds(&mut rng, n, ns);
        let targets = random_seeds(&mut rng, n, nt);
        let ch = ContractionHierarchy::build(n, &edges, &ChParams::default());
        assert_matches(&format!("seed {seed}"), n, &edges, &ch, &sources, &targets);
    }
}

#[test]
fn tiny_witness_limits_only_add_shortcuts() {
    // With a settled limit of 0 or 1 almost no witness is found: many superfluous shortcuts,
    // distances unchanged.
    for seed in 1000..1150u64 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let (n, edges) = random_graph(&mut rng, 40);
        let sources = random_seeds(&mut rng, n, 6);
        let targets = random_seeds(&mut rng, n, 6);
        for limit in [0, 1, 3] {
            let params = ChParams {
                witness_settled_limit: limit,
                ..ChParams::default()
            };
            let ch = ContractionHierarchy::build(n, &edges, &params);
            assert_matches(
                &format!("seed {seed}, limit {limit}"),
                n,
                &edges,
                &ch,
                &sources,
                &targets,
            );
        }
    }
}

#[test]
fn priority_weights_do_not_change_distances() {
    let variants = [
        ChParams {
            level_weight: 0,
            ..ChParams::default()
        },
        ChParams {
            edge_quotient_weight: 0,
            hop_quotient_weight: 0,
            contracted_neighbours_weight: 0,
            level_weight: 0,
            ..ChParams::default()
        },
        ChParams {
            contracted_neighbours_weight: 500,
            ..ChParams::default()
        },
    ];
    for seed in 2000..2100u64 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let (n, edges) = random_graph(&mut rng, 40);
        let sources = random_seeds(&mut rng, n, 5);
        let targets = random_seeds(&mut rng, n, 5);
        for (k, params) in variants.iter().enumerate() {
            let ch = ContractionHierarchy::build(n, &edges, params);
            assert_matches(
                &format!("seed {seed}, params {k}"),
                n,
                &edges,
                &ch,
                &sources,
                &targets,
            );
        }
    }
}

#[test]
fn road_like_graphs_match_dijkstra() {
    for seed in 0..3u64 {
        let (n, edges) = road_like(20, seed);
        let mut rng = ChaCha8Rng::seed_from_u64(100 + seed);
        let sources = random_seeds(&mut rng, n, 25);
        let targets = random_seeds(&mut rng, n, 25);
        let ch = ContractionHierarchy::build(n, &edges, &ChParams::default());
        assert!(
            ch.stats().shortcuts > 0,
            "road-like seed {seed}: chains must be bridged by shortcuts"
        );
        assert_matches(
            &format!("road-like seed {seed}"),
            n,
            &edges,
            &ch,
            &sources,
            &targets,
        );
    }
}

fn single(nodes: &[u32]) -> Seeds {
    nodes.iter().map(|&v| vec![(v, Cost(0))]).collect()
}

#[test]
fn directed_cycle_needs_two_shortcuts() {
    // 0 → 1 → 2 → 3 → 0, each cost 1. Whichever node goes first, its only in-neighbour reaches
    // its only out-neighbour through it alone: one shortcut, leaving a 3-cycle; the same again
    // leaves a 2-cycle u ⇄ w, whose contraction needs nothing (u → w → u is a loop). So exactly
    // two shortcuts in any order. Distances: i → j costs (j − i) mod 4.
    let edges: Vec<(u32, u32, Cost)> = (0..4).map(|i| (i, (i + 1) % 4, Cost(1))).collect();
    let ch = ContractionHierarchy::build(4, &edges, &ChParams::default());
    assert_eq!(ch.stats().shortcuts, 2);
    let all = single(&[0, 1, 2, 3]);
    let m = ch.many_to_many(&all, &all);
    for i in 0..4u64 {
        for j in 0..4u64 {
            assert_eq!(m[(i * 4 + j) as usize], Cost((j + 4 - i) % 4), "{i} -> {j}");
        }
    }
}

#[test]
fn witness_makes_shortcut_unnecessary() {
    // 0 → 1 → 2 costs 1 + 1 = 2, and 0 → 2 directly costs 2 (a tie counts as a witness).
    // Contracting 1 finds the witness 0 → 2; contracting 0 or 2 first has no in- or
    // out-neighbour pair at all. So no shortcut in any order.
    let edges = [(0, 1, Cost(1)), (1, 2, Cost(1)), (0, 2, Cost(2))];
    let ch = ContractionHierarchy::build(3, &edges, &ChParams::default());
    assert_eq!(ch.stats().shortcuts, 0);
    let m = ch.many_to_many(&single(&[0]), &single(&[0, 1, 2]));
    assert_eq!(m, vec![Cost(0), Cost(1), Cost(2)]);
    // Nothing leaves 2.
    let back = ch.many_to_many(&single(&[2]), &single(&[0, 1]));
    assert_eq!(back, vec![Cost::INF, Cost::INF]);
}

#[test]
fn ties_through_nodes_contracted_together_keep_their_shortcuts() {
    // u=0, x=1, w=2, y=3, v1=4, v2=5. Two parallel two-edge routes u → v1 → w and x → v2 → y,
    // each cost 1 + 1 = 2, with zero-cost links u ⇄ x and w ⇄ y. Contracting v1 or v2 needs no
    // shortcut (a witness through the other route costs 0 + 2 + 0, not more), so both have the
    // lowest priority, are not adjacent, and are contracted in the same round. If a witness of
    // equal cost were accepted, each would rely on the other and neither would add its shortcut:
    // u could no longer reach w. Witnesses must therefore be strictly cheaper. Every pair
    // {u, x} → {w, y} costs 2; nothing leads back.
    let edges = [
        (0, 4, Cost(1)),
        (4, 2, Cost(1)),
        (1, 5, Cost(1)),
        (5, 3, Cost(1)),
        (0, 1, Cost(0)),
        (1, 0, Cost(0)),
        (2, 3, Cost(0)),
        (3, 2, Cost(0)),
    ];
    let ch = ContractionHierarchy::build(6, &edges, &ChParams::default());
    let m = ch.many_to_many(&single(&[0, 1]), &single(&[2, 3]));
    assert_eq!(m, vec![Cost(2); 4]);
    let back = ch.many_to_many(&single(&[2, 3]), &single(&[0, 1]));
    assert_eq!(back, vec![Cost::INF; 4]);
}

#[test]
fn equal_durations_are_broken_by_distance() {
    // Two routes 0 → 3, both 10 s: via 1 it is 100 m, via 2 it is 90 m. The packed cost orders
    // by duration then distance, so the answer is (10 000 ms, 9 000 cm). A third route via 4 is
    // 1 m long but 1 ms slower: it loses despite the distance.
    let c = |ms, cm| Cost::new(Millis(ms), Centimetres(cm));
    let edges = [
        (0, 1, c(5_000, 5_000)),
        (1, 3, c(5_000, 5_000)),
        (0, 2, c(4_000, 4_000)),
        (2, 3, c(6_000, 5_000)),
        (0, 4, c(5_000, 50)),
        (4, 3, c(5_001, 50)),
    ];
    let ch = ContractionHierarchy::build(5, &edges, &ChParams::default());
    assert_eq!(
        ch.many_to_many(&single(&[0]), &single(&[3])),
        vec![c(10_000, 9_000)]
    );
}

#[test]
fn seeds_parallel_edges_loops_and_empty_sets() {
    // Line 0 → 1 → 2 → 3 with costs 10, 10, 10; a parallel 0 → 1 of cost 4 (the cheaper one
    // counts) and a loop at 2 (ignored).
    let edges = [
        (0, 1, Cost(10)),
        (0, 1, Cost(4)),
        (1, 2, Cost(10)),
        (2, 2, Cost(0)),
        (2, 3, Cost(10)),
    ];
    let ch = ContractionHierarchy::build(4, &edges, &ChParams::default());
    // Source A starts at 0 with 0 and at 2 with 15: to 3 it is min(4+10+10, 15+10) = 24;
    // to 2: min(14, 15) = 14. Target X is reached at 3 with +1 or at 1 with +100:
    // from A: min(24 + 1, 4 + 100) = 25. Source B has no seeds: an INF row.
    let sources: Seeds = vec![vec![(0, Cost(0)), (2, Cost(15))], vec![]];
    let targets: Seeds = vec![
        vec![(2, Cost(0))],
        vec![(3, Cost(1)), (1, Cost(100))],
        vec![],
    ];
    let m = ch.many_to_many(&sources, &targets);
    assert_eq!(
        m,
        vec![
            Cost(14),
            Cost(25),
            Cost::INF,
            Cost::INF,
            Cost::INF,
            Cost::INF
        ]
    );
    assert!(ch.many_to_many(&[], &targets).is_empty());
    assert!(ch.many_to_many(&sources, &[]).is_empty());
}

#[test]
fn huge_seed_costs_saturate_to_inf() {
    // A seed cost close to u64::MAX plus a path cost overflows: the result must be INF (or the
    // exact value when it fits), never a wrapped small number.
    let edges = [(0, 1, Cost(5))];
    let ch = ContractionHierarchy::build(2, &edges, &ChParams::default());
    let m = ch.many_to_many(
        &[vec![(0, Cost(u64::MAX - 3))]],
        &[vec![(1, Cost(0))], vec![(0, Cost(2))]],
    );
    assert_eq!(m, vec![Cost::INF, Cost(u64::MAX - 1)]);
}

#[test]
fn empty_graph_and_isolated_nodes() {
    let ch = ContractionHierarchy::build(3, &[], &ChParams::default());
    let m = ch.many_to_many(&single(&[0, 1]), &single(&[0, 2]));
    assert_eq!(m, vec![Cost(0), Cost::INF, Cost::INF, Cost::INF]);
    let none = ContractionHierarchy::build(0, &[], &ChParams::default());
    assert!(none.many_to_many(&[vec![]], &[vec![]]) == vec![Cost::INF]);
}

#[test]
fn build_is_deterministic_across_runs_and_thread_counts() {
    let (n, edges) = road_like(25, 7);
    let a = ContractionHierarchy::build(n, &edges, &ChParams::default());
    let b = ContractionHierarchy::build(n, &edges, &ChParams::default());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    let c = pool.install(|| ContractionHierarchy::build(n, &edges, &ChParams::default()));
    assert!(a == b, "two builds differ");
    assert!(a == c, "a one-thread build differs");
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let s = random_seeds(&mut rng, n, 30);
    let t = random_seeds(&mut rng, n, 30);
    let ma = a.many_to_many(&s, &t);
    assert_eq!(ma, pool.install(|| c.many_to_many(&s, &t)));
}

#[test]
fn search_spaces_are_small_on_road_like_graphs() {
    // Not a correctness property but a guard against a degenerate ordering: on a ~2 400-node
    // road-like graph an upward search should settle well under a tenth of the nodes.
    let (n, edges) = road_like(20, 11);
    let ch = ContractionHierarchy::build(n, &edges, &ChParams::default());
    let mut total = 0;
    for v in (0..n as u32).step_by(37) {
        total += ch.search_space_size(&[(v, Cost(0))], Direction::Forward);
        total += ch.search_space_size(&[(v, Cost(0))], Direction::Backward);
    }
    let samples = 2 * n.div_ceil(37);
    let mean = total / samples;
    assert!(mean * 10 < n, "mean search space {mean} of {n} nodes");
}

#[test]
#[should_panic(expected = "names a node >= num_nodes")]
fn edge_beyond_node_count_is_rejected() {
    ContractionHierarchy::build(2, &[(0, 2, Cost(1))], &ChParams::default());
}

#[test]
#[should_panic(expected = "target 1: seed node 9 out of range")]
fn seed_beyond_node_count_is_rejected() {
    let ch = ContractionHierarchy::build(2, &[(0, 1, Cost(1))], &ChParams::default());
    ch.many_to_many(&single(&[0]), &single(&[1, 9]));
}
