//! `tillit plan`, `tillit compare`, `tillit demo` and `tillit generate`: argument handling,
//! progress bars and the output directory; the work is in `tillit::pipeline`.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};

use tillit::Result;
use tillit::osm::{OsmData, Profile};
use tillit::pipeline::{self, CareModel, Graphs, PlanOutput, PlanParams, Progress};
use tillit::scenario::Scenario;

/// Options shared by `plan`, `compare` and `demo`.
#[derive(clap::Args, Clone, Debug)]
pub struct PlanOpts {
    /// Days to plan, from the scenario's start weekday.
    #[arg(long, default_value_t = 1)]
    pub days: usize,
    /// Seed of every random stream.
    #[arg(long, default_value_t = 0, value_parser = crate::parse_seed)]
    pub seed: u64,
    /// Wall-clock budget of the whole run in seconds, reading the input included (per care
    /// model for `compare`); default 60, or no clock when only --iterations is given.
    #[arg(long)]
    pub time_limit: Option<f64>,
    /// Routing iterations per team-day instead of the clock (reproducible on any machine);
    /// with --time-limit too, whichever comes first.
    #[arg(long)]
    pub iterations: Option<u64>,
    /// Worker threads (0 = all cores; more than the cores only with --force-threads).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Write into an existing, non-empty --out directory (files of the same names are
    /// replaced, others left alone).
    #[arg(long)]
    pub force: bool,
    /// Allow --threads above the number of cores.
    #[arg(long)]
    pub force_threads: bool,
}

impl PlanOpts {
    /// Checks the options at the edge (before any work): the time limit, the threads.
    pub fn check(&self) -> Result<()> {
        self.limit()?;
        crate::threads(self.threads, self.force_threads, true)?;
        Ok(())
    }

    /// The wall-clock limit in seconds: `--time-limit`, a week when only `--iterations` is
    /// given (no clock in practice), else 60.
    fn limit(&self) -> Result<f64> {
        match (self.time_limit, self.iterations) {
            (Some(t), _) => tillit::limits::time_limit("--time-limit", t, false),
            (None, Some(_)) => Ok(tillit::limits::MAX_TIME_LIMIT_S),
            (None, None) => Ok(60.0),
        }
    }

    /// The library's parameters; `spent`: seconds of the budget already used (reading the
    /// input), taken off the time limit.
    fn params(&self, model: CareModel, spent: f64) -> Result<PlanParams> {
        let limit = self.limit()?;
        Ok(PlanParams {
            days: self.days,
            seed: self.seed,
            // (At least a millisecond: the pipeline wants a positive limit; a run whose
            // budget went on reading builds its first plan only.)
            time_limit: (limit - spent).max(0.001),
            iterations: self.iterations,
            threads: crate::threads(self.threads, self.force_threads, true)?,
            model,
            cancel: crate::cli_signal::flag(),
        })
    }
}

/// Progress bars on a terminal (stderr), nothing otherwise.
struct Bars {
    on: bool,
    bar: Mutex<Option<ProgressBar>>,
}

impl Bars {
    fn new() -> Bars {
        Bars {
            on: std::io::stderr().is_terminal(),
            bar: Mutex::new(None),
        }
    }

    fn finish(&self) {
        if let Ok(mut b) = self.bar.lock()
            && let Some(b) = b.take()
        {
            // One line per finished phase, then the next bar below it.
            b.finish_and_clear();
            eprintln!(
                "{:>8}: {} done in {:.1} s",
                b.prefix(),
                b.position(),
                b.elapsed().as_secs_f64()
            );
        }
    }
}

impl Progress for Bars {
    fn phase(&self, name: &str, total: u64) {
        if !self.on {
            return;
        }
        self.finish();
        let b = ProgressBar::new(total);
        if let Ok(style) =
            ProgressStyle::with_template("{prefix:>8} [{bar:30}] {pos}/{len} {elapsed}")
        {
            b.set_style(style.progress_chars("=> "));
        }
        b.set_prefix(name.to_string());
        if let Ok(mut slot) = self.bar.lock() {
            *slot = Some(b);
        }
    }

    fn step(&self) {
        if let Ok(b) = self.bar.lock()
            && let Some(b) = b.as_ref()
        {
            b.inc(1);
        }
    }
}

/// The profiles the scenario's staff use, and car (bases, temps).
fn profiles(s: &Scenario) -> Vec<Profile> {
    let mut p = vec![Profile::Car];
    for st in &s.staff {
        if !p.contains(&st.profile) {
            p.push(st.profile);
        }
    }
    p
}

fn graphs_for(osm: &OsmData, path: &Path, s: &Scenario) -> Result<Graphs> {
    Graphs::from_osm_data(osm, path, &profiles(s))
}

/// Plans one model and renders its files.
fn plan_one(
    s: &Scenario,
    graphs: &Graphs,
    params: &PlanParams,
) -> Result<(PlanOutput, pipeline::write::OutputFiles)> {
    let bars = Bars::new();
    let out = pipeline::plan(s, graphs, params, &bars);
    bars.finish();
    let out = out?;
    let roads = road_lines(graphs, &out);
    let files = pipeline::write::render(&out, &roads)?;
    Ok((out, files))
}

fn road_lines(graphs: &Graphs, out: &PlanOutput) -> Vec<Vec<[f64; 2]>> {
    graphs.router(Profile::Car).map_or(Vec::new(), |r| {
        tillit::report::road_lines(r.graph(), out.bbox)
    })
}

/// A one-line JSON summary of a run for stdout.
fn summary(out: &PlanOutput, dir: &Path) -> serde_json::Value {
    let t = &out.kpis.total;
    let r = |x: f64, d: i32| {
        let f = 10f64.powi(d);
        (x * f).round() / f
    };
    serde_json::json!({
        "out": dir.display().to_string(),
        "scenario": out.scenario,
        "model": out.model,
        "status": out.status,
        "days": out.days,
        "teams": out.teams.len(),
        "clients": t.clients,
        "visits_planned": t.visits_planned,
        "visits_total": t.visits_total,
        "ata_share": r(t.ata_share, 3),
        "travel_share": r(t.travel_share, 3),
        "carers_per_client": r(t.carers_per_client, 2),
        "full_time_share": r(t.full_time_share, 3),
        "temp_hours": r(t.temp_hours, 1),
        "overtime_hours": r(t.overtime_hours, 1),
        "cost": r(out.kpis.budget.total, 0),
        "budget": out.kpis.budget.frame.map(|x| r(x, 0)),
        "seconds": out.seconds,
    })
}

/// The output rules for `--out` of `plan` and `compare`, before any work.
fn check_out(out: &Path, scenario: &Path, osm: &Path, opts: &PlanOpts) -> Result<()> {
    tillit::io::output::check_dir(crate::target("--out", out), &[scenario, osm], opts.force)
}

/// `tillit plan`.
pub fn plan(
    scenario: &Path,
    osm: &Path,
    opts: &PlanOpts,
    model: CareModel,
    out: &Path,
) -> Result<serde_json::Value> {
    check_out(out, scenario, osm, opts)?;
    let started = std::time::Instant::now();
    opts.check()?;
    let s = tillit::scenario::read_scenario(scenario)?;
    let data = tillit::osm::read_pbf(osm)?;
    let graphs = graphs_for(&data, osm, &s)?;
    let spent = started.elapsed().as_secs_f64();
    let (plan, files) = plan_one(&s, &graphs, &opts.params(model, spent)?)?;
    pipeline::write::write_files(out, &files)?;
    Ok(summary(&plan, out))
}

/// `tillit compare`: the same client book under both care models.
pub fn compare(
    scenario: &Path,
    osm: &Path,
    opts: &PlanOpts,
    out: &Path,
) -> Result<serde_json::Value> {
    check_out(out, scenario, osm, opts)?;
    let started = std::time::Instant::now();
    opts.check()?;
    let s = tillit::scenario::read_scenario(scenario)?;
    let data = tillit::osm::read_pbf(osm)?;
    let graphs = graphs_for(&data, osm, &s)?;
    compare_loaded(&s, &graphs, opts, out, started.elapsed().as_secs_f64())
}

fn compare_loaded(
    s: &Scenario,
    graphs: &Graphs,
    opts: &PlanOpts,
    out: &Path,
    spent: f64,
) -> Result<serde_json::Value> {
    let (pp, pp_files) = plan_one(
        s,
        graphs,
        &opts.params(CareModel::PurchaserProvider, spent)?,
    )?;
    let (trust, trust_files) = plan_one(s, graphs, &opts.params(CareModel::Trust, 0.0)?)?;
    let mut files = Vec::new();
    for (dir, set) in [("purchaser_provider", pp_files), ("trust", trust_files)] {
        for (name, bytes) in set {
            files.push((format!("{dir}/{name}"), bytes));
        }
    }
    let roads = road_lines(graphs, &trust);
    files.extend(pipeline::write::render_compare(&pp, &trust, &roads)?);
    pipeline::write::write_files(out, &files)?;
    Ok(serde_json::json!({
        "purchaser_provider": summary(&pp, &out.join("purchaser_provider")),
        "trust": summary(&trust, &out.join("trust")),
        "report": out.join("report.html").display().to_string(),
    }))
}

/// `tillit generate`.
pub fn generate(osm: &Path, clients: usize, seed: u64, out: &Path) -> Result<serde_json::Value> {
    let s = generate_scenario(osm, None, clients, seed)?;
    tillit::scenario::write_scenario(&s, out)?;
    Ok(serde_json::json!({
        "out": out.display().to_string(),
        "clients": s.clients.len(),
        "staff": s.staff.len(),
        "teams": s.teams.len(),
        "visits_per_day": s.visits_in(1),
    }))
}

/// Largest distance (metres) from a generated home to the road network.
const PLACE_RADIUS_M: f64 = 250.0;

fn generate_scenario(
    osm: &Path,
    bytes: Option<&[u8]>,
    clients: usize,
    seed: u64,
) -> Result<Scenario> {
    let (places, data) = match bytes {
        Some(b) => (
            tillit::osm::read_places_bytes(osm, b)?,
            tillit::osm::reader::read_pbf_bytes(osm, b)?,
        ),
        None => (tillit::osm::read_places(osm)?, tillit::osm::read_pbf(osm)?),
    };
    // Only homes that every travel mode of the generated staff can reach: a place further
    // than PLACE_RADIUS_M from the car or the bike network (a hut up a footpath) would make
    // the scenario unplannable.
    let mut places = places;
    for profile in [Profile::Car, Profile::Bike] {
        let router =
            tillit::matrix::Router::new(tillit::graph::RoadGraph::build(&data, profile, osm)?);
        let points: Vec<_> = places.iter().map(|p| p.location).collect();
        let snaps = router.snap_all(
            &points,
            &tillit::matrix::MatrixParams {
                snap_radius_m: PLACE_RADIUS_M,
                ..Default::default()
            },
        );
        places = places
            .into_iter()
            .zip(snaps)
            .filter_map(|(p, s)| s.map(|_| p))
            .collect();
    }
    let name = osm
        .file_name()
        .map(|s| {
            let s = s.to_string_lossy();
            s.split('.').next().unwrap_or("generated").to_string()
        })
        .unwrap_or_else(|| "generated".into());
    tillit::scenario::generate::generate(
        &places,
        &tillit::scenario::generate::GenerateParams {
            clients,
            seed,
            name,
            ..Default::default()
        },
    )
}

/// `tillit demo`: generate a client book on the embedded extract and plan it; returns the
/// summary and the files to write (the caller adds its own and writes them all or nothing).
pub fn demo(
    osm_path: &Path,
    osm_bytes: &[u8],
    out: &Path,
    opts: &PlanOpts,
) -> Result<(serde_json::Value, pipeline::write::OutputFiles)> {
    let started = std::time::Instant::now();
    opts.check()?;
    let s = generate_scenario(osm_path, Some(osm_bytes), 120, opts.seed)?;
    let data = tillit::osm::reader::read_pbf_bytes(osm_path, osm_bytes)?;
    let graphs = graphs_for(&data, osm_path, &s)?;
    let spent = started.elapsed().as_secs_f64();
    let (plan, mut files) = plan_one(&s, &graphs, &opts.params(CareModel::Trust, spent)?)?;
    for (name, bytes) in tillit::scenario::scenario_files(&s)? {
        files.push((format!("scenario/{name}"), bytes));
    }
    Ok((summary(&plan, out), files))
}
