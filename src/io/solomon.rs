//! The classic Solomon (1987) VRPTW text format (`C101.txt` etc.):
//!
//! ```text
//! C101
//!
//! VEHICLE
//! NUMBER     CAPACITY
//!   25         200
//!
//! CUSTOMER
//! CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE TIME
//!
//!     0      40         50          0          0       1236          0
//!     1      45         68         10        912        967         90
//! ```
//!
//! Customer 0 is the depot; customers must be numbered `0, 1, 2, ...` in file order. The
//! conversion is the DIMACS one of [`crate::io::vrplib`] (integer tenths of file units): visit ids
//! are the customer numbers, there are `NUMBER` carers `"1"..` with capacity `CAPACITY`, and the
//! same file as VRPLIB gives the same [`InstanceParts`] (except for the name, taken from the
//! first line).

use std::path::Path;

use crate::error::Result;
use crate::io::input_error;
use crate::io::vrplib::{MAX_NODES, MAX_VEHICLES, RawCvrptw, build_dimacs, parse_tenths};
use crate::model::InstanceParts;

/// Reads a Solomon-format instance.
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) if the file cannot be read; otherwise as [`parse_solomon`].
pub fn read_solomon(path: &Path) -> Result<InstanceParts> {
    let text = crate::io::text::read_text(path)?;
    parse_solomon(path, &text)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Name,
    Vehicle,
    VehicleHeader,
    VehicleRow,
    Customer,
    CustomerHeader,
    Rows,
}

/// Parses a Solomon-format instance from text; `path` is used in messages.
///
/// # Errors
/// [`Error::Input`](crate::Error::Input) naming the line and the block (`VEHICLE`, `CUSTOMER`) or column for: a
/// missing block or header line, a vehicle row that is not two non-negative integers, a customer
/// row without exactly seven values, a non-numeric value, customers not numbered `0, 1, 2, ...`,
/// and a file without customers.
pub fn parse_solomon(path: &Path, text: &str) -> Result<InstanceParts> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut state = State::Name;
    let mut name = String::new();
    let mut vehicles = 0usize;
    let mut capacity = 0i64;
    let mut coords = Vec::new();
    let mut demands = Vec::new();
    let mut windows = Vec::new();
    let mut service = Vec::new();
    let mut last_line = 0usize;

    for (i, raw_line) in text.lines().enumerate() {
        let line_no = i + 1;
        last_line = line_no;
        let at = || format!("line {line_no}");
        let line = raw_line.trim();
        if line.is_empty() {
            continue;
        }
        let upper = line.to_ascii_uppercase();
        let expect = |field: &str, what: &str| {
            input_error(
                path,
                at(),
                field,
                format!("expected {what}, found \"{line}\""),
            )
        };
        match state {
            State::Name => {
                name = line.to_string();
                state = State::Vehicle;
            }
            State::Vehicle => {
                if upper != "VEHICLE" {
                    return Err(expect("VEHICLE", "the line VEHICLE"));
                }
                state = State::VehicleHeader;
            }
            State::VehicleHeader => {
                if !upper.starts_with("NUMBER") {
                    return Err(expect("VEHICLE", "the header NUMBER CAPACITY"));
                }
                state = State::VehicleRow;
            }
            State::VehicleRow => {
                let tokens: Vec<&str> = line.split_whitespace().collect();
                let [number, cap] = tokens.as_slice() else {
                    return Err(expect("VEHICLE", "two values NUMBER CAPACITY"));
                };
                vehicles = number
                    .parse()
                    .ok()
                    .filter(|&k| k <= MAX_VEHICLES)
                    .ok_or_else(|| {
                        input_error(
                            path,
                            at(),
                            "NUMBER",
                            format!(
                                "\"{}\" is not an integer in 0..={MAX_VEHICLES}",
                                crate::io::text::shorten(number)
                            ),
                        )
                    })?;
                capacity = cap.parse().map_err(|_| {
                    input_error(
                        path,
                        at(),
                        "CAPACITY",
                        format!("\"{}\" is not an integer", crate::io::text::shorten(cap)),
                    )
                })?;
                state = State::Customer;
            }
            State::Customer => {
                if upper != "CUSTOMER" {
                    return Err(expect("CUSTOMER", "the line CUSTOMER"));
                }
                state = State::CustomerHeader;
            }
            State::CustomerHeader => {
                if !upper.starts_with("CUST") {
                    return Err(expect("CUSTOMER", "the column header CUST NO. XCOORD. ..."));
                }
                state = State::Rows;
            }
            State::Rows => {
                let tokens: Vec<&str> = line.split_whitespace().collect();
                let [no, x, y, q, ready, due, s] = tokens.as_slice() else {
                    return Err(input_error(
                        path,
                        at(),
                        "CUSTOMER",
                        format!("expected 7 values, found {}", tokens.len()),
                    ));
                };
                let expected = coords.len();
                if expected >= MAX_NODES {
                    return Err(input_error(
                        path,
                        at(),
                        "CUSTOMER",
                        format!("more than {MAX_NODES} rows"),
                    ));
                }
                if no.parse::<usize>().ok() != Some(expected) {
                    return Err(input_error(
                        path,
                        at(),
                        "CUST NO.",
                        format!("expected customer {expected}, found \"{no}\""),
                    ));
                }
                let coord = |tok: &str, field: &str| {
                    tok.parse::<f64>()
                        .ok()
                        .filter(|v| v.is_finite())
                        .ok_or_else(|| {
                            input_error(
                                path,
                                at(),
                                field,
                                format!("\"{}\" is not a number", crate::io::text::shorten(tok)),
                            )
                        })
                };
                let tenths = |tok: &str, field: &str| {
                    parse_tenths(tok).ok_or_else(|| {
                        input_error(
                            path,
                            at(),
                            field,
                            format!(
                                "\"{}\" is not a number with at most one decimal",
                                crate::io::text::shorten(tok)
                            ),
                        )
                    })
                };
                coords.push((coord(x, "XCOORD.")?, coord(y, "YCOORD.")?));
                demands.push(q.parse::<i64>().map_err(|_| {
                    input_error(
                        path,
                        at(),
                        "DEMAND",
                        format!("\"{}\" is not an integer", crate::io::text::shorten(q)),
                    )
                })?);
                windows.push((tenths(ready, "READY TIME")?, tenths(due, "DUE DATE")?));
                service.push(tenths(s, "SERVICE TIME")?);
            }
        }
    }
    if coords.is_empty() {
        let field = match state {
            State::Name | State::Vehicle | State::VehicleHeader | State::VehicleRow => "VEHICLE",
            _ => "CUSTOMER",
        };
        return Err(input_error(
            path,
            format!("line {last_line}"),
            field,
            format!("missing {field} block or customer rows"),
        ));
    }
    // The depot's own service time plays no role; keep the VRPLIB convention (0).
    if let Some(s) = service.first_mut() {
        *s = 0;
    }
    Ok(build_dimacs(RawCvrptw {
        name,
        coords,
        demands,
        windows,
        service,
        depot: 0,
        vehicles: Some(vehicles),
        capacity,
    }))
}
