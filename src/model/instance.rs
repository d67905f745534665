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
}

impl Visit {
    /// Service duration when carer `c` does the visit.
    pub fn duration_for(&self, c: CarerIdx) -> i64 {
        self.carer_durations
            .get(c.0 as usize)
            .copied()
            .unwrap_or(self.duration)
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
/// max_lateness × largest lateness` (distances in distance units, lateness in ticks).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Objective {
    /// Weight of the total distance (1).
    pub distance: f64,
    /// Weight of the total lateness of visits with soft windows (0).
    pub lateness: f64,
    /// Weight of the largest lateness (0).
    pub max_lateness: f64,
}

impl Default for Objective {
    fn default() -> Self {
        Objective {
            distance: 1.0,
            lateness: 0.0,
            max_lateness: 0.0,
        }
    }
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
    /// Which travel matrix (travel profile) the carer uses.
    pub matrix: usize,
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

impl Instance {
    /// Validates `parts`.
    ///
    /// # Errors
    /// The first problem found, naming the visit, carer or matrix and the field: empty or
    /// duplicate ids, a location outside the matrices, negative durations or demands, empty,
    /// inverted, unsorted or overlapping windows, a negative capacity, a matrix that is not
    /// `n × n` or has negative entries, an unknown matrix index, more than 64 skills.
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
            if l.min_gap > l.max_gap {
                return Err(err(
                    what(),
                    "gap",
                    format!("least gap {} exceeds largest gap {}", l.min_gap, l.max_gap),
                ));
            }
        }
        let o = &parts.objective;
        if [o.distance, o.lateness, o.max_lateness]
            .iter()
            .any(|w| !(w.is_finite() && *w >= 0.0))
        {
            return Err(err(
                "instance".into(),
                "objective",
                "weights must be finite and non-negative",
            ));
        }
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

    /// Pairs of visits with synchronised or ordered starts.
    pub fn links(&self) -> &[Link] {
        &self.parts.links
    }

    /// Weights of the cost.
    pub fn objective(&self) -> &Objective {
        &self.parts.objective
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
