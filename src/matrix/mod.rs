//! Snapping and travel-time matrices.
