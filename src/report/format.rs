//! Shared by the GeoJSON and HTML reports: clock times, numbers, carer colours, escaping.

use std::collections::BTreeMap;

use crate::pipeline::TeamOut;

/// Route colours: distinct on a light background, none of them the grey of the roads.
pub(crate) const PALETTE: [&str; 12] = [
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#393b79", "#637939", "#ad494a",
];

/// Colour of each carer of a team: the team's own staff in their listed order, then the other
/// carers (temps) in the order their routes appear over the days. The same carer has the same
/// colour on every day, in the map and in the GeoJSON.
pub(crate) fn carer_colours(team: &TeamOut) -> BTreeMap<&str, &'static str> {
    let mut colours = BTreeMap::new();
    let carers = team.staff.iter().map(String::as_str).chain(
        team.days
            .iter()
            .flat_map(|d| d.routes.iter().map(|r| r.carer.as_str())),
    );
    for carer in carers {
        let next = PALETTE[colours.len() % PALETTE.len()];
        colours.entry(carer).or_insert(next);
    }
    colours
}

/// The colour of `carer` in `colours` (the first palette colour for an unknown carer).
pub(crate) fn colour_of(colours: &BTreeMap<&str, &'static str>, carer: &str) -> &'static str {
    colours.get(carer).copied().unwrap_or(PALETTE[0])
}

/// Seconds after midnight as `HH:MM` (minutes truncated; hours past 24 kept: `25:10`).
pub(crate) fn hhmm(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// `x` with `decimals` decimals and the thousands grouped by spaces (`12 345.6`); `–` when not
/// finite. A value that rounds to zero has no minus sign.
pub(crate) fn num(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let text = format!("{:.*}", decimals, x.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let zero = text.bytes().all(|b| b == b'0' || b == b'.');
    let mut out = String::with_capacity(text.len() + 4);
    if x < 0.0 && !zero {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// `s` with `& < > " '` replaced by character references: safe in element text and in
/// quoted attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Length of a `[lon, lat]` polyline in kilometres (great-circle legs).
pub(crate) fn path_km(path: &[[f64; 2]]) -> f64 {
    path.windows(2)
        .map(|w| {
            crate::graph::geo::haversine_m(
                crate::osm::LatLon {
                    lat: w[0][1],
                    lon: w[0][0],
                },
                crate::osm::LatLon {
                    lat: w[1][1],
                    lon: w[1][0],
                },
            )
        })
        .sum::<f64>()
        / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_times() {
        assert_eq!(num(12345.67, 1), "12 345.7");
        assert_eq!(num(-1234.0, 0), "-1 234");
        assert_eq!(num(-0.04, 1), "0.0");
        assert_eq!(num(999.0, 0), "999");
        assert_eq!(num(f64::NAN, 1), "–");
        assert_eq!(hhmm(8 * 3600 + 5 * 60 + 59), "08:05");
        assert_eq!(hhmm(25 * 3600), "25:00");
        assert_eq!(
            escape("<a href='x'>&\""),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;"
        );
    }
}
