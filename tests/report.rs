//! Reports: GeoJSON and HTML from a hand-built plan; road lines of the embedded extract.

#[test]
fn stub() {}
