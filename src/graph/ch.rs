//! Contraction hierarchy and bucket-based many-to-many queries.
//!
//! Preparation follows Geisberger, Sanders, Schultes and Delling, *Contraction Hierarchies:
//! Faster and Simpler Hierarchical Routing in Road Networks* (WEA 2008). Contracting a node `v`
//! removes it from the remaining graph and adds a shortcut `u → w` for each pair of neighbours
//! whose shortest connection may run through `v`, unless a bounded *witness search* finds a
//! strictly cheaper path `u → w` avoiding `v`. A witness search that gives up early
//! (settled-node limit) only adds a superfluous shortcut, never a wrong distance.
//!
//! The order comes from priorities that combine the ratio of added to removed arcs, the ratio
//! of the original edges they stand for ("hops"), the search-space depth (level) and the number
//! of contracted neighbours: the paper's edge-difference / deleted-neighbours / depth terms in
//! the quotient form of RoutingKit (Dibbelt, Strasser and Wagner, *Customizable Contraction
//! Hierarchies*, 2014). Nodes are contracted in rounds, as in Vetter, *Parallel Time-Dependent
//! Contraction Hierarchies* (2009): each round takes every node whose priority is smaller than
//! all its neighbours' (an independent set), re-evaluates it (the lazy update of Geisberger et
//! al., section 3.2: a node whose fresh priority no longer wins waits), contracts the rest at
//! once and recomputes the neighbours' priorities. Long chains of degree-2 nodes, common
//! because every OSM node of a way is kept, melt away in a few rounds: a fixed hash of the id
//! breaks ties between their equal priorities.
//!
//! After contraction the nodes are renumbered by rank and the upward arcs are stored in two
//! compressed (CSR) arrays: forward arcs `v → w` with `rank(w) > rank(v)` and backward arcs
//! `u → v` with `rank(u) > rank(v)`.
//!
//! Many-to-many queries use the bucket algorithm of Knopp, Sanders, Schultes, Schulz and Wagner,
//! *Computing Many-to-Many Shortest Paths Using Highway Hierarchies* (ALENEX 2007), as adapted to
//! contraction hierarchies by Geisberger et al. (2008): a backward upward search from every
//! target leaves `(target, distance)` entries in per-node buckets; a forward upward search from
//! every source scans the buckets of the nodes it settles. Both searches use *stall-on-demand*
//! (Schultes and Sanders, *Dynamic Highway-Node Routing*, WEA 2007) to prune nodes reached
//! sub-optimally.
//!
//! Everything is deterministic whatever the number of threads: ties are broken by a fixed hash
//! and the node id, no hash-map iteration drives a decision, and the parallel parts (witness
//! searches, query searches) compute independent values on unchanged data, collected and
//! applied in a fixed order.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Mutex;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::units::Cost;

const INF: u64 = u64::MAX;

/// Tuning of the contraction (Geisberger et al. 2008, section 3: node ordering and witness
/// search). The defaults suit road graphs of 10⁴–10⁶ nodes; every value gives correct distances,
/// only preparation time and query speed change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChParams {
    /// A witness search stops after settling this many nodes. Higher values find more witnesses
    /// (fewer shortcuts, faster queries) at the price of a longer preparation; lower values add
    /// superfluous shortcuts, which slow queries and, in the dense core, preparation too.
    pub witness_settled_limit: usize,
    /// Weight of the search-space depth (level) in the priority. Higher values contract the
    /// graph in more uniform layers (shallower hierarchy, smaller query search spaces); too high
    /// ignores the edge difference and adds shortcuts.
    pub level_weight: u64,
    /// Weight (per mille of a unit) of the quotient *added arcs / removed arcs*: the edge
    /// difference term. Higher values keep the hierarchy sparse.
    pub edge_quotient_weight: u64,
    /// Weight (per mille of a unit) of the quotient *original edges represented by the added
    /// arcs / by the removed arcs*. Higher values avoid long shortcuts early.
    pub hop_quotient_weight: u64,
    /// Weight of the number of already contracted neighbours (spreads contraction uniformly
    /// over the graph).
    pub contracted_neighbours_weight: u64,
}

impl Default for ChParams {
    fn default() -> Self {
        ChParams {
            witness_settled_limit: 100,
            level_weight: 1000,
            edge_quotient_weight: 1000,
            hop_quotient_weight: 1000,
            contracted_neighbours_weight: 0,
        }
    }
}

/// Counts describing a prepared hierarchy: the shortcut overhead and depth that Geisberger et al.
/// (2008, section 5) report to compare node orderings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ChStats {
    /// Nodes.
    pub nodes: usize,
    /// Edges given to [`ContractionHierarchy::build`].
    pub input_edges: usize,
    /// Edges kept: self loops and edges of infinite cost dropped, only the cheapest of parallel
    /// edges.
    pub edges: usize,
    /// Shortcut arcs added by the contraction (not counting shortcuts that only lowered the cost
    /// of an existing arc).
    pub shortcuts: usize,
    /// Arcs of the upward forward graph.
    pub forward_arcs: usize,
    /// Arcs of the upward backward graph.
    pub backward_arcs: usize,
    /// Largest level (search-space depth estimate) of a contracted node.
    pub max_level: u32,
}

/// Which upward graph a search runs on: a CH query (Geisberger et al. 2008, section 4) is a
/// forward upward search from the source and a backward upward search from the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// From a source, along the arcs' direction.
    Forward,
    /// From a target, against the arcs' direction.
    Backward,
}

/// One arc of a compressed upward graph: the other end (by rank) and the cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Arc {
    head: u32,
    cost: u64,
}

/// A compressed sparse row graph: the arcs of node `v` are `arcs[first[v]..first[v + 1]]`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Csr {
    first: Vec<u32>,
    arcs: Vec<Arc>,
}

impl Csr {
    /// Builds from `(tail, head, cost)` triples over `n` nodes (stable: keeps the input order of
    /// each node's arcs).
    fn from_triples(n: usize, triples: &[(u32, u32, u64)]) -> Csr {
        assert!(
            u32::try_from(triples.len()).is_ok(),
            "contraction hierarchy: {} arcs do not fit in u32 offsets",
            triples.len()
        );
        let mut first = vec![0u32; n + 1];
        for &(t, _, _) in triples {
            first[t as usize + 1] += 1;
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        let mut pos: Vec<u32> = first[..n].to_vec();
        let mut arcs = vec![Arc { head: 0, cost: 0 }; triples.len()];
        for &(t, h, c) in triples {
            let p = &mut pos[t as usize];
            arcs[*p as usize] = Arc { head: h, cost: c };
            *p += 1;
        }
        Csr { first, arcs }
    }

    #[inline]
    fn arcs(&self, v: u32) -> &[Arc] {
        let v = v as usize;
        &self.arcs[self.first[v] as usize..self.first[v + 1] as usize]
    }
}

/// A prepared contraction hierarchy over a directed graph with [`Cost`] weights
/// (Geisberger et al. 2008), answering many-to-many queries with the bucket algorithm
/// (Knopp et al. 2007).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractionHierarchy {
    /// `rank[v]`: position of original node `v` in the contraction order, its id in the upward
    /// graphs.
    rank: Vec<u32>,
    /// Upward forward graph: arcs `v → w`, `rank(w) > rank(v)`.
    forward: Csr,
    /// Upward backward graph: for node `v`, arcs `u → v` with `rank(u) > rank(v)` stored as
    /// `(u, cost)`.
    backward: Csr,
    stats: ChStats,
}

impl ContractionHierarchy {
    /// Builds the hierarchy. `edges` are `(from, to, cost)` with node ids `< num_nodes`;
    /// parallel edges and self loops are allowed (the cheapest parallel edge counts, loops are
    /// ignored; so are edges of cost [`Cost::INF`]). Deterministic: same input → same hierarchy,
    /// whatever the number of threads.
    ///
    /// Node ordering and contraction as in Geisberger et al. 2008 (see the module docs).
    ///
    /// # Panics
    /// If an edge names a node `>= num_nodes`, or `num_nodes` does not fit in a `u32`.
    pub fn build(num_nodes: usize, edges: &[(u32, u32, Cost)], params: &ChParams) -> Self {
        assert!(
            u32::try_from(num_nodes).is_ok_and(|n| n < u32::MAX),
            "contraction hierarchy: {num_nodes} nodes do not fit in u32 ids"
        );
        if let Some(e) = edges
            .iter()
            .find(|e| e.0 as usize >= num_nodes || e.1 as usize >= num_nodes)
        {
            panic!(
                "contraction hierarchy: edge {} -> {} names a node >= num_nodes = {num_nodes}",
                e.0, e.1
            );
        }
        Contractor::new(num_nodes, edges, params).run()
    }

    /// Number of nodes of the graph the hierarchy was built on.
    pub fn num_nodes(&self) -> usize {
        self.rank.len()
    }

    /// Counts describing the hierarchy (see [`ChStats`]).
    pub fn stats(&self) -> &ChStats {
        &self.stats
    }

    /// Many-to-many shortest path costs. Each source is a set of `(node, initial cost)` seeds
    /// (a point snapped onto an edge starts at both ends with partial costs); each target is a set
    /// of `(node, final cost)` seeds. Returns a row-major `sources.len() × targets.len()` vector;
    /// `Cost::INF` where unreachable (or where a source/target has no seeds).
    ///
    /// Bucket algorithm (Knopp et al. 2007) on the hierarchy: one backward upward search per
    /// target (in parallel) fills per-node buckets in target order, then one forward upward
    /// search per source (in parallel, with reusable per-thread scratch space) scans them. Both
    /// searches stall on demand. Costs add saturating, so huge seed costs give [`Cost::INF`]
    /// rather than overflow.
    ///
    /// # Panics
    /// If a seed names a node `>= num_nodes`.
    pub fn many_to_many(
        &self,
        sources: &[Vec<(u32, Cost)>],
        targets: &[Vec<(u32, Cost)>],
    ) -> Vec<Cost> {
        let (ns, nt) = (sources.len(), targets.len());
        if ns == 0 || nt == 0 {
            return Vec::new();
        }
        let n = self.num_nodes();
        for (what, sets) in [("source", sources), ("target", targets)] {
            for (i, set) in sets.iter().enumerate() {
                if let Some(&(node, _)) = set.iter().find(|s| s.0 as usize >= n) {
                    panic!("{what} {i}: seed node {node} out of range (hierarchy has {n} nodes)");
                }
            }
        }
        let pool = Pool::new(|| ChQuery::new(n));
        // 1. Backward search spaces of the targets, in target order.
        let spaces: Vec<Vec<(u32, u64)>> = targets
            .par_iter()
            .with_min_len(8)
            .map_init(
                || pool.take(),
                |q, seeds| {
                    let mut space = Vec::new();
                    q.search(self, seeds, Direction::Backward, |v, d| space.push((v, d)));
                    space
                },
            )
            .collect();
        // 2. Buckets in CSR form; within a bucket, entries are in target order.
        let mut first = vec![0usize; n + 1];
        for space in &spaces {
            for &(v, _) in space {
                first[v as usize + 1] += 1;
            }
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        let total = first[n];
        let mut pos: Vec<usize> = first[..n].to_vec();
        let mut bucket_target = vec![0u32; total];
        let mut bucket_cost = vec![0u64; total];
        for (t, space) in spaces.iter().enumerate() {
            for &(v, d) in space {
                let p = &mut pos[v as usize];
                // `t < targets.len()`, and the output has `targets.len()` columns per row: an
                // index beyond u32 would need an impossible 2³² × 8-byte row.
                bucket_target[*p] = t as u32;
                bucket_cost[*p] = d;
                *p += 1;
            }
        }
        drop(spaces);
        // 3. Forward searches, one row each.
        let mut out = vec![Cost::INF; ns * nt];
        out.par_chunks_mut(nt)
            .zip(sources.par_iter())
            .with_min_len(8)
            .for_each_init(
                || pool.take(),
                |q, (row, seeds)| {
                    q.search(self, seeds, Direction::Forward, |v, d| {
                        let range = first[v as usize]..first[v as usize + 1];
                        for (&t, &c) in bucket_target[range.clone()].iter().zip(&bucket_cost[range])
                        {
                            let cell = &mut row[t as usize];
                            let s = d.saturating_add(c);
                            if s < cell.0 {
                                cell.0 = s;
                            }
                        }
                    });
                },
            );
        out
    }

    /// Number of nodes settled (and not stalled) by an upward search from `seeds` in
    /// `direction`: the search space of one side of a query, the measure of query cost used by
    /// Geisberger et al. (2008); with the bucket algorithm (Knopp et al. 2007) the backward
    /// search spaces are also the bucket entries per target.
    ///
    /// # Panics
    /// If a seed names a node `>= num_nodes`.
    pub fn search_space_size(&self, seeds: &[(u32, Cost)], direction: Direction) -> usize {
        let mut q = ChQuery::new(self.num_nodes());
        let mut count = 0;
        q.search(self, seeds, direction, |_, _| count += 1);
        count
    }
}

/// Reusable scratch state of one upward search (distances, heap): one per thread, as in
/// fast_paths' `PathCalculator`. Allocated once with the node count, reset after each search in
/// time proportional to the nodes it touched.
#[derive(Clone, Debug)]
struct ChQuery {
    dist: Vec<u64>,
    touched: Vec<u32>,
    heap: BinaryHeap<Reverse<(u64, u32)>>,
}

impl ChQuery {
    /// Scratch space for a hierarchy of `num_nodes` nodes.
    fn new(num_nodes: usize) -> ChQuery {
        ChQuery {
            dist: vec![INF; num_nodes],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    /// Upward Dijkstra search on `ch` from all `seeds` at once (Geisberger et al. 2008), with
    /// stall-on-demand: a settled node `v` that some higher neighbour `u` reaches more cheaply
    /// (`d(u) + c(u, v) < d(v)`) is not expanded and not reported. Calls `visit(rank, distance)`
    /// for every other settled node, in settling order.
    fn search(
        &mut self,
        ch: &ContractionHierarchy,
        seeds: &[(u32, Cost)],
        direction: Direction,
        mut visit: impl FnMut(u32, u64),
    ) {
        assert!(
            self.dist.len() == ch.num_nodes(),
            "ChQuery sized for {} nodes used on a hierarchy of {}",
            self.dist.len(),
            ch.num_nodes()
        );
        let (up, stall) = match direction {
            Direction::Forward => (&ch.forward, &ch.backward),
            Direction::Backward => (&ch.backward, &ch.forward),
        };
        for &(node, cost) in seeds {
            let Some(&r) = ch.rank.get(node as usize) else {
                panic!(
                    "seed node {node} out of range (hierarchy has {} nodes)",
                    ch.num_nodes()
                );
            };
            if cost.0 < self.dist[r as usize] {
                if self.dist[r as usize] == INF {
                    self.touched.push(r);
                }
                self.dist[r as usize] = cost.0;
                self.heap.push(Reverse((cost.0, r)));
            }
        }
        while let Some(Reverse((d, v))) = self.heap.pop() {
            if d > self.dist[v as usize] {
                continue;
            }
            let stalled = stall
                .arcs(v)
                .iter()
                .any(|a| self.dist[a.head as usize].saturating_add(a.cost) < d);
            if stalled {
                continue;
            }
            visit(v, d);
            for a in up.arcs(v) {
                let nd = d.saturating_add(a.cost);
                let slot = &mut self.dist[a.head as usize];
                if nd < *slot {
                    if *slot == INF {
                        self.touched.push(a.head);
                    }
                    *slot = nd;
                    self.heap.push(Reverse((nd, a.head)));
                }
            }
        }
        for &v in &self.touched {
            self.dist[v as usize] = INF;
        }
        self.touched.clear();
    }
}

// ---------------------------------------------------------------------------------------------
// Preparation.

/// An arc of the remaining graph during contraction.
#[derive(Clone, Copy, Debug)]
struct DynArc {
    node: u32,
    /// Number of original edges the arc stands for.
    hops: u32,
    cost: u64,
}

/// A shortcut found by contracting (or simulating the contraction of) a node.
#[derive(Clone, Copy, Debug)]
struct Shortcut {
    from: u32,
    to: u32,
    hops: u32,
    cost: u64,
}

/// Scratch state of the bounded witness searches (one per thread).
struct Witness {
    dist: Vec<u64>,
    touched: Vec<u32>,
    heap: BinaryHeap<Reverse<(u64, u32)>>,
    /// `target_mark[w] == stamp`: `w` is a target of the current search, not yet decided.
    target_mark: Vec<u32>,
    /// Cost of the path through the contracted node to each target of the current search.
    target_via: Vec<u64>,
    stamp: u32,
}

impl Witness {
    fn new(n: usize) -> Witness {
        Witness {
            dist: vec![INF; n],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
            target_mark: vec![0; n],
            target_via: vec![0; n],
            stamp: 0,
        }
    }

    /// Dijkstra from `source` in the remaining graph without `avoid`, looking for witnesses of
    /// the paths `source → avoid → w` of cost `base + c` for each `(w, c)` in `targets`
    /// (`w ≠ source`). Stops as soon as every target is decided (reached below its via cost,
    /// or settled), when the next distance exceeds the largest via cost, or after `limit`
    /// settled nodes. Afterwards `dist` holds upper bounds (costs of real paths avoiding
    /// `avoid`) for the nodes reached; call [`Witness::clear`] when done.
    fn run(
        &mut self,
        out: &[Vec<DynArc>],
        source: u32,
        avoid: u32,
        base: u64,
        targets: &[DynArc],
        limit: usize,
    ) {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.target_mark.fill(0);
            self.stamp = 1;
        }
        let mut undecided = 0usize;
        let mut bound = 0;
        for a in targets {
            if a.node != source {
                let via = base.saturating_add(a.cost);
                self.target_mark[a.node as usize] = self.stamp;
                self.target_via[a.node as usize] = via;
                bound = bound.max(via);
                undecided += 1;
            }
        }
        if undecided == 0 {
            return;
        }
        self.dist[source as usize] = 0;
        self.touched.push(source);
        self.heap.push(Reverse((0, source)));
        let mut settled = 0usize;
        'search: while let Some(Reverse((d, x))) = self.heap.pop() {
            if d > self.dist[x as usize] {
                continue;
            }
            if self.target_mark[x as usize] == self.stamp {
                self.target_mark[x as usize] = 0;
                undecided -= 1;
                if undecided == 0 {
                    break;
                }
            }
            settled += 1;
            if settled > limit {
                break;
            }
            for a in &out[x as usize] {
                if a.node == avoid {
                    continue;
                }
                let nd = d.saturating_add(a.cost);
                let slot = &mut self.dist[a.node as usize];
                if nd < *slot && nd <= bound {
                    if *slot == INF {
                        self.touched.push(a.node);
                    }
                    *slot = nd;
                    self.heap.push(Reverse((nd, a.node)));
                    if self.target_mark[a.node as usize] == self.stamp
                        && nd < self.target_via[a.node as usize]
                    {
                        // Witnessed: no shortcut to this target whatever else the search finds.
                        self.target_mark[a.node as usize] = 0;
                        undecided -= 1;
                        if undecided == 0 {
                            break 'search;
                        }
                    }
                }
            }
        }
        self.heap.clear();
    }

    fn clear(&mut self) {
        for &v in &self.touched {
            self.dist[v as usize] = INF;
        }
        self.touched.clear();
    }
}

/// Key of `v` in the node ordering: priority, then a fixed hash of the id (so that runs of
/// equal priorities, e.g. along a chain of degree-2 nodes, are broken up at random but
/// reproducibly), then the id.
fn node_key(prio: &[u64], v: u32) -> (u64, u64, u32) {
    (prio[v as usize], mix(v), v)
}

/// A fixed 32-bit → 64-bit mixing function (the SplitMix64 finaliser, Steele, Lea and Flood,
/// *Fast Splittable Pseudorandom Number Generators*, OOPSLA 2014) for reproducible tie-breaks.
fn mix(v: u32) -> u64 {
    let mut z = u64::from(v).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Scratch workspaces (witness or query searches) shared by parallel loops: rayon's
/// `map_init` may create a workspace per split job, so workspaces are taken from and returned
/// to this pool instead of being allocated (arrays of `n` entries) each time.
struct Pool<T, F: Fn() -> T> {
    make: F,
    free: Mutex<Vec<T>>,
}

impl<T, F: Fn() -> T> Pool<T, F> {
    fn new(make: F) -> Self {
        Pool {
            make,
            free: Mutex::new(Vec::new()),
        }
    }

    fn take(&self) -> Pooled<'_, T, F> {
        let item = self.free.lock().unwrap_or_else(|e| e.into_inner()).pop();
        Pooled {
            item: Some(item.unwrap_or_else(&self.make)),
            pool: self,
        }
    }
}

/// A workspace on loan from a [`Pool`]; returned when dropped. Users leave it clean.
struct Pooled<'a, T, F: Fn() -> T> {
    item: Option<T>,
    pool: &'a Pool<T, F>,
}

impl<T, F: Fn() -> T> std::ops::Deref for Pooled<'_, T, F> {
    type Target = T;
    fn deref(&self) -> &T {
        self.item
            .as_ref()
            .expect("pooled workspace present until drop")
    }
}

impl<T, F: Fn() -> T> std::ops::DerefMut for Pooled<'_, T, F> {
    fn deref_mut(&mut self) -> &mut T {
        self.item
            .as_mut()
            .expect("pooled workspace present until drop")
    }
}

impl<T, F: Fn() -> T> Drop for Pooled<'_, T, F> {
    fn drop(&mut self) {
        if let Some(item) = self.item.take() {
            self.pool
                .free
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(item);
        }
    }
}

/// Internal id of each node: breadth-first order over the undirected graph `edges` (sorted by
/// tail), starting from the lowest unnumbered node and visiting neighbours in id order.
fn bfs_order(n: usize, edges: &[(u32, u32, u64)]) -> Vec<u32> {
    let mut both: Vec<(u32, u32, u64)> = Vec::with_capacity(2 * edges.len());
    for &(u, v, _) in edges {
        both.push((u, v, 0));
        both.push((v, u, 0));
    }
    both.par_sort_unstable();
    both.dedup();
    let adj = Csr::from_triples(n, &both);
    let mut perm = vec![u32::MAX; n];
    let mut queue: Vec<u32> = Vec::with_capacity(n);
    for start in 0..n as u32 {
        if perm[start as usize] != u32::MAX {
            continue;
        }
        let mut head = queue.len();
        perm[start as usize] = queue.len() as u32;
        queue.push(start);
        while head < queue.len() {
            let x = queue[head];
            head += 1;
            for a in adj.arcs(x) {
                if perm[a.head as usize] == u32::MAX {
                    perm[a.head as usize] = queue.len() as u32;
                    queue.push(a.head);
                }
            }
        }
    }
    perm
}

/// The remaining graph and the bookkeeping of the node ordering.
struct Contractor<'p> {
    params: &'p ChParams,
    /// Internal (breadth-first) id of each input node.
    perm: Vec<u32>,
    out: Vec<Vec<DynArc>>,
    inn: Vec<Vec<DynArc>>,
    level: Vec<u32>,
    contracted_neighbours: Vec<u32>,
    stats: ChStats,
}

impl<'p> Contractor<'p> {
    fn new(n: usize, edges: &[(u32, u32, Cost)], params: &'p ChParams) -> Contractor<'p> {
        let mut list: Vec<(u32, u32, u64)> = edges
            .iter()
            .filter(|e| e.0 != e.1 && e.2 != Cost::INF)
            .map(|e| (e.0, e.1, e.2.0))
            .collect();
        list.par_sort_unstable();
        list.dedup_by_key(|e| (e.0, e.1)); // keeps the first, i.e. cheapest, of parallel edges
        // Renumber in breadth-first order so that neighbours have nearby ids (cache locality of
        // the witness searches); contraction runs on these ids.
        let perm = bfs_order(n, &list);
        for e in &mut list {
            *e = (perm[e.0 as usize], perm[e.1 as usize], e.2);
        }
        list.par_sort_unstable();
        let mut out = vec![Vec::new(); n];
        let mut inn = vec![Vec::new(); n];
        for &(u, v, c) in &list {
            out[u as usize].push(DynArc {
                node: v,
                hops: 1,
                cost: c,
            });
            inn[v as usize].push(DynArc {
                node: u,
                hops: 1,
                cost: c,
            });
        }
        Contractor {
            params,
            perm,
            out,
            inn,
            level: vec![0; n],
            contracted_neighbours: vec![0; n],
            stats: ChStats {
                nodes: n,
                input_edges: edges.len(),
                edges: list.len(),
                ..ChStats::default()
            },
        }
    }

    /// Shortcuts needed if `v` were contracted now (Geisberger et al. 2008, section 3.1): one
    /// witness search per in-neighbour `u`, towards all out-neighbours `w ≠ u`, each search
    /// settling at most `limit` nodes.
    ///
    /// A witness must be strictly cheaper than the path through `v`. This keeps the parallel
    /// contraction of an independent set `I` exact even with ties and zero costs: on a shortest
    /// path, each node `v ∈ I` sits between two nodes `u, w ∉ I`, and `u → v → w` is a
    /// shortest `u`–`w` path, so no strictly cheaper witness exists and the shortcut is added.
    fn shortcuts(&self, v: u32, ws: &mut Witness, found: &mut Vec<Shortcut>, limit: usize) {
        found.clear();
        let outs = &self.out[v as usize];
        if outs.is_empty() {
            return;
        }
        for a_in in &self.inn[v as usize] {
            let u = a_in.node;
            ws.run(&self.out, u, v, a_in.cost, outs, limit);
            for a_out in outs {
                if a_out.node == u {
                    continue;
                }
                let via = a_in.cost.saturating_add(a_out.cost);
                if ws.dist[a_out.node as usize] >= via {
                    found.push(Shortcut {
                        from: u,
                        to: a_out.node,
                        hops: a_in.hops.saturating_add(a_out.hops),
                        cost: via,
                    });
                }
            }
            ws.clear();
        }
    }

    /// Priority of contracting `v` with the given shortcuts (lower = earlier).
    fn priority(&self, v: u32, shortcuts: &[Shortcut]) -> u64 {
        self.edge_term(v, shortcuts)
            .saturating_add(self.node_term(v))
    }

    /// The part of the priority that depends on the witness searches: quotients of added to
    /// removed arcs and hops.
    fn edge_term(&self, v: u32, shortcuts: &[Shortcut]) -> u64 {
        let p = self.params;
        let (inn, out) = (&self.inn[v as usize], &self.out[v as usize]);
        let removed = (inn.len() + out.len()) as u64;
        if removed == 0 {
            return 0;
        }
        let removed_hops: u64 = inn.iter().chain(out).map(|a| u64::from(a.hops)).sum();
        let added = shortcuts.len() as u64;
        let added_hops: u64 = shortcuts.iter().map(|s| u64::from(s.hops)).sum();
        // Saturating: absurd weights must not overflow (they only distort the order).
        (p.edge_quotient_weight.saturating_mul(added) / removed)
            .saturating_add(p.hop_quotient_weight.saturating_mul(added_hops) / removed_hops)
    }

    /// The part of the priority that only counts: level and contracted neighbours.
    fn node_term(&self, v: u32) -> u64 {
        let p = self.params;
        let level = p
            .level_weight
            .saturating_mul(u64::from(self.level[v as usize]));
        let cn = u64::from(self.contracted_neighbours[v as usize]);
        level.saturating_add(p.contracted_neighbours_weight.saturating_mul(cn))
    }

    /// Adds or lowers the arc `from → to`. Returns true if a new arc was added.
    fn add_arc(&mut self, s: Shortcut) -> bool {
        let outs = &mut self.out[s.from as usize];
        if let Some(a) = outs.iter_mut().find(|a| a.node == s.to) {
            if s.cost < a.cost {
                a.cost = s.cost;
                a.hops = s.hops;
                let b = self.inn[s.to as usize]
                    .iter_mut()
                    .find(|a| a.node == s.from)
                    .expect("arc lists are symmetric: in-list mirrors out-list");
                b.cost = s.cost;
                b.hops = s.hops;
            }
            false
        } else {
            outs.push(DynArc {
                node: s.to,
                hops: s.hops,
                cost: s.cost,
            });
            self.inn[s.to as usize].push(DynArc {
                node: s.from,
                hops: s.hops,
                cost: s.cost,
            });
            true
        }
    }

    /// True if `v` has a smaller key than every neighbour in the remaining graph.
    fn is_local_min(&self, prio: &[u64], v: u32, key: (u64, u64, u32)) -> bool {
        let (inn, out) = (&self.inn[v as usize], &self.out[v as usize]);
        inn.iter().chain(out).all(|a| key < node_key(prio, a.node))
    }

    /// Contracts every node (Geisberger et al. 2008, with the independent-set rounds of
    /// Vetter, *Parallel Time-Dependent Contraction Hierarchies*, 2009).
    fn run(mut self) -> ContractionHierarchy {
        let n = self.out.len();
        let limit = self.params.witness_settled_limit;
        let pool = Pool::new(|| Witness::new(n));
        // Initial priorities, in parallel (each simulation only reads the initial graph).
        let mut prio: Vec<u64> = (0..n as u32)
            .into_par_iter()
            .with_min_len(256)
            .map_init(
                || (pool.take(), Vec::new()),
                |(ws, found), v| {
                    self.shortcuts(v, ws, found, limit);
                    self.priority(v, found)
                },
            )
            .collect();
        let mut rank = vec![u32::MAX; n];
        let mut next_rank = 0u32;
        // Upward arcs by internal ids: (v, head, cost) forward, (v, tail, cost) backward.
        let mut up_forward: Vec<(u32, u32, u64)> = Vec::new();
        let mut up_backward: Vec<(u32, u32, u64)> = Vec::new();
        let mut remaining: Vec<u32> = (0..n as u32).collect();
        let mut neighbours: Vec<u32> = Vec::new();
        let mut around: Vec<u32> = Vec::new();
        while !remaining.is_empty() {
            // 1. Candidates: nodes whose key is smaller than their neighbours'. No two are
            // adjacent, so they can be contracted at once (see `shortcuts` on witnesses).
            let candidates: Vec<u32> = remaining
                .par_iter()
                .with_min_len(1024)
                .copied()
                .filter(|&v| self.is_local_min(&prio, v, node_key(&prio, v)))
                .collect();
            // 2. Their shortcuts, in parallel on the unchanged graph.
            let found: Vec<(Vec<Shortcut>, u64)> = candidates
                .par_iter()
                .with_min_len(16)
                .map_init(
                    || pool.take(),
                    |ws, &v| {
                        let mut f = Vec::new();
                        self.shortcuts(v, ws, &mut f, limit);
                        let p = self.priority(v, &f);
                        (f, p)
                    },
                )
                .collect();
            // 3. Lazy update (Geisberger et al. 2008, section 3.2): a candidate whose fresh
            // priority no longer beats its neighbours waits for a later round.
            neighbours.clear();
            for (&v, (shortcuts, fresh)) in candidates.iter().zip(&found) {
                if *fresh > prio[v as usize] && !self.is_local_min(&prio, v, (*fresh, mix(v), v)) {
                    prio[v as usize] = *fresh;
                    continue;
                }
                rank[v as usize] = next_rank;
                next_rank += 1;
                let outs = std::mem::take(&mut self.out[v as usize]);
                let inns = std::mem::take(&mut self.inn[v as usize]);
                let lv = self.level[v as usize];
                self.stats.max_level = self.stats.max_level.max(lv);
                for a in &outs {
                    up_forward.push((v, a.node, a.cost));
                    self.inn[a.node as usize].retain(|b| b.node != v);
                }
                for a in &inns {
                    up_backward.push((v, a.node, a.cost));
                    self.out[a.node as usize].retain(|b| b.node != v);
                }
                around.clear();
                around.extend(outs.iter().chain(&inns).map(|a| a.node));
                around.sort_unstable();
                around.dedup();
                for &x in &around {
                    self.level[x as usize] = self.level[x as usize].max(lv + 1);
                    self.contracted_neighbours[x as usize] += 1;
                }
                neighbours.extend_from_slice(&around);
                for &s in shortcuts {
                    if self.add_arc(s) {
                        self.stats.shortcuts += 1;
                    }
                }
            }
            neighbours.sort_unstable();
            neighbours.dedup();
            // 4. Neighbours' priorities, in parallel.
            let updated: Vec<u64> = neighbours
                .par_iter()
                .with_min_len(16)
                .map_init(
                    || (pool.take(), Vec::new()),
                    |(ws, f), &x| {
                        self.shortcuts(x, ws, f, limit);
                        self.priority(x, f)
                    },
                )
                .collect();
            for (&x, p) in neighbours.iter().zip(updated) {
                prio[x as usize] = p;
            }
            remaining.retain(|&v| rank[v as usize] == u32::MAX);
        }
        debug_assert_eq!(next_rank as usize, n, "every node contracted once");

        let to_rank = |list: Vec<(u32, u32, u64)>| -> Vec<(u32, u32, u64)> {
            let mut l: Vec<(u32, u32, u64)> = list
                .into_iter()
                .map(|(t, h, c)| (rank[t as usize], rank[h as usize], c))
                .collect();
            l.sort_unstable();
            l
        };
        let forward = Csr::from_triples(n, &to_rank(up_forward));
        let backward = Csr::from_triples(n, &to_rank(up_backward));
        self.stats.forward_arcs = forward.arcs.len();
        self.stats.backward_arcs = backward.arcs.len();
        let rank = self.perm.iter().map(|&p| rank[p as usize]).collect();
        ContractionHierarchy {
            rank,
            forward,
            backward,
            stats: self.stats,
        }
    }
}
