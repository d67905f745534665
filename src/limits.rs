//! Wall-clock limits without panics: seconds given as any `f64` become a [`Duration`] and a
//! deadline [`Instant`] that cannot overflow, and the edge check every command and the Python
//! binding share ([`time_limit`]).
//!
//! `Duration::from_secs_f64` panics on a negative, NaN or huge value and `Instant + Duration`
//! panics on overflow; the functions here saturate instead, so no limit a caller passes (from
//! the command line, Python or a parameter file) can crash a run.

use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// The largest time limit accepted at the edge: one week, in seconds.
pub const MAX_TIME_LIMIT_S: f64 = 604_800.0;

/// `secs` as a [`Duration`]: NaN and negative values give zero, values beyond
/// [`MAX_TIME_LIMIT_S`] (and infinity) give one week. Never panics.
pub fn duration(secs: f64) -> Duration {
    if secs.is_nan() || secs <= 0.0 {
        return Duration::ZERO;
    }
    Duration::try_from_secs_f64(secs.min(MAX_TIME_LIMIT_S)).unwrap_or(Duration::ZERO)
}

/// The instant `d` after `from`; when that cannot be represented, the latest of one week later
/// or `from` itself. Never panics.
pub fn after(from: Instant, d: Duration) -> Instant {
    from.checked_add(d)
        .or_else(|| from.checked_add(Duration::from_secs(MAX_TIME_LIMIT_S as u64)))
        .unwrap_or(from)
}

/// The instant `secs` seconds from now (see [`duration`] and [`after`]).
pub fn deadline_in(secs: f64) -> Instant {
    after(Instant::now(), duration(secs))
}

/// Checks a time limit given by a user: a number of seconds, `> 0` (or `>= 0` when `zero_ok`)
/// and at most [`MAX_TIME_LIMIT_S`]. `name` is the parameter as the user spells it
/// (`--time-limit`, `time_limit`).
///
/// # Errors
/// [`Error::Param`] naming `name` for NaN, infinite, negative (or zero) and too large values.
pub fn time_limit(name: &str, secs: f64, zero_ok: bool) -> Result<f64> {
    let low_ok = if zero_ok { secs >= 0.0 } else { secs > 0.0 };
    if secs.is_finite() && low_ok && secs <= MAX_TIME_LIMIT_S {
        return Ok(secs);
    }
    let shown = if secs.is_finite() && secs.abs() >= 1e9 {
        format!("{secs:.3e}")
    } else {
        secs.to_string()
    };
    let range = if zero_ok {
        "from 0 to"
    } else {
        "above 0 and at most"
    };
    Err(Error::Param {
        name: name.into(),
        msg: format!("{shown} is not a number of seconds {range} {MAX_TIME_LIMIT_S} (one week)"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_f64_gives_a_duration_and_a_deadline_without_panicking() {
        for v in [
            f64::NAN,
            f64::NEG_INFINITY,
            -1.0,
            -0.0,
            0.0,
            1e-12,
            1.5,
            604_800.0,
            1e19,
            1e30,
            f64::MAX,
            f64::INFINITY,
        ] {
            let d = duration(v);
            assert!(d <= Duration::from_secs(604_800), "{v}: {d:?}");
            let _ = deadline_in(v);
        }
        assert_eq!(duration(f64::NAN), Duration::ZERO);
        assert_eq!(duration(-3.0), Duration::ZERO);
        assert_eq!(duration(1.5), Duration::from_millis(1500));
        assert_eq!(duration(1e30), Duration::from_secs(604_800));
    }

    #[test]
    fn edge_check_names_the_parameter_and_bounds_a_week() {
        for bad in [f64::NAN, -1.0, 0.0, 604_800.5, 1e19, 1e30, f64::INFINITY] {
            let e = time_limit("--time-limit", bad, false).expect_err("rejected");
            let text = e.to_string();
            assert!(text.contains("--time-limit"), "{text}");
            assert!(e.is_input());
        }
        assert!(time_limit("--time-limit", 0.0, true).is_ok());
        assert_eq!(time_limit("x", 604_800.0, false).ok(), Some(604_800.0));
        // Huge values are shown shortened, not with 30 digits.
        let e = time_limit("x", 1e30, false)
            .expect_err("rejected")
            .to_string();
        assert!(e.contains("1.000e30"), "{e}");
    }
}
