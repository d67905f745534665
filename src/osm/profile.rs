//! Travel profiles: which OSM ways a car, a bike or a pedestrian may use, in which direction,
//! and at what speed.
//!
//! The rules follow OSRM's Lua profiles (`profiles/car.lua`, `bicycle.lua`, `foot.lua` and
//! `lib/way_handlers.lua` in Project-OSRM/osrm-backend, API version 4), rewritten in Rust, so
//! that car durations can be compared with OSRM's. Every table, every rule and every place where
//! we deliberately differ from OSRM is written down in `docs/profiles.md`; keep the two in step.
//!
//! [`way_access`] is called once per OSM way (about 10⁵ times for a municipality), so it reads the
//! tag slice once into a small struct of borrowed values and allocates nothing. Tags are untrusted
//! input: unknown or malformed values fall back to defaults and never panic.

use std::fmt;
use std::str::FromStr;

/// A travel mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Profile {
    /// Motor car.
    Car,
    /// Bicycle.
    Bike,
    /// On foot.
    Foot,
}

impl Profile {
    /// All profiles, in a fixed order.
    pub const ALL: [Profile; 3] = [Profile::Car, Profile::Bike, Profile::Foot];

    /// The profile's name as used on the command line and in outputs: `car`, `bike` or `foot`.
    pub const fn name(self) -> &'static str {
        match self {
            Profile::Car => "car",
            Profile::Bike => "bike",
            Profile::Foot => "foot",
        }
    }

    /// The highest speed (km/h) [`way_access`] can ever return for this profile. No travel time
    /// can be shorter than the crow-fly distance at this speed.
    ///
    /// Car: a posted limit is clamped to [`MAXSPEED_NONE_KMH`] before the
    /// [`CAR_MAXSPEED_FACTOR`] is applied (112 km/h); bike: 15 km/h; foot: 5 km/h.
    pub const fn max_speed_kmh(self) -> f64 {
        match self {
            Profile::Car => MAXSPEED_NONE_KMH * CAR_MAXSPEED_FACTOR,
            Profile::Bike => BIKE_KMH,
            Profile::Foot => WALK_KMH,
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A profile name that is none of `car`, `bike`, `foot`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown travel profile `{given}`: expected one of car, bike, foot")]
pub struct ParseProfileError {
    /// The text that was given.
    pub given: String,
}

impl FromStr for Profile {
    type Err = ParseProfileError;

    /// Parses `car`, `bike` or `foot` (ASCII case-insensitive, surrounding spaces ignored).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        Profile::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(t))
            .ok_or_else(|| ParseProfileError {
                given: s.to_owned(),
            })
    }
}

/// What a way allows for one profile: speed (km/h) per direction, `None` where that direction
/// is not allowed. Forward is the order of the way's nodes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WayAccess {
    /// Speed in km/h along the way's node order, if allowed.
    pub forward: Option<f64>,
    /// Speed in km/h against the way's node order, if allowed.
    pub backward: Option<f64>,
}

/// Share of a posted speed limit that a car is assumed to drive on average (OSRM car.lua
/// `speed_reduction = 0.8`). Applied to every parsed `maxspeed`, never to the class defaults.
pub const CAR_MAXSPEED_FACTOR: f64 = 0.8;

/// Speed (km/h) assumed for `maxspeed=none` (OSRM car.lua `maxspeed_table["none"] = 140`).
/// Posted limits above it are clamped to it for the car profile.
pub const MAXSPEED_NONE_KMH: f64 = 140.0;

/// Car speed (km/h) on a way whose class has no entry in the car table but which a whitelisted
/// access tag opens to cars (OSRM car.lua `default_speed`).
const CAR_DEFAULT_KMH: f64 = 10.0;
/// Cycling speed (km/h) on roads and cycleways (OSRM bicycle.lua `default_speed`).
const BIKE_KMH: f64 = 15.0;
/// Cycling speed (km/h) on tracks and paths (OSRM bicycle.lua).
const BIKE_TRACK_KMH: f64 = 12.0;
/// Speed (km/h) of a cyclist pushing the bike (OSRM bicycle.lua `walking_speed`).
const BIKE_PUSH_KMH: f64 = 4.0;
/// Walking speed (km/h) (OSRM foot.lua `walking_speed`).
const WALK_KMH: f64 = 5.0;
/// Posted limits above this (km/h) are taken as garbage by [`parse_maxspeed`].
const MAXSPEED_SANE_KMH: f64 = 300.0;

const KMH_PER_MPH: f64 = 1.609_344;
const KMH_PER_KNOT: f64 = 1.852;

/// Decides whether and how `profile` may use a way with these tags. `None` if it may not use it
/// in either direction. Every returned speed is finite, positive and at most
/// [`Profile::max_speed_kmh`].
///
/// The rules per profile are documented in `docs/profiles.md`.
pub fn way_access(profile: Profile, tags: &[(&str, &str)]) -> Option<WayAccess> {
    let t = Tags::read(tags);
    let access = match profile {
        Profile::Car => car(&t),
        Profile::Bike => bike(&t),
        Profile::Foot => foot(&t),
    };
    let max = profile.max_speed_kmh();
    let sane = |s: Option<f64>| s.filter(|v| v.is_finite() && *v > 0.0).map(|v| v.min(max));
    let a = WayAccess {
        forward: sane(access.forward),
        backward: sane(access.backward),
    };
    (a.forward.is_some() || a.backward.is_some()).then_some(a)
}

/// Parses an OSM speed limit value (`maxspeed`, `maxspeed:forward`, `source:maxspeed`,
/// `maxspeed:type`, ...) into km/h. `None` for anything that is not a usable number, so that the
/// caller falls back to its class default.
///
/// - Numbers with an optional unit: none, `km/h`, `kmh`, `kph` (km/h); `mph`; `knots`/`kn`.
///   `"50"`, `"50 km/h"`, `"30 mph"`, `"10 knots"`.
/// - Lists such as `"50;30"`: the first value is used (OSRM does the same).
/// - Implicit limits `CC:context` (ASCII case-insensitive), e.g. `NO:urban` = 50,
///   `NO:rural` = 80, `NO:motorway` = 110, `GB:nsl_single` = 60 mph, `DE:zone30` = 30. The
///   country table is in `docs/profiles.md`; unknown countries use OSRM's generic values
///   (urban 50, rural 90, trunk 110, motorway 130).
/// - `none` = [`MAXSPEED_NONE_KMH`]; `walk`, `signals`, `variable` and unknown words: `None`.
/// - Zero, negative, non-finite and values above 300 km/h: `None`.
pub fn parse_maxspeed(value: &str) -> Option<f64> {
    let first = value.split(';').next().unwrap_or("").trim();
    if first.is_empty() {
        return None;
    }
    if first.eq_ignore_ascii_case("none") {
        return Some(MAXSPEED_NONE_KMH);
    }
    let kmh = if first.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        parse_number_with_unit(first)?
    } else if let Some((country, context)) = first.split_once(':') {
        implicit_maxspeed(country.trim(), context.trim())?
    } else {
        return None; // walk, signals, variable, garbage
    };
    (kmh.is_finite() && kmh > 0.0 && kmh <= MAXSPEED_SANE_KMH).then_some(kmh)
}

/// `"50"`, `"50 km/h"`, `"30 mph"`, `"10 knots"` → km/h.
fn parse_number_with_unit(s: &str) -> Option<f64> {
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (number, unit) = s.split_at(end);
    let n: f64 = number.parse().ok()?;
    let unit = unit.trim();
    let is = |names: &[&str]| names.iter().any(|u| u.eq_ignore_ascii_case(unit));
    let factor = if unit.is_empty() || is(&["km/h", "kmh", "kph", "kmph", "km/t"]) {
        1.0
    } else if is(&["mph", "mp/h"]) {
        KMH_PER_MPH
    } else if is(&["knots", "knot", "kn", "kt"]) {
        KMH_PER_KNOT
    } else {
        return None;
    };
    Some(n * factor)
}

/// Implicit limits by country and context. `None` in the value column means "no number: use the
/// class default" (e.g. walking pace in living streets). Sources in `docs/profiles.md`.
const IMPLICIT_MAXSPEED: &[(&str, &str, Option<f64>)] = &[
    ("NO", "urban", Some(50.0)),
    ("NO", "rural", Some(80.0)),
    ("NO", "motorway", Some(110.0)),
    ("NO", "living_street", None),
    ("SE", "urban", Some(50.0)),
    ("SE", "rural", Some(70.0)),
    ("SE", "motorway", Some(110.0)),
    ("SE", "living_street", None),
    ("FI", "urban", Some(50.0)),
    ("FI", "rural", Some(80.0)),
    ("FI", "motorway", Some(120.0)),
    ("FI", "living_street", Some(20.0)),
    ("DK", "urban", Some(50.0)),
    ("DK", "rural", Some(80.0)),
    ("DK", "motorway", Some(130.0)),
    ("DE", "urban", Some(50.0)),
    ("DE", "rural", Some(100.0)),
    ("DE", "motorway", Some(130.0)),
    ("DE", "living_street", None),
    ("AT", "urban", Some(50.0)),
    ("AT", "rural", Some(100.0)),
    ("AT", "trunk", Some(100.0)),
    ("AT", "motorway", Some(130.0)),
    ("CH", "urban", Some(50.0)),
    ("CH", "rural", Some(80.0)),
    ("CH", "trunk", Some(100.0)),
    ("CH", "motorroad", Some(100.0)),
    ("CH", "motorway", Some(120.0)),
    ("CH", "living_street", Some(20.0)),
    ("LI", "urban", Some(50.0)),
    ("LI", "rural", Some(80.0)),
    ("FR", "urban", Some(50.0)),
    ("FR", "rural", Some(80.0)),
    ("FR", "trunk", Some(110.0)),
    ("FR", "motorway", Some(130.0)),
    ("FR", "living_street", Some(20.0)),
    ("NL", "urban", Some(50.0)),
    ("NL", "rural", Some(80.0)),
    ("NL", "trunk", Some(100.0)),
    ("NL", "motorway", Some(130.0)),
    ("NL", "living_street", Some(15.0)),
    ("BE", "motorway", Some(120.0)),
    ("BE-VLG", "rural", Some(70.0)),
    ("GB", "nsl_restricted", Some(30.0 * KMH_PER_MPH)),
    ("GB", "nsl_single", Some(60.0 * KMH_PER_MPH)),
    ("GB", "nsl_dual", Some(70.0 * KMH_PER_MPH)),
    ("GB", "motorway", Some(70.0 * KMH_PER_MPH)),
    ("UK", "nsl_restricted", Some(30.0 * KMH_PER_MPH)),
    ("UK", "nsl_single", Some(60.0 * KMH_PER_MPH)),
    ("UK", "nsl_dual", Some(70.0 * KMH_PER_MPH)),
    ("UK", "motorway", Some(70.0 * KMH_PER_MPH)),
];

/// Generic contexts for countries (or contexts) not in [`IMPLICIT_MAXSPEED`]: OSRM car.lua
/// `maxspeed_table_default`, plus cycle streets.
const GENERIC_MAXSPEED: &[(&str, f64)] = &[
    ("urban", 50.0),
    ("rural", 90.0),
    ("trunk", 110.0),
    ("motorway", 130.0),
    ("bicycle_road", 30.0),
    ("cyclestreet", 30.0),
    ("cycle_street", 30.0),
];

/// `NO:urban` → 50; `DE:zone30` / `DE:zone:30` → 30; `XX:rural` → 90 (generic).
fn implicit_maxspeed(country: &str, context: &str) -> Option<f64> {
    let country_ok = !country.is_empty()
        && country.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
        && country.starts_with(|c: char| c.is_ascii_alphabetic());
    if !country_ok || context.is_empty() {
        return None;
    }
    // Speed zones: "zone30", "zone:30", "zone 30".
    if let Some((_, rest)) = context
        .split_at_checked(4)
        .filter(|(head, _)| head.eq_ignore_ascii_case("zone"))
    {
        let number = rest.trim_start_matches([':', ' ']);
        return if number.starts_with(|c: char| c.is_ascii_digit()) {
            parse_number_with_unit(number)
        } else {
            None
        };
    }
    for &(c, x, v) in IMPLICIT_MAXSPEED {
        if c.eq_ignore_ascii_case(country) && x.eq_ignore_ascii_case(context) {
            return v;
        }
    }
    GENERIC_MAXSPEED
        .iter()
        .find(|(x, _)| x.eq_ignore_ascii_case(context))
        .map(|&(_, v)| v)
}

// ---------------------------------------------------------------------------------------------
// Tags read once per way
// ---------------------------------------------------------------------------------------------

/// Direction of travel relative to the way's node order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dir {
    Forward,
    Backward,
}

/// A key with its `:forward` / `:backward` variants.
#[derive(Clone, Copy, Default)]
struct Directional<'a> {
    both: Option<&'a str>,
    forward: Option<&'a str>,
    backward: Option<&'a str>,
}

impl<'a> Directional<'a> {
    /// The value that applies in `dir`: the directional key if present, else the plain key
    /// (OSRM `Tags.get_forward_backward_by_key`).
    fn get(&self, dir: Dir) -> Option<&'a str> {
        match dir {
            Dir::Forward => self.forward.or(self.both),
            Dir::Backward => self.backward.or(self.both),
        }
    }
}

/// The tags any profile looks at, borrowed from the way. Empty values count as absent.
#[derive(Default)]
struct Tags<'a> {
    highway: Option<&'a str>,
    area: Option<&'a str>,
    junction: Option<&'a str>,
    service: Option<&'a str>,
    construction: Option<&'a str>,
    impassable: Option<&'a str>,
    status: Option<&'a str>,
    motorroad: Option<&'a str>,
    surface: Option<&'a str>,
    tracktype: Option<&'a str>,
    smoothness: Option<&'a str>,
    oneway: Option<&'a str>,
    oneway_motorcar: Option<&'a str>,
    oneway_motor_vehicle: Option<&'a str>,
    oneway_vehicle: Option<&'a str>,
    oneway_bicycle: Option<&'a str>,
    oneway_foot: Option<&'a str>,
    cycleway: Option<&'a str>,
    cycleway_left: Option<&'a str>,
    cycleway_right: Option<&'a str>,
    cycleway_both: Option<&'a str>,
    access: Directional<'a>,
    vehicle: Directional<'a>,
    motor_vehicle: Directional<'a>,
    motorcar: Directional<'a>,
    bicycle: Directional<'a>,
    foot: Directional<'a>,
    maxspeed: Directional<'a>,
    maxspeed_advisory: Directional<'a>,
    source_maxspeed: Directional<'a>,
    maxspeed_type: Directional<'a>,
}

impl<'a> Tags<'a> {
    fn read(tags: &[(&'a str, &'a str)]) -> Tags<'a> {
        let mut t = Tags::default();
        for &(key, value) in tags {
            if value.is_empty() {
                continue;
            }
            let v = Some(value);
            match key {
                "highway" => t.highway = v,
                "area" => t.area = v,
                "junction" => t.junction = v,
                "service" => t.service = v,
                "construction" => t.construction = v,
                "impassable" => t.impassable = v,
                "status" => t.status = v,
                "motorroad" => t.motorroad = v,
                "surface" => t.surface = v,
                "tracktype" => t.tracktype = v,
                "smoothness" => t.smoothness = v,
                "oneway" => t.oneway = v,
                "oneway:motorcar" => t.oneway_motorcar = v,
                "oneway:motor_vehicle" => t.oneway_motor_vehicle = v,
                "oneway:vehicle" => t.oneway_vehicle = v,
                "oneway:bicycle" => t.oneway_bicycle = v,
                "oneway:foot" => t.oneway_foot = v,
                "cycleway" => t.cycleway = v,
                "cycleway:left" => t.cycleway_left = v,
                "cycleway:right" => t.cycleway_right = v,
                "cycleway:both" => t.cycleway_both = v,
                "access" => t.access.both = v,
                "access:forward" => t.access.forward = v,
                "access:backward" => t.access.backward = v,
                "vehicle" => t.vehicle.both = v,
                "vehicle:forward" => t.vehicle.forward = v,
                "vehicle:backward" => t.vehicle.backward = v,
                "motor_vehicle" => t.motor_vehicle.both = v,
                "motor_vehicle:forward" => t.motor_vehicle.forward = v,
                "motor_vehicle:backward" => t.motor_vehicle.backward = v,
                "motorcar" => t.motorcar.both = v,
                "motorcar:forward" => t.motorcar.forward = v,
                "motorcar:backward" => t.motorcar.backward = v,
                "bicycle" => t.bicycle.both = v,
                "bicycle:forward" => t.bicycle.forward = v,
                "bicycle:backward" => t.bicycle.backward = v,
                "foot" => t.foot.both = v,
                "foot:forward" => t.foot.forward = v,
                "foot:backward" => t.foot.backward = v,
                "maxspeed" => t.maxspeed.both = v,
                "maxspeed:forward" => t.maxspeed.forward = v,
                "maxspeed:backward" => t.maxspeed.backward = v,
                "maxspeed:advisory" => t.maxspeed_advisory.both = v,
                "maxspeed:advisory:forward" => t.maxspeed_advisory.forward = v,
                "maxspeed:advisory:backward" => t.maxspeed_advisory.backward = v,
                "source:maxspeed" => t.source_maxspeed.both = v,
                "source:maxspeed:forward" => t.source_maxspeed.forward = v,
                "source:maxspeed:backward" => t.source_maxspeed.backward = v,
                "maxspeed:type" => t.maxspeed_type.both = v,
                "maxspeed:type:forward" => t.maxspeed_type.forward = v,
                "maxspeed:type:backward" => t.maxspeed_type.backward = v,
                _ => {}
            }
        }
        t
    }

    /// Roundabouts, circular junctions and motorways are one-way even without an `oneway` tag
    /// (OSRM `WayHandlers.oneway`).
    fn implied_oneway(&self) -> bool {
        self.highway == Some("motorway") || matches!(self.junction, Some("roundabout" | "circular"))
    }

    fn is_motorroad(&self) -> bool {
        self.motorroad == Some("yes")
    }
}

/// Rules shared by all profiles: ways that do not exist (yet, any more) or cannot be passed.
fn not_routable(t: &Tags) -> bool {
    let highway = t.highway.unwrap_or("");
    matches!(
        highway,
        "construction"
            | "proposed"
            | "planned"
            | "abandoned"
            | "disused"
            | "razed"
            | "demolished"
            | "removed"
            | "dismantled"
            | "no"
    ) || (t.area == Some("yes") && highway != "pedestrian")
        || t.construction
            .is_some_and(|c| !matches!(c, "no" | "widening" | "minor"))
        || t.impassable == Some("yes")
        || t.status == Some("impassable")
}

/// What a recognised `oneway`-style value says: one-way along the nodes, one-way against them,
/// or explicitly two-way. Unrecognised values (`alternating`, garbage) give no `Oneway` at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Oneway {
    Forward,
    Backward,
    No,
}

fn oneway_value(v: Option<&str>) -> Option<Oneway> {
    match v? {
        "yes" | "1" | "true" => Some(Oneway::Forward),
        "-1" => Some(Oneway::Backward),
        "no" | "0" | "false" => Some(Oneway::No),
        _ => None,
    }
}

/// `(forward open, backward open)` for a oneway decision, with implied one-ways.
fn open_directions(oneway: Option<Oneway>, implied: bool) -> (bool, bool) {
    match oneway {
        Some(Oneway::Forward) => (true, false),
        Some(Oneway::Backward) => (false, true),
        Some(Oneway::No) => (true, true),
        None => (true, !implied),
    }
}

/// The first value along an access hierarchy (most specific key first) for `dir`, with the
/// position of the key that decided it (OSRM `Tags.get_forward_backward_by_set`).
fn resolve_access<'a>(hierarchy: &[Directional<'a>], dir: Dir) -> Option<(usize, &'a str)> {
    hierarchy
        .iter()
        .enumerate()
        .find_map(|(i, d)| d.get(dir).map(|v| (i, v)))
}

const DIRS: [Dir; 2] = [Dir::Forward, Dir::Backward];

fn per_direction(mut f: impl FnMut(Dir) -> Option<f64>) -> WayAccess {
    let [forward, backward] = DIRS.map(&mut f);
    WayAccess { forward, backward }
}

// ---------------------------------------------------------------------------------------------
// Car
// ---------------------------------------------------------------------------------------------

/// Default car speed (km/h) per highway class (OSRM car.lua `speeds.highway`). These classes are
/// also the ones where `private`, `destination`, `delivery` and `customers` are allowed
/// (OSRM `restricted_highway_whitelist`).
fn car_class_kmh(highway: &str) -> Option<f64> {
    Some(match highway {
        "motorway" => 90.0,
        "motorway_link" => 45.0,
        "trunk" => 85.0,
        "trunk_link" => 40.0,
        "primary" => 65.0,
        "primary_link" => 30.0,
        "secondary" => 55.0,
        "secondary_link" => 25.0,
        "tertiary" => 40.0,
        "tertiary_link" => 20.0,
        "unclassified" => 25.0,
        "residential" => 25.0,
        "living_street" => 10.0,
        "service" => 15.0,
        _ => return None,
    })
}

/// Classes that never carry cars unless a motor-vehicle key says so (a plain `access=yes` on a
/// footway means "public", not "drive here"). A deliberate difference from OSRM.
fn non_motor_class(highway: &str) -> bool {
    matches!(
        highway,
        "footway"
            | "path"
            | "cycleway"
            | "pedestrian"
            | "bridleway"
            | "steps"
            | "corridor"
            | "platform"
            | "elevator"
            | "via_ferrata"
            | "sidewalk"
            | "crossing"
    )
}

/// Access values that close a way to cars (OSRM car.lua `access_tag_blacklist`).
fn car_blacklisted(v: &str) -> bool {
    matches!(
        v,
        "no" | "agricultural"
            | "forestry"
            | "emergency"
            | "psv"
            | "customers"
            | "private"
            | "delivery"
            | "destination"
    )
}

/// Blacklisted values that still allow cars on the road classes of [`car_class_kmh`]
/// (OSRM car.lua `restricted_access_tag_list`): a home-care visit is destination traffic.
fn car_restricted(v: &str) -> bool {
    matches!(v, "private" | "delivery" | "destination" | "customers")
}

/// Access values that open an otherwise unknown class to cars (OSRM `access_tag_whitelist`).
fn car_whitelisted(v: &str) -> bool {
    matches!(
        v,
        "yes" | "motorcar" | "motor_vehicle" | "vehicle" | "permissive" | "designated" | "hov"
    )
}

/// Upper speed (km/h) by `surface` (OSRM car.lua `surface_speeds`).
fn car_surface_kmh(surface: &str) -> Option<f64> {
    Some(match surface {
        "cement" | "compacted" | "fine_gravel" => 80.0,
        "paving_stones" | "metal" | "bricks" => 60.0,
        "grass" | "wood" | "sett" | "grass_paver" | "gravel" | "unpaved" | "ground" | "dirt"
        | "pebblestone" | "tartan" => 40.0,
        "cobblestone" | "clay" => 30.0,
        "earth" | "stone" | "rocky" | "sand" => 20.0,
        "mud" => 10.0,
        _ => return None,
    })
}

/// Upper speed (km/h) by `tracktype` (OSRM car.lua `tracktype_speeds`).
fn car_tracktype_kmh(tracktype: &str) -> Option<f64> {
    Some(match tracktype {
        "grade1" => 60.0,
        "grade2" => 40.0,
        "grade3" => 30.0,
        "grade4" => 25.0,
        "grade5" => 20.0,
        _ => return None,
    })
}

/// Upper speed (km/h) by `smoothness` (OSRM car.lua `smoothness_speeds`); `impassable` closes
/// the way (checked separately).
fn car_smoothness_kmh(smoothness: &str) -> Option<f64> {
    Some(match smoothness {
        "intermediate" => 80.0,
        "bad" => 40.0,
        "very_bad" => 20.0,
        "horrible" => 10.0,
        "very_horrible" => 5.0,
        _ => return None,
    })
}

/// The posted limit (km/h) in `dir`: the first of `maxspeed:advisory`, `maxspeed`,
/// `source:maxspeed`, `maxspeed:type` (each with its `:forward`/`:backward` variant first) that
/// parses (OSRM `WayHandlers.maxspeed`).
fn car_maxspeed(t: &Tags, dir: Dir) -> Option<f64> {
    [
        t.maxspeed_advisory,
        t.maxspeed,
        t.source_maxspeed,
        t.maxspeed_type,
    ]
    .iter()
    .find_map(|d| d.get(dir).and_then(parse_maxspeed))
}

fn car(t: &Tags) -> WayAccess {
    const CLOSED: WayAccess = WayAccess {
        forward: None,
        backward: None,
    };
    let Some(highway) = t.highway else {
        return CLOSED;
    };
    if not_routable(t)
        || highway == "steps"
        || t.oneway == Some("reversible")
        || t.service == Some("emergency_access")
        || t.smoothness == Some("impassable")
    {
        return CLOSED;
    }
    let hierarchy = [t.motorcar, t.motor_vehicle, t.vehicle, t.access];
    let class_kmh = car_class_kmh(highway);
    let oneway = oneway_value(
        t.oneway_motorcar
            .or(t.oneway_motor_vehicle)
            .or(t.oneway_vehicle)
            .or(t.oneway),
    );
    let (fwd_open, bwd_open) = open_directions(oneway, t.implied_oneway());
    // Caps by surface quality apply to the class speed only; a posted limit replaces both.
    let surface_cap = [
        t.surface.and_then(car_surface_kmh),
        t.tracktype.and_then(car_tracktype_kmh),
        t.smoothness.and_then(car_smoothness_kmh),
    ]
    .into_iter()
    .flatten()
    .fold(f64::INFINITY, f64::min);

    per_direction(|dir| {
        let open = if dir == Dir::Forward {
            fwd_open
        } else {
            bwd_open
        };
        if !open {
            return None;
        }
        let access = resolve_access(&hierarchy, dir);
        if let Some((_, v)) = access
            && car_blacklisted(v)
            && !(class_kmh.is_some() && car_restricted(v))
        {
            return None;
        }
        let base = match class_kmh {
            Some(kmh) => kmh,
            None => {
                // Unknown class: only an explicit whitelisted value opens it; on footways and
                // the like it must come from a vehicle key, not from `access`.
                let (key, v) = access?;
                let from_vehicle_key = key < 3;
                if !car_whitelisted(v) || (non_motor_class(highway) && !from_vehicle_key) {
                    return None;
                }
                CAR_DEFAULT_KMH
            }
        };
        Some(match car_maxspeed(t, dir) {
            Some(limit) => limit.min(MAXSPEED_NONE_KMH) * CAR_MAXSPEED_FACTOR,
            None => base.min(surface_cap),
        })
    })
}

// ---------------------------------------------------------------------------------------------
// Bike
// ---------------------------------------------------------------------------------------------

/// Cycling speed (km/h) per highway class (OSRM bicycle.lua `bicycle_speeds`, plus trunk roads,
/// which Nordic law opens to bicycles unless they are motorroads).
fn bike_class_kmh(highway: &str) -> Option<f64> {
    Some(match highway {
        "cycleway" | "trunk" | "trunk_link" | "primary" | "primary_link" | "secondary"
        | "secondary_link" | "tertiary" | "tertiary_link" | "residential" | "unclassified"
        | "living_street" | "road" | "service" => BIKE_KMH,
        "track" | "path" => BIKE_TRACK_KMH,
        _ => return None,
    })
}

/// Classes where a cyclist may always push the bike, even without cycling access
/// (OSRM bicycle.lua `pedestrian_speeds`, without steps).
fn bike_push_class(highway: &str) -> bool {
    matches!(highway, "footway" | "pedestrian")
}

/// Access values that close a way to bicycles, including pushing (OSRM bicycle.lua).
fn bike_blacklisted(v: &str) -> bool {
    matches!(
        v,
        "no" | "private" | "agricultural" | "forestry" | "delivery" | "use_sidepath"
    )
}

fn bike_whitelisted(v: &str) -> bool {
    matches!(v, "yes" | "permissive" | "designated")
}

/// Cycling speed (km/h) by `surface`; replaces the class speed (OSRM bicycle.lua
/// `surface_speeds`).
fn bike_surface_kmh(surface: &str) -> Option<f64> {
    Some(match surface {
        "asphalt" | "chipseal" | "concrete" | "concrete:lanes" | "concrete:plates" | "paved" => {
            BIKE_KMH
        }
        "wood"
        | "metal"
        | "cobblestone:flattened"
        | "paving_stones"
        | "compacted"
        | "fine_gravel"
        | "ground" => 10.0,
        "sett" => 9.0,
        "dirt" => 8.0,
        "cobblestone" | "unpaved" | "gravel" | "pebblestone" | "grass_paver" | "earth"
        | "grass" => 6.0,
        "mud" | "sand" | "woodchips" => 3.0,
        _ => return None,
    })
}

/// Contra-flow cycling on a one-way street (`cycleway=opposite*` on any side).
fn has_opposite_cycleway(t: &Tags) -> bool {
    [
        t.cycleway,
        t.cycleway_left,
        t.cycleway_right,
        t.cycleway_both,
    ]
    .iter()
    .flatten()
    .any(|v| v.starts_with("opposite"))
}

fn bike(t: &Tags) -> WayAccess {
    const CLOSED: WayAccess = WayAccess {
        forward: None,
        backward: None,
    };
    let Some(highway) = t.highway else {
        return CLOSED;
    };
    if not_routable(t) || highway == "steps" || t.oneway == Some("reversible") {
        return CLOSED;
    }
    let hierarchy = [t.bicycle, t.vehicle, t.access];
    let class_kmh = if t.is_motorroad() {
        None
    } else {
        bike_class_kmh(highway)
    };
    let implied = t.implied_oneway();
    let oneway = oneway_value(t.oneway_bicycle).or_else(|| oneway_value(t.oneway));
    let (mut fwd_open, mut bwd_open) = open_directions(oneway, implied);
    if fwd_open != bwd_open && oneway_value(t.oneway_bicycle).is_none() && has_opposite_cycleway(t)
    {
        (fwd_open, bwd_open) = (true, true);
    }
    let foot_allowed = t.foot.both != Some("no");
    let surface_kmh = t.surface.and_then(bike_surface_kmh);

    per_direction(|dir| {
        let access = resolve_access(&hierarchy, dir).map(|(_, v)| v);
        if access.is_some_and(bike_blacklisted) {
            return None;
        }
        if access == Some("dismount") {
            return Some(BIKE_PUSH_KMH);
        }
        let cycling = class_kmh.or(access.filter(|v| bike_whitelisted(v)).map(|_| BIKE_KMH));
        let open = if dir == Dir::Forward {
            fwd_open
        } else {
            bwd_open
        };
        if let (true, Some(kmh)) = (open, cycling) {
            let kmh = surface_kmh.unwrap_or(kmh);
            let limit = t.maxspeed.get(dir).and_then(parse_maxspeed);
            return Some(limit.map_or(kmh, |l| kmh.min(l)));
        }
        // Pushing the bike, as a pedestrian would walk (OSRM `bike_push_handler`).
        if !foot_allowed {
            return None;
        }
        let against_implied = implied && dir == Dir::Backward;
        let foot_yes = matches!(t.foot.get(dir), Some("yes" | "designated" | "permissive"));
        (bike_push_class(highway) || (!against_implied && (foot_yes || cycling.is_some())))
            .then_some(BIKE_PUSH_KMH)
    })
}

// ---------------------------------------------------------------------------------------------
// Foot
// ---------------------------------------------------------------------------------------------

/// Walkable highway classes (OSRM foot.lua `speeds.highway`, plus cycleways, bridleways and trunk
/// roads, which Nordic law opens to pedestrians unless they are motorroads).
fn foot_walkable(highway: &str) -> bool {
    matches!(
        highway,
        "trunk"
            | "trunk_link"
            | "primary"
            | "primary_link"
            | "secondary"
            | "secondary_link"
            | "tertiary"
            | "tertiary_link"
            | "unclassified"
            | "residential"
            | "road"
            | "living_street"
            | "service"
            | "track"
            | "path"
            | "steps"
            | "pedestrian"
            | "footway"
            | "platform"
            | "pier"
            | "cycleway"
            | "bridleway"
    )
}

/// Access values that close a way to pedestrians (OSRM foot.lua `access_tag_blacklist`).
fn foot_blacklisted(v: &str) -> bool {
    matches!(
        v,
        "no" | "private" | "agricultural" | "forestry" | "delivery" | "use_sidepath"
    )
}

fn foot_whitelisted(v: &str) -> bool {
    matches!(v, "yes" | "foot" | "permissive" | "designated")
}

/// Upper walking speed (km/h) by `surface` (OSRM foot.lua `surface_speeds`).
fn foot_surface_kmh(surface: &str) -> Option<f64> {
    Some(match surface {
        "fine_gravel" | "gravel" | "pebblestone" => WALK_KMH * 0.75,
        "mud" | "sand" => WALK_KMH * 0.5,
        _ => return None,
    })
}

fn foot(t: &Tags) -> WayAccess {
    const CLOSED: WayAccess = WayAccess {
        forward: None,
        backward: None,
    };
    let Some(highway) = t.highway else {
        return CLOSED;
    };
    if not_routable(t) {
        return CLOSED;
    }
    let hierarchy = [t.foot, t.access];
    let walkable = foot_walkable(highway) && !t.is_motorroad();
    // Only `oneway:foot` binds pedestrians; `oneway`, roundabouts and motorways do not.
    let (fwd_open, bwd_open) = open_directions(oneway_value(t.oneway_foot), false);
    let kmh = t
        .surface
        .and_then(foot_surface_kmh)
        .map_or(WALK_KMH, |s| s.min(WALK_KMH));

    per_direction(|dir| {
        let open = if dir == Dir::Forward {
            fwd_open
        } else {
            bwd_open
        };
        let access = resolve_access(&hierarchy, dir).map(|(_, v)| v);
        if !open || access.is_some_and(foot_blacklisted) {
            return None;
        }
        (walkable || access.is_some_and(foot_whitelisted)).then_some(kmh)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn car(tags: &[(&str, &str)]) -> Option<WayAccess> {
        way_access(Profile::Car, tags)
    }
    fn bike(tags: &[(&str, &str)]) -> Option<WayAccess> {
        way_access(Profile::Bike, tags)
    }
    fn foot(tags: &[(&str, &str)]) -> Option<WayAccess> {
        way_access(Profile::Foot, tags)
    }
    fn both(kmh: f64) -> Option<WayAccess> {
        Some(WayAccess {
            forward: Some(kmh),
            backward: Some(kmh),
        })
    }
    fn fwd(kmh: f64) -> Option<WayAccess> {
        Some(WayAccess {
            forward: Some(kmh),
            backward: None,
        })
    }
    fn bwd(kmh: f64) -> Option<WayAccess> {
        Some(WayAccess {
            forward: None,
            backward: Some(kmh),
        })
    }
    fn dirs(f: Option<f64>, b: Option<f64>) -> Option<WayAccess> {
        Some(WayAccess {
            forward: f,
            backward: b,
        })
    }
    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    // --- Profile names --------------------------------------------------------------------

    #[test]
    fn names_display_and_parse_round_trip() {
        for p in Profile::ALL {
            assert_eq!(p.to_string(), p.name());
            assert_eq!(p.name().parse::<Profile>(), Ok(p));
        }
        assert_eq!(" Bike ".parse::<Profile>(), Ok(Profile::Bike));
        assert_eq!("FOOT".parse::<Profile>(), Ok(Profile::Foot));
    }

    #[test]
    fn unknown_profile_names_list_the_choices() {
        let err = "plane".parse::<Profile>().expect_err("not a profile");
        assert_eq!(
            err.to_string(),
            "unknown travel profile `plane`: expected one of car, bike, foot"
        );
        assert_eq!(err.given, "plane");
        assert!("".parse::<Profile>().is_err());
        assert!("bicycle".parse::<Profile>().is_err());
        assert!("car;foot".parse::<Profile>().is_err());
    }

    #[test]
    fn max_speeds() {
        assert_eq!(Profile::Car.max_speed_kmh(), 140.0 * 0.8);
        assert_eq!(Profile::Bike.max_speed_kmh(), 15.0);
        assert_eq!(Profile::Foot.max_speed_kmh(), 5.0);
    }

    // --- Car: classes and oneway ------------------------------------------------------------

    #[test]
    fn car_class_defaults() {
        assert_eq!(car(&[("highway", "residential")]), both(25.0));
        assert_eq!(car(&[("highway", "primary")]), both(65.0));
        assert_eq!(car(&[("highway", "motorway_link")]), both(45.0)); // not implied one-way
        assert_eq!(car(&[("highway", "living_street")]), both(10.0));
        assert_eq!(
            car(&[("highway", "service"), ("service", "parking_aisle")]),
            both(15.0)
        );
        assert_eq!(car(&[("highway", "track")]), None);
        assert_eq!(car(&[("highway", "bus_stop")]), None);
        assert_eq!(car(&[("name", "Storgata")]), None);
        assert_eq!(car(&[]), None);
    }

    #[test]
    fn car_oneway_values() {
        let r = ("highway", "residential");
        assert_eq!(car(&[r, ("oneway", "yes")]), fwd(25.0));
        assert_eq!(car(&[r, ("oneway", "1")]), fwd(25.0));
        assert_eq!(car(&[r, ("oneway", "true")]), fwd(25.0));
        assert_eq!(car(&[r, ("oneway", "-1")]), bwd(25.0));
        assert_eq!(car(&[r, ("oneway", "no")]), both(25.0));
        assert_eq!(car(&[r, ("oneway", "alternating")]), both(25.0));
        assert_eq!(car(&[r, ("oneway", "reversible")]), None);
        assert_eq!(foot(&[r, ("oneway", "reversible")]), both(5.0));
    }

    #[test]
    fn car_vehicle_specific_oneway_wins() {
        let r = ("highway", "residential");
        assert_eq!(
            car(&[r, ("oneway", "yes"), ("oneway:motor_vehicle", "no")]),
            both(25.0)
        );
        assert_eq!(car(&[r, ("oneway:motorcar", "-1")]), bwd(25.0));
    }

    #[test]
    fn roundabouts_and_motorways_are_implied_oneway() {
        assert_eq!(
            car(&[("highway", "primary"), ("junction", "roundabout")]),
            fwd(65.0)
        );
        assert_eq!(
            car(&[("highway", "tertiary"), ("junction", "circular")]),
            fwd(40.0)
        );
        assert_eq!(car(&[("highway", "motorway")]), fwd(90.0));
        assert_eq!(
            car(&[("highway", "motorway"), ("oneway", "no")]),
            both(90.0)
        );
        assert_eq!(car(&[("highway", "motorway"), ("oneway", "-1")]), bwd(90.0));
    }

    // --- Car: access hierarchy ---------------------------------------------------------------

    #[test]
    fn more_specific_access_keys_override_general_ones() {
        let r = ("highway", "residential");
        assert_eq!(car(&[r, ("access", "no")]), None);
        assert_eq!(car(&[r, ("access", "no"), ("motorcar", "yes")]), both(25.0));
        assert_eq!(
            car(&[r, ("access", "no"), ("motor_vehicle", "yes")]),
            both(25.0)
        );
        assert_eq!(car(&[r, ("access", "no"), ("vehicle", "yes")]), both(25.0));
        assert_eq!(car(&[r, ("access", "yes"), ("motor_vehicle", "no")]), None);
        assert_eq!(car(&[r, ("access", "yes"), ("vehicle", "no")]), None);
        assert_eq!(
            car(&[r, ("motor_vehicle", "no"), ("motorcar", "yes")]),
            both(25.0)
        );
        assert_eq!(
            car(&[r, ("vehicle", "no"), ("motor_vehicle", "yes")]),
            both(25.0)
        );
        assert_eq!(car(&[r, ("motorcar", "no"), ("access", "yes")]), None);
        assert_eq!(car(&[r, ("motor_vehicle", "agricultural")]), None);
        assert_eq!(car(&[r, ("motor_vehicle", "psv")]), None);
    }

    #[test]
    fn directional_access() {
        let r = ("highway", "residential");
        assert_eq!(car(&[r, ("motor_vehicle:backward", "no")]), fwd(25.0));
        assert_eq!(
            car(&[r, ("access", "no"), ("motorcar:forward", "yes")]),
            fwd(25.0)
        );
    }

    #[test]
    fn destination_and_private_roads_stay_open_to_cars_on_road_classes() {
        assert_eq!(
            car(&[("highway", "residential"), ("motor_vehicle", "destination")]),
            both(25.0)
        );
        assert_eq!(
            car(&[("highway", "service"), ("access", "private")]),
            both(15.0)
        );
        assert_eq!(car(&[("highway", "track"), ("access", "private")]), None);
        assert_eq!(
            car(&[("highway", "track"), ("motor_vehicle", "destination")]),
            None
        );
        // Pedestrians and cyclists do not get private ways.
        assert_eq!(foot(&[("highway", "service"), ("access", "private")]), None);
        assert_eq!(bike(&[("highway", "service"), ("access", "private")]), None);
    }

    #[test]
    fn unknown_classes_need_a_whitelisted_access() {
        assert_eq!(
            car(&[("highway", "track"), ("motor_vehicle", "yes")]),
            both(10.0)
        );
        assert_eq!(car(&[("highway", "track"), ("access", "yes")]), both(10.0));
        assert_eq!(car(&[("highway", "track"), ("access", "permit")]), None);
        // On footways `access=yes` means "public", not "drive here".
        assert_eq!(car(&[("highway", "footway"), ("access", "yes")]), None);
        assert_eq!(
            car(&[("highway", "footway"), ("motor_vehicle", "yes")]),
            both(10.0)
        );
    }

    #[test]
    fn footway_path_cycleway_are_not_for_cars() {
        for hw in [
            "footway",
            "path",
            "cycleway",
            "pedestrian",
            "bridleway",
            "steps",
            "corridor",
        ] {
            assert_eq!(car(&[("highway", hw)]), None, "{hw}");
        }
    }

    #[test]
    fn emergency_access_service_roads_are_closed() {
        assert_eq!(
            car(&[("highway", "service"), ("service", "emergency_access")]),
            None
        );
    }

    // --- Car: speeds --------------------------------------------------------------------------

    #[test]
    fn maxspeed_replaces_the_class_default_with_a_reduction() {
        let p = ("highway", "primary");
        assert_eq!(car(&[p, ("maxspeed", "60")]), both(48.0));
        // Lower and higher than the class default alike: OSRM replaces, it does not take a min.
        assert_eq!(
            car(&[("highway", "residential"), ("maxspeed", "50")]),
            both(40.0)
        );
        assert_eq!(
            car(&[("highway", "motorway"), ("maxspeed", "110")]),
            fwd(88.0)
        );
        let a = car(&[p, ("maxspeed", "30 mph")]).expect("open");
        assert!(close(a.forward, 30.0 * 1.609_344 * 0.8), "{a:?}");
        assert_eq!(car(&[p, ("maxspeed", "NO:urban")]), both(40.0));
        assert_eq!(car(&[p, ("maxspeed", "NO:rural")]), both(64.0));
    }

    #[test]
    fn unusable_maxspeed_falls_back_to_the_class_default() {
        let p = ("highway", "primary");
        for v in [
            "walk",
            "signals",
            "variable",
            "fast",
            "0",
            "-30",
            "",
            "NO:",
            "DE:living_street",
        ] {
            assert_eq!(car(&[p, ("maxspeed", v)]), both(65.0), "maxspeed={v}");
        }
    }

    #[test]
    fn maxspeed_none_and_huge_values_are_capped() {
        let m = ("highway", "motorway");
        let top = Profile::Car.max_speed_kmh();
        assert_eq!(car(&[m, ("maxspeed", "none")]), fwd(top));
        assert_eq!(car(&[m, ("maxspeed", "250")]), fwd(top));
        assert_eq!(car(&[m, ("maxspeed", "1000")]), fwd(90.0)); // garbage: class default
    }

    #[test]
    fn maxspeed_forward_and_backward() {
        let r = ("highway", "secondary");
        assert_eq!(
            car(&[r, ("maxspeed:forward", "70"), ("maxspeed:backward", "50")]),
            dirs(Some(56.0), Some(40.0))
        );
        // A directional value beats the plain one in its direction only.
        assert_eq!(
            car(&[r, ("maxspeed", "50"), ("maxspeed:backward", "30")]),
            dirs(Some(40.0), Some(24.0))
        );
        // On a one-way only the open direction exists.
        assert_eq!(
            car(&[r, ("oneway", "yes"), ("maxspeed:backward", "30")]),
            fwd(55.0)
        );
    }

    #[test]
    fn maxspeed_sources_in_osrm_order() {
        let p = ("highway", "primary");
        assert_eq!(
            car(&[p, ("maxspeed", "80"), ("maxspeed:advisory", "60")]),
            both(48.0)
        );
        assert_eq!(car(&[p, ("source:maxspeed", "NO:urban")]), both(40.0));
        assert_eq!(
            car(&[p, ("maxspeed:type", "GB:nsl_single")]).map(|a| a.forward.map(f64::round)),
            Some(Some(77.0))
        );
        assert_eq!(
            car(&[p, ("maxspeed", "60"), ("source:maxspeed", "NO:urban")]),
            both(48.0)
        );
        // An unusable maxspeed does not hide a usable source:maxspeed.
        assert_eq!(
            car(&[p, ("maxspeed", "signals"), ("source:maxspeed", "NO:rural")]),
            both(64.0)
        );
        assert_eq!(car(&[p, ("source:maxspeed", "sign")]), both(65.0));
    }

    #[test]
    fn surface_tracktype_smoothness_cap_the_class_speed() {
        assert_eq!(
            car(&[("highway", "primary"), ("surface", "gravel")]),
            both(40.0)
        );
        assert_eq!(
            car(&[("highway", "residential"), ("surface", "gravel")]),
            both(25.0)
        );
        assert_eq!(
            car(&[("highway", "primary"), ("surface", "asphalt")]),
            both(65.0)
        );
        assert_eq!(
            car(&[
                ("highway", "primary"),
                ("tracktype", "grade3"),
                ("smoothness", "bad")
            ]),
            both(30.0)
        );
        assert_eq!(
            car(&[
                ("highway", "primary"),
                ("surface", "sand"),
                ("smoothness", "horrible")
            ]),
            both(10.0)
        );
        assert_eq!(
            car(&[("highway", "residential"), ("smoothness", "impassable")]),
            None
        );
        // A posted limit replaces the capped value (OSRM runs the maxspeed handler last).
        assert_eq!(
            car(&[
                ("highway", "primary"),
                ("surface", "gravel"),
                ("maxspeed", "80")
            ]),
            both(64.0)
        );
        assert_eq!(
            car(&[
                ("highway", "track"),
                ("motor_vehicle", "yes"),
                ("tracktype", "grade2")
            ]),
            both(10.0)
        );
    }

    // --- Not routable --------------------------------------------------------------------------

    #[test]
    fn construction_proposed_abandoned_are_not_routable() {
        for p in Profile::ALL {
            for hw in ["construction", "proposed", "abandoned", "disused", "razed"] {
                assert_eq!(way_access(p, &[("highway", hw)]), None, "{p} {hw}");
            }
            assert_eq!(
                way_access(p, &[("highway", "residential"), ("construction", "yes")]),
                None
            );
            assert!(
                way_access(p, &[("highway", "residential"), ("construction", "minor")]).is_some()
            );
            assert_eq!(
                way_access(p, &[("highway", "residential"), ("impassable", "yes")]),
                None
            );
            assert_eq!(
                way_access(p, &[("highway", "residential"), ("status", "impassable")]),
                None
            );
        }
    }

    #[test]
    fn areas_are_not_routable_except_pedestrian_areas() {
        assert_eq!(car(&[("highway", "residential"), ("area", "yes")]), None);
        assert_eq!(foot(&[("highway", "footway"), ("area", "yes")]), None);
        assert_eq!(foot(&[("highway", "service"), ("area", "yes")]), None);
        assert_eq!(
            foot(&[("highway", "pedestrian"), ("area", "yes")]),
            both(5.0)
        );
        assert_eq!(
            bike(&[("highway", "pedestrian"), ("area", "yes")]),
            both(4.0)
        );
        assert_eq!(car(&[("highway", "pedestrian"), ("area", "yes")]), None);
        assert_eq!(
            foot(&[("highway", "pedestrian"), ("area", "no")]),
            both(5.0)
        );
    }

    #[test]
    fn steps_are_for_pedestrians_only() {
        let s = [("highway", "steps")];
        assert_eq!(car(&s), None);
        assert_eq!(bike(&s), None);
        assert_eq!(bike(&[("highway", "steps"), ("bicycle", "yes")]), None);
        assert_eq!(foot(&s), both(5.0));
        assert_eq!(foot(&[("highway", "steps"), ("oneway", "yes")]), both(5.0));
    }

    // --- Bike ------------------------------------------------------------------------------

    #[test]
    fn bike_classes() {
        assert_eq!(bike(&[("highway", "cycleway")]), both(15.0));
        assert_eq!(bike(&[("highway", "residential")]), both(15.0));
        assert_eq!(bike(&[("highway", "path")]), both(12.0));
        assert_eq!(bike(&[("highway", "track")]), both(12.0));
        assert_eq!(bike(&[("highway", "trunk")]), both(15.0));
        assert_eq!(bike(&[("highway", "trunk"), ("motorroad", "yes")]), None);
        assert_eq!(bike(&[("highway", "motorway")]), None);
        assert_eq!(bike(&[("highway", "bridleway")]), None);
    }

    #[test]
    fn bike_on_footways_pushes_unless_allowed_to_ride() {
        assert_eq!(bike(&[("highway", "footway")]), both(4.0));
        assert_eq!(bike(&[("highway", "pedestrian")]), both(4.0));
        assert_eq!(
            bike(&[("highway", "footway"), ("bicycle", "yes")]),
            both(15.0)
        );
        assert_eq!(
            bike(&[("highway", "footway"), ("bicycle", "designated")]),
            both(15.0)
        );
        assert_eq!(bike(&[("highway", "footway"), ("bicycle", "no")]), None);
        assert_eq!(bike(&[("highway", "path"), ("bicycle", "no")]), None);
        assert_eq!(
            bike(&[("highway", "cycleway"), ("bicycle", "dismount")]),
            both(4.0)
        );
        assert_eq!(
            bike(&[
                ("highway", "residential"),
                ("access", "no"),
                ("bicycle", "yes")
            ]),
            both(15.0)
        );
        assert_eq!(
            bike(&[("highway", "bridleway"), ("foot", "yes")]),
            both(4.0)
        );
    }

    #[test]
    fn bike_oneway_with_pushing_against_it() {
        let r = ("highway", "residential");
        assert_eq!(bike(&[r, ("oneway", "yes")]), dirs(Some(15.0), Some(4.0)));
        assert_eq!(bike(&[r, ("oneway", "-1")]), dirs(Some(4.0), Some(15.0)));
        assert_eq!(bike(&[r, ("oneway", "yes"), ("foot", "no")]), fwd(15.0));
        // No walking against a roundabout or motorway.
        assert_eq!(bike(&[r, ("junction", "roundabout")]), fwd(15.0));
        assert_eq!(bike(&[r, ("oneway", "reversible")]), None);
    }

    #[test]
    fn oneway_bicycle_no_opens_both_directions_for_bikes_only() {
        let tags = [
            ("highway", "residential"),
            ("oneway", "yes"),
            ("oneway:bicycle", "no"),
        ];
        assert_eq!(bike(&tags), both(15.0));
        assert_eq!(car(&tags), fwd(25.0));
        assert_eq!(
            bike(&[
                ("highway", "cycleway"),
                ("oneway:bicycle", "yes"),
                ("foot", "no")
            ]),
            fwd(15.0)
        );
    }

    #[test]
    fn cycleway_opposite_allows_contraflow() {
        for key in [
            "cycleway",
            "cycleway:left",
            "cycleway:right",
            "cycleway:both",
        ] {
            for value in ["opposite", "opposite_lane", "opposite_track"] {
                let tags = [("highway", "residential"), ("oneway", "yes"), (key, value)];
                assert_eq!(bike(&tags), both(15.0), "{key}={value}");
                assert_eq!(car(&tags), fwd(25.0));
            }
        }
        let tags = [
            ("highway", "residential"),
            ("oneway", "-1"),
            ("cycleway", "opposite"),
        ];
        assert_eq!(bike(&tags), both(15.0));
        // A normal cycle lane on a one-way does not open the other direction for riding.
        let lane = [
            ("highway", "residential"),
            ("oneway", "yes"),
            ("cycleway", "lane"),
        ];
        assert_eq!(bike(&lane), dirs(Some(15.0), Some(4.0)));
    }

    #[test]
    fn bike_surface_and_maxspeed() {
        assert_eq!(
            bike(&[("highway", "track"), ("surface", "asphalt")]),
            both(15.0)
        );
        assert_eq!(
            bike(&[("highway", "cycleway"), ("surface", "gravel")]),
            both(6.0)
        );
        assert_eq!(
            bike(&[("highway", "footway"), ("surface", "gravel")]),
            both(4.0)
        );
        assert_eq!(
            bike(&[("highway", "living_street"), ("maxspeed", "10")]),
            both(10.0)
        );
        assert_eq!(
            bike(&[("highway", "living_street"), ("maxspeed", "walk")]),
            both(15.0)
        );
    }

    // --- Foot ----------------------------------------------------------------------------

    #[test]
    fn foot_classes_and_access() {
        for hw in [
            "footway",
            "path",
            "pedestrian",
            "cycleway",
            "residential",
            "track",
            "trunk",
        ] {
            assert_eq!(foot(&[("highway", hw)]), both(5.0), "{hw}");
        }
        assert_eq!(foot(&[("highway", "motorway")]), None);
        assert_eq!(foot(&[("highway", "motorway"), ("foot", "yes")]), both(5.0));
        assert_eq!(foot(&[("highway", "trunk"), ("motorroad", "yes")]), None);
        assert_eq!(foot(&[("highway", "footway"), ("foot", "no")]), None);
        assert_eq!(foot(&[("highway", "residential"), ("access", "no")]), None);
        assert_eq!(
            foot(&[
                ("highway", "residential"),
                ("access", "no"),
                ("foot", "yes")
            ]),
            both(5.0)
        );
        assert_eq!(
            foot(&[("highway", "residential"), ("motor_vehicle", "no")]),
            both(5.0)
        );
        assert_eq!(
            foot(&[("highway", "footway"), ("foot", "use_sidepath")]),
            None
        );
        assert_eq!(foot(&[("highway", "corridor")]), None);
    }

    #[test]
    fn foot_ignores_oneway_but_not_oneway_foot() {
        assert_eq!(
            foot(&[("highway", "residential"), ("oneway", "yes")]),
            both(5.0)
        );
        assert_eq!(
            foot(&[("highway", "primary"), ("junction", "roundabout")]),
            both(5.0)
        );
        assert_eq!(
            foot(&[("highway", "footway"), ("oneway:foot", "yes")]),
            fwd(5.0)
        );
        assert_eq!(
            foot(&[("highway", "footway"), ("oneway:foot", "-1")]),
            bwd(5.0)
        );
        assert_eq!(
            foot(&[("highway", "footway"), ("foot:backward", "no")]),
            fwd(5.0)
        );
    }

    #[test]
    fn foot_surface() {
        assert_eq!(foot(&[("highway", "path"), ("surface", "sand")]), both(2.5));
        assert_eq!(
            foot(&[("highway", "path"), ("surface", "gravel")]),
            both(3.75)
        );
        assert_eq!(
            foot(&[("highway", "path"), ("surface", "asphalt")]),
            both(5.0)
        );
    }

    // --- parse_maxspeed ------------------------------------------------------------------

    #[test]
    fn parse_maxspeed_numbers_and_units() {
        assert_eq!(parse_maxspeed("50"), Some(50.0));
        assert_eq!(parse_maxspeed(" 60 "), Some(60.0));
        assert_eq!(parse_maxspeed("7.5"), Some(7.5));
        for v in ["60 km/h", "60km/h", "60 kmh", "60 kph", "60 KM/H"] {
            assert_eq!(parse_maxspeed(v), Some(60.0), "{v}");
        }
        assert!(close(parse_maxspeed("30 mph"), 48.280_32));
        assert!(close(parse_maxspeed("30mph"), 48.280_32));
        assert!(close(parse_maxspeed("10 knots"), 18.52));
        assert_eq!(parse_maxspeed("50;30"), Some(50.0));
        assert_eq!(parse_maxspeed("30;50"), Some(30.0));
    }

    #[test]
    fn parse_maxspeed_implicit_values() {
        assert_eq!(parse_maxspeed("NO:urban"), Some(50.0));
        assert_eq!(parse_maxspeed("NO:rural"), Some(80.0));
        assert_eq!(parse_maxspeed("NO:motorway"), Some(110.0));
        assert_eq!(parse_maxspeed("no:urban"), Some(50.0));
        assert_eq!(parse_maxspeed("SE:rural"), Some(70.0));
        assert_eq!(parse_maxspeed("FI:rural"), Some(80.0));
        assert_eq!(parse_maxspeed("DK:motorway"), Some(130.0));
        assert_eq!(parse_maxspeed("DE:rural"), Some(100.0));
        assert_eq!(parse_maxspeed("AT:trunk"), Some(100.0));
        assert_eq!(parse_maxspeed("CH:motorway"), Some(120.0));
        assert_eq!(parse_maxspeed("LI:rural"), Some(80.0));
        assert_eq!(parse_maxspeed("FR:rural"), Some(80.0));
        assert!(close(parse_maxspeed("GB:nsl_single"), 60.0 * 1.609_344));
        assert!(close(parse_maxspeed("UK:motorway"), 70.0 * 1.609_344));
        assert_eq!(parse_maxspeed("DE:zone30"), Some(30.0));
        assert_eq!(parse_maxspeed("DE:zone:20"), Some(20.0));
        assert_eq!(parse_maxspeed("IT:urban"), Some(50.0)); // generic
        assert_eq!(parse_maxspeed("IT:rural"), Some(90.0));
        assert_eq!(parse_maxspeed("NO:living_street"), None);
        assert_eq!(parse_maxspeed("DE:bicycle_road"), Some(30.0));
        assert_eq!(parse_maxspeed("none"), Some(140.0));
    }

    #[test]
    fn parse_maxspeed_rejects_garbage() {
        for v in [
            "",
            "  ",
            "walk",
            "signals",
            "variable",
            "fast",
            "NO:",
            ":urban",
            "NO:nowhere",
            "12:30",
            "DE:zone",
            "50 furlongs",
            "0",
            "-50",
            "1e9",
            "400",
            "NaN",
            "inf",
            ";",
            "..",
            "5.0.1",
        ] {
            assert_eq!(parse_maxspeed(v), None, "{v:?}");
        }
    }

    // --- Invariants on arbitrary tags ----------------------------------------------------

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        const KEYS: &[&str] = &[
            "highway",
            "oneway",
            "junction",
            "access",
            "motor_vehicle",
            "motorcar",
            "vehicle",
            "bicycle",
            "foot",
            "maxspeed",
            "maxspeed:forward",
            "maxspeed:backward",
            "source:maxspeed",
            "maxspeed:advisory",
            "surface",
            "tracktype",
            "smoothness",
            "area",
            "cycleway",
            "cycleway:left",
            "oneway:bicycle",
            "oneway:foot",
            "motorroad",
            "service",
            "construction",
            "foot:backward",
            "motor_vehicle:forward",
        ];
        const VALUES: &[&str] = &[
            "yes",
            "no",
            "-1",
            "1",
            "residential",
            "motorway",
            "primary",
            "footway",
            "steps",
            "pedestrian",
            "cycleway",
            "track",
            "service",
            "roundabout",
            "private",
            "destination",
            "designated",
            "dismount",
            "50",
            "30 mph",
            "none",
            "NO:urban",
            "walk",
            "999",
            "opposite",
            "gravel",
            "asphalt",
            "grade5",
            "horrible",
            "impassable",
            "reversible",
            "emergency_access",
            "",
        ];

        fn tag() -> impl Strategy<Value = (&'static str, &'static str)> {
            (prop::sample::select(KEYS), prop::sample::select(VALUES))
        }

        proptest! {
            #[test]
            fn speeds_are_positive_finite_and_bounded(tags in prop::collection::vec(tag(), 0..8)) {
                for p in Profile::ALL {
                    if let Some(a) = way_access(p, &tags) {
                        prop_assert!(a.forward.is_some() || a.backward.is_some());
                        for s in [a.forward, a.backward].into_iter().flatten() {
                            prop_assert!(s.is_finite() && s > 0.0 && s <= p.max_speed_kmh(),
                                "{p}: {s} km/h for {tags:?}");
                        }
                    }
                }
            }

            #[test]
            fn parse_maxspeed_never_panics(s in ".{0,24}") {
                if let Some(v) = parse_maxspeed(&s) {
                    prop_assert!(v.is_finite() && v > 0.0 && v <= 300.0);
                }
            }

            #[test]
            fn arbitrary_tag_text_never_panics(k in ".{0,16}", v in ".{0,16}") {
                for p in Profile::ALL {
                    let _ = way_access(p, &[("highway", "residential"), (k.as_str(), v.as_str())]);
                }
            }
        }
    }
}
