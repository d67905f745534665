//! [`Instance`] and its parts.

use std::collections::HashMap;

/// Index of a visit in [`Instance::visits`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VisitIdx(pub u32);

/// Index of a carer in [`Instance::carers`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CarerIdx(pub u32);

/// Index of a location: a row/column of every travel [`Matrix`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocIdx(pub u32);

/// A shift end that means "no end" (benchmark instances whose carers have no shift limit);
/// KPIs that depend on the shift length (paid time) use the route time instead.
pub const OPEN_END: i64 = i64::MAX / 4;

/// The horizon of an instance: every time it names (window bounds, shift bounds, durations,
/// travel times, gaps, overtime, breaks) lies in `0..=MAX_TIME` ticks — 366 days of seconds,
/// far beyond any plan — except a shift end of [`OPEN_END`]. With this bound and
/// [`MAX_DISTANCE`], [`MAX_WEIGHT`] and [`MAX_DROP_COST`] no sum of costs can overflow, and a
/// mandatory visit left out always costs more than any plan's other costs together.
pub const MAX_TIME: i64 = 366 * 86_400;

/// Largest travel-matrix distance: 10⁹ distance units (a million kilometres in metres).
pub const MAX_DISTANCE: i64 = 1_000_000_000;

/// Largest cost weight of an [`Objective`].
pub const MAX_WEIGHT: f64 = 1e6;

/// Largest drop cost of an optional visit.
pub const MAX_DROP_COST: f64 = 1e9;

/// A closed interval `[start, end]` of ticks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeWindow {
    /// Earliest tick.
    pub start: i64,
    /// Latest tick (inclusive).
    pub end: i64,
}

impl TimeWindow {
    /// A window; callers validate `start <= end` through [`Instance::new`].
    pub fn new(start: i64, end: i64) -> Self {
        TimeWindow { start, end }
    }

    /// Whether `t` lies in the window.
    pub fn contains(&self, t: i64) -> bool {
        self.start <= t && t <= self.end
    }
}

/// A set of skills as a bit set over [`Instance::skills`] (at most 64 distinct skills).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SkillSet(pub u64);

impl SkillSet {
    /// Whether every skill of `required` is in `self`.
    pub fn covers(self, required: SkillSet) -> bool {
        required.0 & !self.0 == 0
    }
}

/// How the integer units of an instance relate to the outside world.
#[derive(Clone, Debug, PartialEq)]
pub struct Units {
    /// Ticks per unit of the source: 1 for tillit's seconds, 10 for DIMACS VRPTW files.
    pub ticks_per_unit: i64,
    /// Distance units per unit of the source (same convention).
    pub distance_per_unit: i64,
    /// Name of the source time unit, e.g. "s" or "file units".
    pub unit_name: String,
}

impl Default for Units {
    fn default() -> Self {
        Units {
            ticks_per_unit: 1,
            distance_per_unit: 1,
            unit_name: "s".into(),
        }
    }
}

/// Square travel matrices over all locations: durations in ticks, distances in distance units.
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    /// Number of locations.
    pub n: usize,
    /// Row-major durations, `n × n`.
    pub durations: Vec<i64>,
    /// Row-major distances, `n × n`.
    pub distances: Vec<i64>,
}

impl Matrix {
    /// Duration from `a` to `b`. Indices are validated when the instance is built.
    pub fn duration(&self, a: LocIdx, b: LocIdx) -> i64 {
        self.durations[a.0 as usize * self.n + b.0 as usize]
    }

    /// Distance from `a` to `b`.
    pub fn distance(&self, a: LocIdx, b: LocIdx) -> i64 {
        self.distances[a.0 as usize * self.n + b.0 as usize]
    }
}

/// A visit to a client.
#[derive(Clone, Debug, PartialEq)]
pub struct Visit {
    /// External id (unique).
    pub id: String,
    /// Where.
    pub location: LocIdx,
    /// Service duration in ticks.
    pub duration: i64,
    /// Allowed start windows, sorted, disjoint; the visit starts inside one of them.
    pub windows: Vec<TimeWindow>,
    /// Load taken by the visit (0 if capacities do not matter).
    pub demand: i64,
    /// Skills the carer must all have.
    pub skills: SkillSet,
    /// Service duration per carer (index = carer), for visits whose length depends on who
    /// does them; empty = `duration` for every carer.
    pub carer_durations: Vec<i64>,
    /// The end of the time windows is soft: the visit may start after its window closes, and
    /// every tick of lateness is priced by [`Objective::lateness`] (and the largest lateness by
    /// [`Objective::max_lateness`]). Starting before a window opens is never allowed.
    pub late_allowed: bool,
    /// Name of the service delivered (e.g. a Mankowska service number), shown in plans.
    pub service: Option<String>,
    /// Elastic duration: the planned duration may grow from the carer's duration up to this
    /// many ticks (the team decides within the band); `None` = fixed duration.
    pub max_duration: Option<i64>,
    /// Priority: `None` = mandatory (must be planned); `Some(cost)` = optional, leaving it out
    /// costs `cost` (in the objective's units), e.g. a social visit that may be dropped.
    pub drop_cost: Option<f64>,
    /// Least competence level of the carer (see [`Carer::level`]); 0 = anyone.
    pub min_level: u8,
    /// Carers who must not do this visit (continuity of care: e.g. the client refused them).
    pub forbidden: Vec<CarerIdx>,
    /// Carers the client prefers; any other carer costs [`Objective::preferred`].
    pub preferred: Vec<CarerIdx>,
    /// The client the visit belongs to (continuity is counted per client); `None` = the visit
    /// is its own client.
    pub client: Option<String>,
}

impl Default for Visit {
    /// A fixed-duration, mandatory visit with no window restrictions worth mentioning:
    /// callers set at least `id`, `location`, `duration` and `windows`.
    fn default() -> Self {
        Visit {
            id: String::new(),
            location: LocIdx(0),
            duration: 0,
            windows: Vec::new(),
            demand: 0,
            skills: SkillSet::default(),
            carer_durations: Vec::new(),
            late_allowed: false,
            service: None,
            max_duration: None,
            drop_cost: None,
            min_level: 0,
            forbidden: Vec::new(),
            preferred: Vec::new(),
            client: None,
        }
    }
}

impl Visit {
    /// Service duration when carer `c` does the visit.
    pub fn duration_for(&self, c: CarerIdx) -> i64 {
        self.carer_durations
            .get(c.0 as usize)
            .copied()
            .unwrap_or(self.duration)
    }

    /// Longest planned duration when carer `c` does the visit (the elastic band's top, never
    /// below [`Visit::duration_for`]).
    pub fn max_duration_for(&self, c: CarerIdx) -> i64 {
        let d = self.duration_for(c);
        self.max_duration.map_or(d, |m| m.max(d))
    }

    /// Whether the visit must be planned.
    pub fn mandatory(&self) -> bool {
        self.drop_cost.is_none()
    }
}

/// Two visits that must be done by two different carers at related times: `second` starts
/// between `min_gap` and `max_gap` ticks after `first` starts (both 0: at the same time, e.g. a
/// two-carer transfer; otherwise an order with a gap, e.g. insulin before a meal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    /// The visit that starts first.
    pub first: VisitIdx,
    /// The visit that starts `min_gap..=max_gap` ticks later.
    pub second: VisitIdx,
    /// Least gap between the two starts.
    pub min_gap: i64,
    /// Largest gap between the two starts.
    pub max_gap: i64,
}

/// Weights of the plan's cost: `distance × total distance + lateness × total lateness +
/// max_lateness × largest lateness + overtime × overtime ticks + preferred × visits done by a
/// carer the client does not prefer + continuity × carers beyond a client's limit +
/// face_to_face × (elastic band left unused + waiting) + balance × (longest − shortest route
/// time) + the drop cost of every optional visit left out`
/// (distances in distance units, times in time units).
/// Mandatory visits left out are not priced here: a plan is first judged by how many
/// mandatory visits it serves (see the care planner's lexicographic order).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Objective {
    /// Weight of the total distance (1).
    pub distance: f64,
    /// Weight of the total lateness of visits with soft windows (0).
    pub lateness: f64,
    /// Weight of the largest lateness (0).
    pub max_lateness: f64,
    /// Weight of each tick worked after a carer's shift end (2).
    pub overtime: f64,
    /// Weight of each visit done by a carer outside the visit's non-empty preferred list (1000).
    pub preferred: f64,
    /// Weight of each distinct carer a client sees beyond [`Continuity::max_carers`] (5000).
    pub continuity: f64,
    /// Weight of face-to-face time lost, per time unit: elastic band left unused
    /// (`Visit::max_duration` above the planned duration) plus waiting on the routes (time
    /// between leaving and returning that is neither travel, stop overhead, visit nor break).
    /// 10: a minute with a client outweighs 600 m of driving. The benchmark readers
    /// (Mankowska, Italian) set 0, as their published objectives do.
    pub face_to_face: f64,
    /// Weight of the workload spread inside the team, per time unit: the longest route time
    /// minus the shortest among the carers who go out (0.1). The benchmark readers set 0.
    pub balance: f64,
}

impl Default for Objective {
    fn default() -> Self {
        Objective {
            distance: 1.0,
            lateness: 0.0,
            max_lateness: 0.0,
            overtime: 2.0,
            preferred: 1000.0,
            continuity: 5000.0,
            face_to_face: 10.0,
            balance: 0.1,
        }
    }
}

/// A paid break (arbeidsmiljøloven § 10-9: at least one break when the working day exceeds
/// 5.5 hours). The break starts inside `window`, lasts `duration` ticks and is taken where the
/// carer is, between two visits (or before the first / after the last).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BreakRule {
    /// When the break may start.
    pub window: TimeWindow,
    /// Length in ticks.
    pub duration: i64,
    /// The break is required when the working time (leaving the start location to arriving
    /// at the end location) exceeds this many ticks (5.5 h = 19 800 s in Norway).
    pub after_work: i64,
}

/// Continuity of care over a multi-day horizon: each client should see at most `max_carers`
/// distinct carers (soft, priced by [`Objective::continuity`]); `history` lists, per client,
/// the carer ids already seen on earlier days of the horizon, so that the plan for day d takes
/// days < d into account.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Continuity {
    /// Most distinct carers per client over the horizon before the penalty applies.
    pub max_carers: usize,
    /// Client id → carer ids seen on earlier days (ids need not be carers of this instance).
    pub history: HashMap<String, Vec<String>>,
}

/// A carer (vehicle) with a shift.
#[derive(Clone, Debug, PartialEq)]
pub struct Carer {
    /// External id (unique).
    pub id: String,
    /// Start location.
    pub start: LocIdx,
    /// End location.
    pub end: LocIdx,
    /// Leave `start` no earlier than `shift.start`, be back at `end` no later than `shift.end`.
    pub shift: TimeWindow,
    /// Capacity; `None` if unlimited.
    pub capacity: Option<i64>,
    /// Skills.
    pub skills: SkillSet,
    /// Which travel matrix (travel profile: car, bike, foot) the carer uses.
    pub matrix: usize,
    /// Competence level: 3 = registered nurse (sykepleier), 2 = healthcare worker
    /// (helsefagarbeider), 1 = assistant; a carer may do visits with `min_level` up to theirs.
    pub level: u8,
    /// Ticks added to every arrival at a visit (parking, finding the door), per travel profile.
    pub stop_overhead: i64,
    /// Paid break, if the carer gets one.
    pub break_rule: Option<BreakRule>,
    /// Longest working time (leaving the start to arriving at the end), hard; `None` = the
    /// shift alone limits it.
    pub max_work: Option<i64>,
    /// Ticks the carer may work after `shift.end` (priced by [`Objective::overtime`]).
    pub overtime: i64,
}

impl Default for Carer {
    /// A carer with no skills, level 0, no break, no overtime: callers set at least `id`,
    /// `start`, `end` and `shift`.
    fn default() -> Self {
        Carer {
            id: String::new(),
            start: LocIdx(0),
            end: LocIdx(0),
            shift: TimeWindow::new(0, 0),
            capacity: None,
            skills: SkillSet::default(),
            matrix: 0,
            level: 0,
            stop_overhead: 0,
            break_rule: None,
            max_work: None,
            overtime: 0,
        }
    }
}

impl Carer {
    /// Latest arrival at the end location: the shift end plus allowed overtime.
    pub fn latest_end(&self) -> i64 {
        self.shift.end.saturating_add(self.overtime)
    }
}

/// The unvalidated parts of an instance, as readers produce them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InstanceParts {
    /// Instance name.
    pub name: String,
    /// Visits.
    pub visits: Vec<Visit>,
    /// Carers.
    pub carers: Vec<Carer>,
    /// Travel matrices (one per travel profile in use).
    pub matrices: Vec<Matrix>,
    /// Skill names; bit `i` of a [`SkillSet`] is `skills[i]`.
    pub skills: Vec<String>,
    /// Unit conventions.
    pub units: Units,
    /// Pairs of visits with synchronised or ordered starts.
    pub links: Vec<Link>,
    /// Weights of the cost.
    pub objective: Objective,
    /// Continuity of care over a multi-day horizon; `None` = not counted.
    pub continuity: Option<Continuity>,
}

/// A validated problem instance. Read-only.
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    parts: InstanceParts,
    visit_index: HashMap<String, VisitIdx>,
    carer_index: HashMap<String, CarerIdx>,
}

/// What is wrong with an instance: which visit/carer/matrix, which field, why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{what}, field `{field}`: {msg}")]
pub struct ModelError {
    /// E.g. `visit "17"`, `carer "3"`, `matrix 0`.
    pub what: String,
    /// Field name.
    pub field: &'static str,
    /// Explanation.
    pub msg: String,
}

fn err(what: String, field: &'static str, msg: impl Into<String>) -> ModelError {
    ModelError {
        what,
        field,
        msg: msg.into(),
    }
}

/// Every weight of `o` is finite and in `0..=MAX_WEIGHT`.
fn check_weights(o: &Objective) -> Result<(), ModelError> {
    let w = [
        ("distance", o.distance),
        ("lateness", o.lateness),
        ("max_lateness", o.max_lateness),
        ("overtime", o.overtime),
        ("preferred", o.preferred),
        ("continuity", o.continuity),
        ("face_to_face", o.face_to_face),
        ("balance", o.balance),
    ];
    match w
        .iter()
        .find(|(_, w)| !(w.is_finite() && (0.0..=MAX_WEIGHT).contains(w)))
    {
        None => Ok(()),
        Some((name, w)) => Err(err(
            "instance".into(),
            "objective",
            format!(
                "weight `{name}` = {} must be finite and between 0 and {MAX_WEIGHT:e}",
                short_number(*w)
            ),
        )),
    }
}

/// A number for a message: at most 12 significant characters (a 309-digit value is shown as
/// `1e308`).
fn short_number(x: f64) -> String {
    let plain = format!("{x}");
    if plain.len() <= 12 {
        plain
    } else {
        format!("{x:.3e}")
    }
}

/// `t` (a time of field `field`) lies in `0..=MAX_TIME`.
fn check_time(what: &dyn Fn() -> String, field: &'static str, t: i64) -> Result<(), ModelError> {
    if (0..=MAX_TIME).contains(&t) {
        Ok(())
    } else {
        Err(err(
            what(),
            field,
            format!("{t} is outside the horizon 0..={MAX_TIME} ticks (366 days of seconds)"),
        ))
    }
}

impl Instance {
    /// Validates `parts`.
    ///
    /// # Errors
    /// The first problem found, naming the visit, carer or matrix and the field: empty or
    /// duplicate ids, a location outside the matrices, negative durations or demands, empty,
    /// inverted, unsorted or overlapping windows, a negative capacity, a matrix that is not
    /// `n × n` or has negative entries, an unknown matrix index, more than 64 skills, a time
    /// outside the horizon `0..=MAX_TIME` (a shift may end at [`OPEN_END`]), a distance above
    /// [`MAX_DISTANCE`], a weight above [`MAX_WEIGHT`], a drop cost above [`MAX_DROP_COST`].
    pub fn new(parts: InstanceParts) -> Result<Instance, ModelError> {
        let n = parts.matrices.first().map_or(0, |m| m.n);
        for (k, m) in parts.matrices.iter().enumerate() {
            let what = || format!("matrix {k}");
            if m.n != n {
                return Err(err(
                    what(),
                    "n",
                    format!("{} locations, matrix 0 has {n}", m.n),
                ));
            }
            if m.durations.len() != n * n || m.distances.len() != n * n {
                return Err(err(
                    what(),
                    "durations",
                    format!("must have {n}×{n} entries"),
                ));
            }
            if let Some(i) = m.durations.iter().position(|d| *d < 0) {
                let (a, b) = (i / n.max(1), i % n.max(1));
                return Err(err(
                    what(),
                    "durations",
                    format!("negative entry at ({a}, {b})"),
                ));
            }
            if let Some(i) = m.distances.iter().position(|d| *d < 0) {
                let (a, b) = (i / n.max(1), i % n.max(1));
                return Err(err(
                    what(),
                    "distances",
                    format!("negative entry at ({a}, {b})"),
                ));
            }
            if let Some(i) = m.durations.iter().position(|d| *d > MAX_TIME) {
                let (a, b) = (i / n.max(1), i % n.max(1));
                return Err(err(
                    what(),
                    "durations",
                    format!(
                        "entry at ({a}, {b}) is {}, beyond the horizon of {MAX_TIME} ticks",
                        m.durations[i]
                    ),
                ));
            }
            if let Some(i) = m.distances.iter().position(|d| *d > MAX_DISTANCE) {
                let (a, b) = (i / n.max(1), i % n.max(1));
                return Err(err(
                    what(),
                    "distances",
                    format!(
                        "entry at ({a}, {b}) is {}, beyond the largest distance {MAX_DISTANCE}",
                        m.distances[i]
                    ),
                ));
            }
        }
        if parts.skills.len() > 64 {
            return Err(err(
                "instance".into(),
                "skills",
                "at most 64 distinct skills",
            ));
        }
        let skill_mask = if parts.skills.len() == 64 {
            u64::MAX
        } else {
            (1u64 << parts.skills.len()) - 1
        };
        let loc_ok = |l: LocIdx| (l.0 as usize) < n;

        let mut visit_index = HashMap::with_capacity(parts.visits.len());
        for (i, v) in parts.visits.iter().enumerate() {
            let what = || format!("visit \"{}\"", v.id);
            if v.id.is_empty() {
                return Err(err(format!("visit #{}", i + 1), "id", "empty id"));
            }
            if visit_index
                .insert(v.id.clone(), VisitIdx(i as u32))
                .is_some()
            {
                return Err(err(what(), "id", "duplicate id"));
            }
            if !loc_ok(v.location) {
                return Err(err(
                    what(),
                    "location",
                    format!("{} is not one of the {n} locations", v.location.0),
                ));
            }
            if v.duration < 0 {
                return Err(err(
                    what(),
                    "duration",
                    format!("{} is negative", v.duration),
                ));
            }
            if v.demand < 0 {
                return Err(err(what(), "demand", format!("{} is negative", v.demand)));
            }
            check_time(&what, "duration", v.duration)?;
            for w in &v.windows {
                check_time(&what, "windows", w.start)?;
                check_time(&what, "windows", w.end)?;
            }
            for &d in &v.carer_durations {
                check_time(&what, "carer_durations", d)?;
            }
            if let Some(m) = v.max_duration {
                check_time(&what, "max_duration", m)?;
            }
            if v.windows.is_empty() {
                return Err(err(what(), "windows", "at least one time window is needed"));
            }
            for (k, w) in v.windows.iter().enumerate() {
                if w.start > w.end {
                    return Err(err(
                        what(),
                        "windows",
                        format!("window {k} starts at {} after its end {}", w.start, w.end),
                    ));
                }
                if k > 0 && v.windows[k - 1].end >= w.start {
                    return Err(err(
                        what(),
                        "windows",
                        format!("window {k} overlaps or precedes window {}", k - 1),
                    ));
                }
            }
            if v.skills.0 & !skill_mask != 0 {
                return Err(err(what(), "skills", "refers to an undeclared skill"));
            }
            if !v.carer_durations.is_empty() && v.carer_durations.len() != parts.carers.len() {
                return Err(err(
                    what(),
                    "carer_durations",
                    format!(
                        "{} entries for {} carers",
                        v.carer_durations.len(),
                        parts.carers.len()
                    ),
                ));
            }
            if let Some(d) = v.carer_durations.iter().find(|d| **d < 0) {
                return Err(err(what(), "carer_durations", format!("{d} is negative")));
            }
            if let Some(m) = v.max_duration
                && m < v.duration
            {
                return Err(err(
                    what(),
                    "max_duration",
                    format!("{m} is below the duration {}", v.duration),
                ));
            }
            if let Some(c) = v.drop_cost
                && !(c.is_finite() && (0.0..=MAX_DROP_COST).contains(&c))
            {
                return Err(err(
                    what(),
                    "drop_cost",
                    format!(
                        "{} must be finite and between 0 and {MAX_DROP_COST:e}",
                        short_number(c)
                    ),
                ));
            }
            for (field, list) in [("forbidden", &v.forbidden), ("preferred", &v.preferred)] {
                if let Some(c) = list.iter().find(|c| c.0 as usize >= parts.carers.len()) {
                    return Err(err(
                        what(),
                        field,
                        format!("carer #{} does not exist", c.0 + 1),
                    ));
                }
            }
            if let Some(c) = v.preferred.iter().find(|c| v.forbidden.contains(c)) {
                return Err(err(
                    what(),
                    "preferred",
                    format!(
                        "carer \"{}\" is both preferred and forbidden",
                        parts.carers[c.0 as usize].id
                    ),
                ));
            }
        }
        for (k, l) in parts.links.iter().enumerate() {
            let what = || format!("link #{}", k + 1);
            let nv = parts.visits.len();
            if l.first.0 as usize >= nv || l.second.0 as usize >= nv {
                return Err(err(
                    what(),
                    "visits",
                    "refers to a visit that does not exist",
                ));
            }
            if l.first == l.second {
                return Err(err(what(), "visits", "links a visit to itself"));
            }
            for g in [l.min_gap, l.max_gap] {
                if !(-MAX_TIME..=MAX_TIME).contains(&g) {
                    return Err(err(
                        what(),
                        "gap",
                        format!("{g} is outside -{MAX_TIME}..={MAX_TIME} ticks"),
                    ));
                }
            }
            if l.min_gap > l.max_gap {
                return Err(err(
                    what(),
                    "gap",
                    format!("least gap {} exceeds largest gap {}", l.min_gap, l.max_gap),
                ));
            }
        }
        let o = &parts.objective;
        check_weights(o)?;
        let mut carer_index = HashMap::with_capacity(parts.carers.len());
        for (i, c) in parts.carers.iter().enumerate() {
            let what = || format!("carer \"{}\"", c.id);
            if c.id.is_empty() {
                return Err(err(format!("carer #{}", i + 1), "id", "empty id"));
            }
            if carer_index
                .insert(c.id.clone(), CarerIdx(i as u32))
                .is_some()
            {
                return Err(err(what(), "id", "duplicate id"));
            }
            if !loc_ok(c.start) {
                return Err(err(
                    what(),
                    "start",
                    format!("{} is not one of the {n} locations", c.start.0),
                ));
            }
            if !loc_ok(c.end) {
                return Err(err(
                    what(),
                    "end",
                    format!("{} is not one of the {n} locations", c.end.0),
                ));
            }
            check_time(&what, "shift", c.shift.start)?;
            if c.shift.end != OPEN_END {
                check_time(&what, "shift", c.shift.end)?;
            }
            if c.shift.start > c.shift.end {
                return Err(err(
                    what(),
                    "shift",
                    format!("starts at {} after its end {}", c.shift.start, c.shift.end),
                ));
            }
            if c.capacity.is_some_and(|q| q < 0) {
                return Err(err(what(), "capacity", "negative capacity"));
            }
            if c.matrix >= parts.matrices.len() {
                return Err(err(
                    what(),
                    "matrix",
                    format!("there are only {} travel matrices", parts.matrices.len()),
                ));
            }
            if c.skills.0 & !skill_mask != 0 {
                return Err(err(what(), "skills", "refers to an undeclared skill"));
            }
            if c.stop_overhead < 0 {
                return Err(err(what(), "stop_overhead", "negative overhead"));
            }
            if c.overtime < 0 {
                return Err(err(what(), "overtime", "negative overtime"));
            }
            if c.max_work.is_some_and(|w| w < 0) {
                return Err(err(what(), "max_work", "negative working time"));
            }
            check_time(&what, "stop_overhead", c.stop_overhead)?;
            check_time(&what, "overtime", c.overtime)?;
            if let Some(w) = c.max_work {
                check_time(&what, "max_work", w)?;
            }
            if let Some(b) = &c.break_rule {
                if b.window.start > b.window.end {
                    return Err(err(
                        what(),
                        "break.window",
                        format!(
                            "starts at {} after its end {}",
                            b.window.start, b.window.end
                        ),
                    ));
                }
                if b.duration < 0 || b.after_work < 0 {
                    return Err(err(
                        what(),
                        "break",
                        "duration and after_work must be non-negative",
                    ));
                }
                check_time(&what, "break.window", b.window.start)?;
                check_time(&what, "break.window", b.window.end)?;
                check_time(&what, "break.duration", b.duration)?;
                check_time(&what, "break.after_work", b.after_work)?;
            }
        }
        if parts.units.ticks_per_unit <= 0 || parts.units.distance_per_unit <= 0 {
            return Err(err("instance".into(), "units", "scales must be positive"));
        }
        Ok(Instance {
            parts,
            visit_index,
            carer_index,
        })
    }

    /// The same instance with an elastic duration band on every visit that has none: each
    /// may last up to `factor` × its `duration` (rounded up to a whole tick; never below the
    /// carer's own duration, see [`Visit::max_duration_for`]). A factor of 1 or less, or not
    /// finite, changes nothing.
    pub fn with_elastic_band(mut self, factor: f64) -> Instance {
        if factor.is_finite() && factor > 1.0 {
            for v in &mut self.parts.visits {
                if v.max_duration.is_none() {
                    // Within the horizon like every other time of a valid instance.
                    let top = (v.duration as f64 * factor).ceil().min(MAX_TIME as f64) as i64;
                    v.max_duration = Some(top.max(v.duration));
                }
            }
        }
        self
    }

    /// The same instance with the cost weights `objective`.
    ///
    /// # Errors
    /// A [`ModelError`] on `objective` if a weight is negative or not finite.
    pub fn with_objective(mut self, objective: Objective) -> Result<Instance, ModelError> {
        let o = &objective;
        check_weights(o)?;
        self.parts.objective = objective;
        Ok(self)
    }

    /// Pairs of visits with synchronised or ordered starts.
    pub fn links(&self) -> &[Link] {
        &self.parts.links
    }

    /// Weights of the cost.
    pub fn objective(&self) -> &Objective {
        &self.parts.objective
    }

    /// Continuity of care over the horizon, if counted.
    pub fn continuity(&self) -> Option<&Continuity> {
        self.parts.continuity.as_ref()
    }

    /// The client of visit `v` (its `client`, or its own id).
    pub fn client_of(&self, v: VisitIdx) -> &str {
        let visit = self.visit(v);
        visit.client.as_deref().unwrap_or(&visit.id)
    }

    /// Whether carer `c` may do visit `v` at all: skills, competence level, not forbidden.
    pub fn qualified(&self, c: CarerIdx, v: VisitIdx) -> bool {
        let (carer, visit) = (self.carer(c), self.visit(v));
        carer.skills.covers(visit.skills)
            && carer.level >= visit.min_level
            && !visit.forbidden.contains(&c)
    }

    /// Instance name.
    pub fn name(&self) -> &str {
        &self.parts.name
    }
    /// Visits.
    pub fn visits(&self) -> &[Visit] {
        &self.parts.visits
    }
    /// Carers.
    pub fn carers(&self) -> &[Carer] {
        &self.parts.carers
    }
    /// Travel matrices.
    pub fn matrices(&self) -> &[Matrix] {
        &self.parts.matrices
    }
    /// Skill names.
    pub fn skills(&self) -> &[String] {
        &self.parts.skills
    }
    /// Unit conventions.
    pub fn units(&self) -> &Units {
        &self.parts.units
    }
    /// One visit.
    pub fn visit(&self, i: VisitIdx) -> &Visit {
        &self.parts.visits[i.0 as usize]
    }
    /// One carer.
    pub fn carer(&self, i: CarerIdx) -> &Carer {
        &self.parts.carers[i.0 as usize]
    }
    /// The travel matrix of a carer.
    pub fn matrix_of(&self, c: CarerIdx) -> &Matrix {
        &self.parts.matrices[self.carer(c).matrix]
    }
    /// Visit by external id.
    pub fn visit_by_id(&self, id: &str) -> Option<VisitIdx> {
        self.visit_index.get(id).copied()
    }
    /// Carer by external id.
    pub fn carer_by_id(&self, id: &str) -> Option<CarerIdx> {
        self.carer_index.get(id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One visit and one carer, every time inside the horizon.
    fn parts() -> InstanceParts {
        InstanceParts {
            name: "t".into(),
            visits: vec![Visit {
                id: "v".into(),
                location: LocIdx(1),
                duration: 600,
                windows: vec![TimeWindow::new(0, 3600)],
                ..Visit::default()
            }],
            carers: vec![Carer {
                id: "c".into(),
                shift: TimeWindow::new(0, 7200),
                break_rule: Some(BreakRule {
                    window: TimeWindow::new(1000, 2000),
                    duration: 1800,
                    after_work: 19_800,
                }),
                ..Carer::default()
            }],
            matrices: vec![Matrix {
                n: 2,
                durations: vec![0, 60, 60, 0],
                distances: vec![0, 500, 500, 0],
            }],
            ..InstanceParts::default()
        }
    }

    fn field_of(p: InstanceParts) -> &'static str {
        match Instance::new(p) {
            Ok(_) => "accepted",
            Err(e) => e.field,
        }
    }

    /// Issue 18: times near the integer maximum overflowed the objective; every time must lie
    /// in `0..=MAX_TIME` (a shift may end at `OPEN_END`), and the error names the field.
    #[test]
    fn every_time_lies_within_the_horizon() {
        assert_eq!(field_of(parts()), "accepted");
        let beyond = MAX_TIME + 1;
        type Edit = fn(&mut InstanceParts, i64);
        let cases: [(&str, Edit); 14] = [
            ("duration", |p, t| p.visits[0].duration = t),
            ("windows", |p, t| p.visits[0].windows[0].end = t),
            ("max_duration", |p, t| p.visits[0].max_duration = Some(t)),
            ("carer_durations", |p, t| {
                p.visits[0].carer_durations = vec![t]
            }),
            ("shift", |p, t| p.carers[0].shift.end = t),
            ("stop_overhead", |p, t| p.carers[0].stop_overhead = t),
            ("overtime", |p, t| p.carers[0].overtime = t),
            ("max_work", |p, t| p.carers[0].max_work = Some(t)),
            ("break.window", |p, t| {
                if let Some(b) = &mut p.carers[0].break_rule {
                    b.window.end = t;
                }
            }),
            ("break.duration", |p, t| {
                if let Some(b) = &mut p.carers[0].break_rule {
                    b.duration = t;
                }
            }),
            ("break.after_work", |p, t| {
                if let Some(b) = &mut p.carers[0].break_rule {
                    b.after_work = t;
                }
            }),
            ("durations", |p, t| p.matrices[0].durations[1] = t),
            ("distances", |p, t| {
                p.matrices[0].distances[1] = t.saturating_mul(100)
            }),
            ("gap", |p, t| {
                p.visits.push(Visit {
                    id: "w".into(),
                    ..p.visits[0].clone()
                });
                p.links.push(Link {
                    first: VisitIdx(0),
                    second: VisitIdx(1),
                    min_gap: 0,
                    max_gap: t,
                });
            }),
        ];
        for (field, edit) in cases {
            let mut p = parts();
            edit(&mut p, beyond);
            assert_eq!(field_of(p), field, "{field} = {beyond}");
            let mut p = parts();
            edit(&mut p, i64::MAX - 7);
            assert_eq!(field_of(p), field, "{field} near i64::MAX");
        }
        // The horizon itself is fine, and so is a shift without end.
        let mut p = parts();
        p.carers[0].shift.end = MAX_TIME;
        p.visits[0].windows[0].end = MAX_TIME;
        assert_eq!(field_of(p), "accepted");
        let mut p = parts();
        p.carers[0].shift.end = OPEN_END;
        assert_eq!(field_of(p), "accepted");
    }

    #[test]
    fn weights_and_drop_costs_are_bounded() {
        let mut p = parts();
        p.objective.face_to_face = MAX_WEIGHT * 2.0;
        let e = Instance::new(p).expect_err("too heavy");
        assert!(e.msg.contains("face_to_face"), "{e}");
        let mut p = parts();
        p.objective.lateness = 1e300;
        let e = Instance::new(p).expect_err("too heavy");
        assert!(e.msg.contains("1.000e300") && e.msg.len() < 120, "{e}");
        let mut p = parts();
        p.visits[0].drop_cost = Some(MAX_DROP_COST * 10.0);
        assert_eq!(field_of(p), "drop_cost");
        let ok = Instance::new(parts()).expect("valid");
        assert!(ok.clone().with_objective(Objective::default()).is_ok());
        let heavy = Objective {
            balance: f64::INFINITY,
            ..Objective::default()
        };
        assert!(ok.with_objective(heavy).is_err());
    }

    /// An elastic band never reaches beyond the horizon, whatever the factor.
    #[test]
    fn elastic_band_stays_inside_the_horizon() {
        let inst = Instance::new(parts())
            .expect("valid")
            .with_elastic_band(1e30);
        assert_eq!(inst.visits()[0].max_duration, Some(MAX_TIME));
        let inst = Instance::new(parts())
            .expect("valid")
            .with_elastic_band(1.5);
        assert_eq!(inst.visits()[0].max_duration, Some(900));
    }
}
