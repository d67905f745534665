//! VRPLIB CVRPTW instances (`.vrp`) and their solutions (`.sol`), as distributed by CVRPLIB,
//! LKH-3 and PyVRP for the Solomon and Gehring & Homberger benchmarks.
//!
//! An instance is a header of `KEY : value` lines (`NAME`, `TYPE` = `CVRPTW` or `VRPTW`,
//! `DIMENSION`, `VEHICLES`, `CAPACITY`, `SERVICE_TIME`, `EDGE_WEIGHT_TYPE` = `EUC_2D`, `COMMENT`)
//! followed by the sections `NODE_COORD_SECTION` (`node x y`), `DEMAND_SECTION` (`node q`),
//! `TIME_WINDOW_SECTION` (`node ready due`), optionally `SERVICE_TIME_SECTION` (`node s`) and
//! `DEPOT_SECTION` (node numbers ended by `-1`), and `EOF`. Nodes are numbered `1..=DIMENSION`.
//!
//! # DIMACS convention
//!
//! The conversion follows the DIMACS 2021 VRPTW convention used by PyVRP and CVRPLIB: the
//! distance and the travel time between two nodes are both the Euclidean distance truncated to
//! one decimal, `floor(10·d)/10` file units. tillit stores them as integer tenths, `floor(10·d)`,
//! with [`Units`] `{ ticks_per_unit: 10, distance_per_unit: 10, unit_name: "file units" }`;
//! service times and time windows are multiplied by 10 (they must have at most one decimal).
//! See [`dimacs_tenths`] for how the truncation is made exact.
//!
//! # Mapping
//!
//! The depot is the `DEPOT_SECTION` node (node 1 if the section is absent). Location `i` is node
//! `i + 1`. Every other node is a visit whose id is its node number minus one, i.e. the customer
//! number `"1"..="n"` used by `.sol` files. There are `VEHICLES` identical carers `"1"..="K"`
//! (as many as customers if `VEHICLES` is absent) starting and ending at the depot, with the depot
//! time window as shift and `CAPACITY` as capacity, all on the single travel matrix.
//!
//! Customers' service time is their `SERVICE_TIME_SECTION` entry if the section is present,
//! otherwise the `SERVICE_TIME` header value; one of the two is required.

use std::path::Path;

use crate::error::Result;
use crate::io::input_error;
use crate::model::{Carer, InstanceParts, LocIdx, Matrix, SkillSet, TimeWindow, Units, Visit};

/// Added to `10·d` before truncating, so that a distance whose exact value is a multiple of 0.1
/// but whose floating-point square root lands just below it (e.g. `9.999999999999998` for 10)
/// is not truncated one tenth too low. Far smaller than the gap to the next tenth for any
/// realistic coordinates (differences below 10⁶ file units).
pub const DIMACS_EPSILON: f64 = 1e-9;

/// Largest `DIMENSION` accepted (the matrix has `DIMENSION²` entries); benchmark files have at
/// most 1 001 nodes.
pub const MAX_NODES: usize = 20_000;

/// Largest fleet accepted.
pub const MAX_VEHICLES: usize = 100_000;

/// Largest coordinate magnitude for which the exact integer path is used.
const EXACT_LIMIT: f64 = 1e9;

/// `floor(10·sqrt(dx² + dy²))`: the DIMACS distance in tenths of file units.
///
/// For integer coordinates (all benchmark files) it is computed exactly with an integer square
/// root: `floor(10·sqrt(s)) = isqrt(100·s)`. For fractional coordinates it is computed in `f64`
/// with [`DIMACS_EPSILON`] added before truncation.
pub fn dimacs_tenths(a: (f64, f64), b: (f64, f64)) -> i64 {
    let (dx, dy) = (a.0 - b.0, a.1 - b.1);
    let integral = |v: f64| v.fract() == 0.0 && v.abs() < EXACT_LIMIT;
    if integral(a.0) && integral(a.1) && integral(b.0) && integral(b.1) {
        // |dx|, |dy| < 2e9, so 100·(dx² + dy²) < 8e20 fits in u128.
        let (dx, dy) = (dx.abs() as u128, dy.abs() as u128);
        let s = 100 * (dx * dx + dy * dy);
        return i64::try_from(s.isqrt()).unwrap_or(i64::MAX);
    }
    let t = (10.0 * dx.hypot(dy) + DIMACS_EPSILON).floor();
    if t >= i64::MAX as f64 {
        i64::MAX
    } else {
        t as i64
    }
}

/// Parses a decimal with at most one significant fractional digit into tenths,
/// exactly (`"90"` → 900, `"12.5"` → 125, `"-3"` → -30).
pub(crate) fn parse_tenths(raw: &str) -> Option<i64> {
    let (neg, digits) = match raw.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, raw.strip_prefix('+').unwrap_or(raw)),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, f),
        None => (digits, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let all_digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
    if !all_digits(int) || !all_digits(frac) {
        return None;
    }
    // Extra fractional digits are allowed only if they are zeros ("90.00").
    let mut fchars = frac.bytes();
    let tenth = fchars.next().map_or(0, |c| i64::from(c - b'0'));
    if fchars.any(|c| c != b'0') {
        return None;
    }
    let int: i64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let v = int.checked_mul(10)?.checked_add(tenth)?;
    Some(if neg { -v } else { v })
}

/// The raw data of a CVRPTW instance in file units, shared by the VRPLIB and Solomon readers.
pub(crate) struct RawCvrptw {
    pub name: String,
    /// Per node: coordinates.
    pub coords: Vec<(f64, f64)>,
    /// Per node: demand.
    pub demands: Vec<i64>,
    /// Per node: `(ready, due)` in tenths.
    pub windows: Vec<(i64, i64)>,
    /// Per node: service time in tenths.
    pub service: Vec<i64>,
    /// Index of the depot node.
    pub depot: usize,
    /// Fleet size, `None` for "as many as customers".
    pub vehicles: Option<usize>,
    pub capacity: i64,
}

/// Builds the instance parts from raw data under the DIMACS convention (see the module doc).
pub(crate) fn build_dimacs(raw: RawCvrptw) -> InstanceParts {
    let n = raw.coords.len();
    let mut distances = Vec::with_capacity(n * n);
    for &a in &raw.coords {
        for &b in &raw.coords {
            distances.push(dimacs_tenths(a, b));
        }
    }
    let window = |i: usize| {
        let (s, e) = raw.windows.get(i).copied().unwrap_or((0, 0));
        TimeWindow::new(s, e)
    };
    let depot = LocIdx(raw.depot as u32);
    let visits: Vec<Visit> = (0..n)
        .filter(|&i| i != raw.depot)
        .map(|i| Visit {
            id: i.to_string(),
            location: LocIdx(i as u32),
            duration: raw.service.get(i).copied().unwrap_or(0),
            windows: vec![window(i)],
            demand: raw.demands.get(i).copied().unwrap_or(0),
            skills: SkillSet::default(),
            carer_durations: Vec::new(),
            late_allowed: false,
            service: None,
            ..Visit::default()
        })
        .collect();
    let fleet = raw.vehicles.unwrap_or(visits.len());
    let carers = (1..=fleet)
        .map(|k| Carer {
            id: k.to_string(),
            start: depot,
            end: depot,
            shift: window(raw.depot),
            capacity: Some(raw.capacity),
            skills: SkillSet::default(),
            matrix: 0,
            ..Carer::default()
        })
        .collect();
    InstanceParts {
        name: raw.name,
        visits,
        carers,
        matrices: vec![Matrix {
            n,
            durations: distances.clone(),
            distances,
        }],
        skills: Vec::new(),
        units: Units {
            ticks_per_unit: 10,
            distance_per_unit: 10,
            unit_name: "file units".into(),
        },
        links: Vec::new(),
        objective: Default::default(),
        continuity: None,
    }
}

/// Reads a VRPLIB CVRPTW instance.
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) if the file cannot be read; otherwise as [`parse_vrplib`].
pub fn read_vrplib(path: &Path) -> Result<InstanceParts> {
    let text = crate::io::text::read_text(path)?;
    parse_vrplib(path, &text)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Section {
    Header,
    Coords,
    Demand,
    Windows,
    Service,
    Depot,
}

impl Section {
    fn from_line(s: &str) -> Option<Section> {
        Some(match s {
            "NODE_COORD_SECTION" => Section::Coords,
            "DEMAND_SECTION" => Section::Demand,
            "TIME_WINDOW_SECTION" => Section::Windows,
            "SERVICE_TIME_SECTION" => Section::Service,
            "DEPOT_SECTION" => Section::Depot,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Section::Header => "header",
            Section::Coords => "NODE_COORD_SECTION",
            Section::Demand => "DEMAND_SECTION",
            Section::Windows => "TIME_WINDOW_SECTION",
            Section::Service => "SERVICE_TIME_SECTION",
            Section::Depot => "DEPOT_SECTION",
        }
    }
}

/// Per-node values of one section, with the line each came from.
struct NodeTable<T> {
    /// Line of the section header, 0 if the section was not seen.
    header_line: usize,
    values: Vec<Option<T>>,
}

impl<T: Clone> NodeTable<T> {
    fn new() -> Self {
        NodeTable {
            header_line: 0,
            values: Vec::new(),
        }
    }

    /// All `dimension` values, or an error naming the section and the first missing node.
    fn complete(self, path: &Path, section: Section, last_line: usize) -> Result<Vec<T>> {
        if self.header_line == 0 {
            return Err(input_error(
                path,
                format!("line {last_line}"),
                section.name(),
                format!("missing section {}", section.name()),
            ));
        }
        let n = self.values.len();
        let have = self.values.iter().filter(|v| v.is_some()).count();
        let mut out = Vec::with_capacity(n);
        for (i, v) in self.values.into_iter().enumerate() {
            match v {
                Some(v) => out.push(v),
                None => {
                    return Err(input_error(
                        path,
                        format!("line {}", self.header_line),
                        section.name(),
                        format!(
                            "{have} entries for DIMENSION {n}: node {} is missing",
                            i + 1
                        ),
                    ));
                }
            }
        }
        Ok(out)
    }
}

/// Parses a VRPLIB CVRPTW instance from text; `path` is used in messages.
///
/// # Errors
/// [`Error::Input`](crate::Error::Input) naming the line and the key or section for: a malformed header line, an
/// unknown or repeated key, an unsupported `TYPE` or `EDGE_WEIGHT_TYPE`, a missing `DIMENSION`
/// (or a section before it), a missing section, a row with the wrong number of values, a
/// non-numeric value, a node number out of `1..=DIMENSION` or given twice, a section with too
/// few entries, a `DIMENSION` above [`MAX_NODES`] or `VEHICLES` above [`MAX_VEHICLES`], an empty
/// `DEPOT_SECTION`, one with several depots or entries after its closing `-1`. Lines after `EOF`
/// are ignored.
pub fn parse_vrplib(path: &Path, text: &str) -> Result<InstanceParts> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut name: Option<String> = None;
    let mut dimension: Option<usize> = None;
    let mut vehicles: Option<usize> = None;
    let mut capacity: Option<i64> = None;
    let mut service_time: Option<i64> = None;
    let mut seen_keys: Vec<String> = Vec::new();

    let mut coords: NodeTable<(f64, f64)> = NodeTable::new();
    let mut demands: NodeTable<i64> = NodeTable::new();
    let mut windows: NodeTable<(i64, i64)> = NodeTable::new();
    let mut service: NodeTable<i64> = NodeTable::new();
    let mut depots: Vec<usize> = Vec::new();
    let mut depot_line = 0usize;
    let mut depot_done = false;

    let mut section = Section::Header;
    let mut last_line = 0usize;
    for (i, raw_line) in text.lines().enumerate() {
        let line_no = i + 1;
        last_line = line_no;
        let at = || format!("line {line_no}");
        let line = raw_line.trim();
        if line.is_empty() {
            continue;
        }
        if line == "EOF" {
            break;
        }
        if let Some(s) = Section::from_line(line.trim_end_matches(':').trim_end()) {
            let Some(dim) = dimension else {
                return Err(input_error(
                    path,
                    at(),
                    "DIMENSION",
                    format!("{} before the DIMENSION key", s.name()),
                ));
            };
            let header_line = match s {
                Section::Coords => &mut coords.header_line,
                Section::Demand => &mut demands.header_line,
                Section::Windows => &mut windows.header_line,
                Section::Service => &mut service.header_line,
                Section::Depot | Section::Header => &mut depot_line,
            };
            if *header_line != 0 {
                return Err(input_error(
                    path,
                    at(),
                    s.name(),
                    format!("section repeated (first on line {header_line})"),
                ));
            }
            *header_line = line_no;
            match s {
                Section::Coords => coords.values = vec![None; dim],
                Section::Demand => demands.values = vec![None; dim],
                Section::Windows => windows.values = vec![None; dim],
                Section::Service => service.values = vec![None; dim],
                Section::Depot | Section::Header => {}
            }
            section = s;
            continue;
        }
        if section == Section::Header {
            let Some((key, value)) = line.split_once(':') else {
                return Err(input_error(
                    path,
                    at(),
                    "header",
                    format!("expected `KEY : value` or a section name, found \"{line}\""),
                ));
            };
            let (key, value) = (key.trim(), value.trim());
            if seen_keys.iter().any(|k| k == key) {
                return Err(input_error(path, at(), key, "key given twice"));
            }
            seen_keys.push(key.to_string());
            let count = |what: &str| -> Result<usize> {
                value.parse::<usize>().map_err(|_| {
                    input_error(
                        path,
                        at(),
                        key,
                        format!("\"{}\" is not a {what}", crate::io::text::shorten(value)),
                    )
                })
            };
            match key {
                "NAME" => name = Some(value.to_string()),
                "COMMENT" => {}
                "TYPE" => {
                    if value != "CVRPTW" && value != "VRPTW" {
                        return Err(input_error(
                            path,
                            at(),
                            key,
                            format!("unsupported type \"{value}\" (expected CVRPTW or VRPTW)"),
                        ));
                    }
                }
                "EDGE_WEIGHT_TYPE" => {
                    if value != "EUC_2D" {
                        return Err(input_error(
                            path,
                            at(),
                            key,
                            format!("unsupported edge weight type \"{value}\" (expected EUC_2D)"),
                        ));
                    }
                }
                "DIMENSION" => {
                    let d = count("positive integer")?;
                    if !(1..=MAX_NODES).contains(&d) {
                        return Err(input_error(
                            path,
                            at(),
                            key,
                            format!("{d} is not in 1..={MAX_NODES}"),
                        ));
                    }
                    dimension = Some(d);
                }
                "VEHICLES" => {
                    let k = count("non-negative integer")?;
                    if k > MAX_VEHICLES {
                        return Err(input_error(
                            path,
                            at(),
                            key,
                            format!("{k} is more than {MAX_VEHICLES}"),
                        ));
                    }
                    vehicles = Some(k);
                }
                "CAPACITY" => {
                    capacity = Some(value.parse::<i64>().map_err(|_| {
                        input_error(
                            path,
                            at(),
                            key,
                            format!("\"{}\" is not an integer", crate::io::text::shorten(value)),
                        )
                    })?);
                }
                "SERVICE_TIME" => {
                    service_time = Some(parse_tenths(value).ok_or_else(|| {
                        input_error(
                            path,
                            at(),
                            key,
                            format!(
                                "\"{}\" is not a number with at most one decimal",
                                crate::io::text::shorten(value)
                            ),
                        )
                    })?);
                }
                _ => {
                    return Err(input_error(path, at(), key, "unknown or unsupported key"));
                }
            }
            continue;
        }

        let field = section.name();
        let tokens: Vec<&str> = line.split_whitespace().collect();
        if section == Section::Depot {
            let [tok] = tokens.as_slice() else {
                return Err(input_error(
                    path,
                    at(),
                    field,
                    format!("expected one node number per line, found \"{line}\""),
                ));
            };
            let v: i64 = tok.parse().map_err(|_| {
                input_error(
                    path,
                    at(),
                    field,
                    format!("\"{}\" is not a node number", crate::io::text::shorten(tok)),
                )
            })?;
            if depot_done {
                return Err(input_error(path, at(), field, "entry after the closing -1"));
            }
            if v == -1 {
                depot_done = true;
                continue;
            }
            let dim = dimension.unwrap_or(0);
            if v < 1 || v as u64 > dim as u64 {
                return Err(input_error(
                    path,
                    at(),
                    field,
                    format!("node {v} is out of range 1..={dim}"),
                ));
            }
            if !depots.is_empty() {
                return Err(input_error(
                    path,
                    at(),
                    field,
                    "several depots are not supported",
                ));
            }
            depots.push(v as usize - 1);
            continue;
        }

        let expected = match section {
            Section::Coords | Section::Windows => 3,
            _ => 2,
        };
        if tokens.len() != expected {
            return Err(input_error(
                path,
                at(),
                field,
                format!(
                    "expected {expected} values (node number and {}), found {}",
                    expected - 1,
                    tokens.len()
                ),
            ));
        }
        let node_tok = tokens.first().copied().unwrap_or("");
        let dim = dimension.unwrap_or(0);
        let node = node_tok
            .parse::<usize>()
            .ok()
            .filter(|&v| (1..=dim).contains(&v))
            .ok_or_else(|| {
                input_error(
                    path,
                    at(),
                    field,
                    format!("node \"{node_tok}\" is not a node number in 1..={dim}"),
                )
            })?
            - 1;
        let value = |k: usize| -> &str { tokens.get(k).copied().unwrap_or("") };
        let num_err = |tok: &str, what: &str| {
            input_error(
                path,
                at(),
                field,
                format!("\"{}\" is not {what}", crate::io::text::shorten(tok)),
            )
        };
        let tenths = |k: usize| {
            parse_tenths(value(k))
                .ok_or_else(|| num_err(value(k), "a number with at most one decimal"))
        };
        let slot_taken = |taken: bool| {
            if taken {
                Err(input_error(
                    path,
                    at(),
                    field,
                    format!("node {} given twice", node + 1),
                ))
            } else {
                Ok(())
            }
        };
        match section {
            Section::Coords => {
                let coord = |k: usize| {
                    value(k)
                        .parse::<f64>()
                        .ok()
                        .filter(|v| v.is_finite())
                        .ok_or_else(|| num_err(value(k), "a finite number"))
                };
                let xy = (coord(1)?, coord(2)?);
                if let Some(slot) = coords.values.get_mut(node) {
                    slot_taken(slot.is_some())?;
                    *slot = Some(xy);
                }
            }
            Section::Demand => {
                let q = value(1)
                    .parse::<i64>()
                    .map_err(|_| num_err(value(1), "an integer"))?;
                if let Some(slot) = demands.values.get_mut(node) {
                    slot_taken(slot.is_some())?;
                    *slot = Some(q);
                }
            }
            Section::Windows => {
                let w = (tenths(1)?, tenths(2)?);
                if let Some(slot) = windows.values.get_mut(node) {
                    slot_taken(slot.is_some())?;
                    *slot = Some(w);
                }
            }
            Section::Service => {
                let s = tenths(1)?;
                if let Some(slot) = service.values.get_mut(node) {
                    slot_taken(slot.is_some())?;
                    *slot = Some(s);
                }
            }
            Section::Header | Section::Depot => {}
        }
    }

    let Some(dimension) = dimension else {
        return Err(input_error(
            path,
            format!("line {last_line}"),
            "DIMENSION",
            "missing key DIMENSION",
        ));
    };
    let Some(capacity) = capacity else {
        return Err(input_error(
            path,
            format!("line {last_line}"),
            "CAPACITY",
            "missing key CAPACITY",
        ));
    };
    let coords = coords.complete(path, Section::Coords, last_line)?;
    let demands = demands.complete(path, Section::Demand, last_line)?;
    let windows = windows.complete(path, Section::Windows, last_line)?;
    let depot = if depot_line == 0 {
        0
    } else {
        match depots.first() {
            Some(&d) => d,
            None => {
                return Err(input_error(
                    path,
                    format!("line {depot_line}"),
                    "DEPOT_SECTION",
                    "no depot listed",
                ));
            }
        }
    };
    let service = if service.header_line != 0 {
        service.complete(path, Section::Service, last_line)?
    } else {
        let Some(s) = service_time else {
            return Err(input_error(
                path,
                format!("line {last_line}"),
                "SERVICE_TIME",
                "neither a SERVICE_TIME key nor a SERVICE_TIME_SECTION",
            ));
        };
        (0..dimension)
            .map(|i| if i == depot { 0 } else { s })
            .collect()
    };
    Ok(build_dimacs(RawCvrptw {
        name: name.unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        }),
        coords,
        demands,
        windows,
        service,
        depot,
        vehicles,
        capacity,
    }))
}

/// A solution file in the CVRPLIB/DIMACS `.sol` format.
#[derive(Clone, Debug, PartialEq)]
pub struct SolFile {
    /// Routes in file order, each a list of customer numbers (visit ids), depot implicit.
    pub routes: Vec<Vec<String>>,
    /// The `Cost` line, if any.
    pub cost: Option<f64>,
}

/// Reads a `.sol` file.
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) if the file cannot be read; otherwise as [`parse_sol`].
pub fn read_sol(path: &Path) -> Result<SolFile> {
    let text = crate::io::text::read_text(path)?;
    parse_sol(path, &text)
}

/// Parses a `.sol` file: `Route #k: c1 c2 ...` lines (customer numbers, routes numbered
/// `1, 2, ...` in order) and an optional `Cost X` line. Blank lines and other lines (e.g.
/// `Time 12.3`, comments) are ignored.
///
/// # Errors
/// [`Error::Input`](crate::Error::Input) naming the line and the field (`Route #k` or `Cost`) for a route line without
/// `:`, a route number out of sequence, a customer that is not a non-negative integer, a
/// non-numeric or repeated cost.
pub fn parse_sol(path: &Path, text: &str) -> Result<SolFile> {
    let mut routes = Vec::new();
    let mut cost = None;
    for (i, raw_line) in text.lines().enumerate() {
        let at = || format!("line {}", i + 1);
        let line = raw_line.trim();
        if let Some(rest) = line.strip_prefix("Route") {
            let Some((label, body)) = rest.split_once(':') else {
                return Err(input_error(
                    path,
                    at(),
                    "Route",
                    "expected `Route #k: customers...`",
                ));
            };
            let label = label.trim();
            let expected = routes.len() + 1;
            if label
                .strip_prefix('#')
                .and_then(|k| k.trim().parse::<usize>().ok())
                != Some(expected)
            {
                return Err(input_error(
                    path,
                    at(),
                    "Route",
                    format!("expected route label #{expected}, found \"{label}\""),
                ));
            }
            let field = format!("Route #{expected}");
            let mut route = Vec::new();
            for tok in body.split_whitespace() {
                if tok.parse::<u64>().is_err() {
                    return Err(input_error(
                        path,
                        at(),
                        &field,
                        format!(
                            "\"{}\" is not a customer number",
                            crate::io::text::shorten(tok)
                        ),
                    ));
                }
                route.push(tok.to_string());
            }
            routes.push(route);
        } else if let Some(rest) = line.strip_prefix("Cost") {
            let raw = rest.trim_start_matches(':').trim();
            let v = raw
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    input_error(
                        path,
                        at(),
                        "Cost",
                        format!("\"{}\" is not a number", crate::io::text::shorten(raw)),
                    )
                })?;
            if cost.replace(v).is_some() {
                return Err(input_error(path, at(), "Cost", "cost given twice"));
            }
        }
    }
    Ok(SolFile { routes, cost })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_are_exact() {
        assert_eq!(parse_tenths("90"), Some(900));
        assert_eq!(parse_tenths("12.5"), Some(125));
        assert_eq!(parse_tenths("12.50"), Some(125));
        assert_eq!(parse_tenths("-3"), Some(-30));
        assert_eq!(parse_tenths(".5"), Some(5));
        assert_eq!(parse_tenths("12.55"), None);
        assert_eq!(parse_tenths("1e3"), None);
        assert_eq!(parse_tenths(""), None);
        assert_eq!(parse_tenths("."), None);
        assert_eq!(parse_tenths("99999999999999999999"), None);
    }

    #[test]
    fn dimacs_distance_truncates_exactly() {
        // sqrt(25 + 324) = 18.681... → 186.
        assert_eq!(dimacs_tenths((40.0, 50.0), (45.0, 68.0)), 186);
        // 3-4-5 triangle: exactly 50 tenths, not 49.
        assert_eq!(dimacs_tenths((0.0, 0.0), (3.0, 4.0)), 50);
        assert_eq!(dimacs_tenths((1.0, 1.0), (1.0, 1.0)), 0);
        // Fractional coordinates: 0.3-0.4-0.5 gives 5 tenths despite rounding in f64.
        assert_eq!(dimacs_tenths((0.1, 0.2), (0.4, 0.6)), 5);
        // Exact integer path agrees with the float path away from tenths boundaries.
        let pairs: [((f64, f64), (f64, f64)); 2] =
            [((0.0, 0.0), (7.0, 11.0)), ((-5.0, 3.0), (60.0, -2.0))];
        for (a, b) in pairs {
            let f = (10.0 * (a.0 - b.0).hypot(a.1 - b.1)).floor() as i64;
            assert_eq!(dimacs_tenths(a, b), f);
        }
    }
}
