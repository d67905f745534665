//! Contraction hierarchy (Geisberger et al. 2008) and bucket-based many-to-many queries
//! (Knopp et al. 2007). HELPER FILLS THIS IN — see the API below.

use crate::units::Cost;

/// Tuning of the contraction.
#[derive(Clone, Debug)]
pub struct ChParams {}

impl Default for ChParams {
    fn default() -> Self {
        ChParams {}
    }
}

/// A prepared contraction hierarchy over a directed graph with [`Cost`] weights.
#[derive(Clone, Debug)]
pub struct ContractionHierarchy {}

impl ContractionHierarchy {
    /// Builds the hierarchy. `edges` are `(from, to, cost)` with node ids `< num_nodes`;
    /// parallel edges and self loops are allowed (the cheapest parallel edge counts, loops are
    /// ignored). Deterministic: same input → same hierarchy.
    pub fn build(_num_nodes: usize, _edges: &[(u32, u32, Cost)], _params: &ChParams) -> Self {
        unimplemented!()
    }

    /// Many-to-many shortest path costs. Each source is a set of `(node, initial cost)` seeds
    /// (a point snapped onto an edge starts at both ends with partial costs); each target is a set
    /// of `(node, final cost)` seeds. Returns a row-major `sources.len() × targets.len()` vector;
    /// `Cost::INF` where unreachable (or where a source/target has no seeds).
    pub fn many_to_many(&self, _sources: &[Vec<(u32, Cost)>], _targets: &[Vec<(u32, Cost)>]) -> Vec<Cost> {
        unimplemented!()
    }
}
