//! The `tillit` command line: argument parsing, file paths, timings and exit codes; no logic.
//!
//! Exit codes: 0 success, 1 internal error, 2 bad input (file, record, field or parameter, or
//! an input no solution can meet, with the rule that binds), 3 a checked plan or roster breaks
//! a rule, 4 no solution found within the time limit (give more time), 130 stopped by Ctrl-C,
//! SIGTERM or SIGHUP: after the first signal `solve`, `plan`, `compare`, `demo` and `roster`
//! write the best result so far with status `cancelled`; a second signal (or the first, for
//! the other commands) stops at once and writes nothing (see `cli_signal`).
#![allow(clippy::print_stdout)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

/// `println!` that ignores a closed stdout (e.g. `tillit … | head`) instead of panicking.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

#[path = "cli_pipeline/mod.rs"]
mod cli_pipeline;
#[path = "cli_signal/mod.rs"]
mod cli_signal;
use serde::Serialize;

use tillit::graph::RoadGraph;
use tillit::io::atomic::write_atomic;
use tillit::io::matrix_out::{MatrixFormat, write_matrix};
use tillit::io::output;
use tillit::io::points_csv::{PointRecord, parse_points_csv, read_points_csv};
use tillit::matrix::{MatrixParams, Router, SnapReport, TravelMatrix};
use tillit::model::Instance;
use tillit::osm::{OsmData, Profile};
use tillit::units::Millis;
use tillit::{Error, Result};

/// The embedded default extract: Helsinki centre, © OpenStreetMap contributors, ODbL 1.0
/// (see data/README.md).
const DEFAULT_OSM: &[u8] = include_bytes!("../../data/helsinki_centre.osm.pbf");
/// Demo points inside the default extract (see data/README.md).
const DEFAULT_POINTS: &[u8] = include_bytes!("../../data/helsinki_points.csv");

#[derive(Parser)]
#[command(
    name = "tillit",
    version,
    about = "Routing and staffing optimisation for home care"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct MatrixOpts {
    /// Points farther than this from any usable road (metres) are reported as unsnapped.
    #[arg(long, default_value_t = 500.0)]
    snap_radius: f64,
    /// Minutes added to every trip for parking and getting to the door.
    #[arg(long, default_value_t = 0.0)]
    stop_overhead_min: f64,
}

#[derive(Subcommand)]
enum Command {
    /// Build the road graph of an OSM extract and print its statistics as JSON.
    Graph {
        /// OpenStreetMap PBF file.
        #[arg(long)]
        osm: PathBuf,
        /// Travel profile: car, bike or foot.
        #[arg(long, default_value = "car", value_parser = parse_profile)]
        profile: Profile,
        /// Also write the graph (largest SCC) as DIR/nodes.csv (node,osm_id,lat,lon) and
        /// DIR/edges.csv (from,to,duration_s,distance_m), e.g. for comparisons with other tools.
        #[arg(long, value_name = "DIR")]
        export: Option<PathBuf>,
        /// Write into an existing, non-empty --export directory (files of the same names are
        /// replaced).
        #[arg(long)]
        force: bool,
    },
    /// Travel-time and distance matrix between points (CSV with id,lat,lon) as JSON, numpy
    /// .npy arrays or a CSV table.
    Matrix {
        /// OpenStreetMap PBF file.
        #[arg(long)]
        osm: PathBuf,
        /// CSV file with the header id,lat,lon.
        #[arg(long)]
        points: PathBuf,
        /// Travel profile: car, bike or foot.
        #[arg(long, default_value = "car", value_parser = parse_profile)]
        profile: Profile,
        /// Output file (written atomically); with `--format npy` also
        /// BASE.distances.npy and BASE.ids.csv beside it (BASE: OUT without `.npy`).
        #[arg(long)]
        out: PathBuf,
        /// Output format: json (one file), npy (float32 arrays + ids CSV) or csv (long table
        /// from,to,duration_s,distance_m).
        #[arg(long, default_value = "json", value_parser = parse_matrix_format)]
        format: MatrixFormat,
        /// Print per-phase seconds as JSON on stderr.
        #[arg(long)]
        timings: bool,
        #[command(flatten)]
        opts: MatrixOpts,
    },
    /// Check a plan against its instance with the independent checker; prints a JSON report.
    /// Exit code 0 if the plan is feasible, 3 if it breaks a rule.
    Check {
        /// Instance file (VRPLIB .vrp, Solomon .txt or tillit JSON).
        instance: PathBuf,
        /// Plan JSON file.
        plan: PathBuf,
        /// Instance format; `auto` decides by file extension.
        #[arg(long, value_enum, default_value_t = InstanceFormat::Auto)]
        format: InstanceFormat,
        /// Judge with the elastic band `tillit solve --elastic FACTOR` planned with.
        #[arg(long, value_name = "FACTOR")]
        elastic: Option<f64>,
    },
    /// Solve a routing instance (VRPTW) and write the plan as JSON.
    Solve {
        /// Instance file (VRPLIB .vrp, Solomon .txt or tillit JSON).
        instance: PathBuf,
        /// Instance format; `auto` decides by file extension.
        #[arg(long, value_enum, default_value_t = InstanceFormat::Auto)]
        format: InstanceFormat,
        #[command(flatten)]
        limits: SolveLimits,
        /// Output plan JSON (written atomically).
        #[arg(long)]
        out: PathBuf,
    },
    /// Quality runners: solve benchmark sets and compare with best-known solutions.
    Bench {
        #[command(subcommand)]
        set: BenchSet,
    },
    /// Roster staff over a horizon and write the roster as JSON (+ CSV for team rotas):
    /// Curtois & Qu benchmark files, or a team rota in tillit's JSON (docs/roster-format.md).
    Roster {
        /// Instance file.
        file: PathBuf,
        /// Team rota only: size the positions (full-time first) for the demand under each
        /// weekend rule instead of rostering the listed staff.
        #[arg(long)]
        sizing: bool,
        /// Instance format.
        #[arg(long, value_enum)]
        format: RosterFormat,
        /// Wall-clock limit in seconds (default 60 when no --iterations is given).
        #[arg(long)]
        time_limit: Option<f64>,
        /// Neighbourhood-search iteration limit (reproducible across machines).
        #[arg(long)]
        iterations: Option<u64>,
        /// Random seed: same seed + same limits → the same roster.
        #[arg(long, default_value_t = 0, value_parser = crate::parse_seed)]
        seed: u64,
        /// Search parameters as JSON (fields of RosterParams; missing fields keep defaults).
        #[arg(long)]
        params: Option<PathBuf>,
        /// Output roster JSON (written atomically).
        #[arg(long)]
        out: PathBuf,
    },
    /// Evaluate a roster with the independent evaluator; prints a JSON report.
    /// Exit code 0 if it meets every hard rule, 3 if it breaks one, 2 on bad input.
    RosterCheck {
        /// Instance file (Curtois & Qu format, or a team rota with `--format json`).
        file: PathBuf,
        /// Format of the instance file.
        #[arg(long, value_enum, default_value = "curtois")]
        format: RosterFormat,
        /// Roster JSON file.
        roster: PathBuf,
    },
    /// Assign clients to teams (MIP): compact areas, balanced load, few moves. Writes JSON and
    /// a CSV beside it (docs/assign-format.md).
    Assign {
        /// Input JSON (levels, teams, clients, optional params).
        file: PathBuf,
        /// Clients as CSV (id,lat,lon,current_team,hours_<level>…), replacing the JSON's.
        #[arg(long)]
        clients: Option<PathBuf>,
        /// Wall-clock limit of the MIP in seconds.
        #[arg(long, default_value_t = 60.0)]
        time_limit: f64,
        /// HiGHS random seed.
        #[arg(long, default_value_t = 0, value_parser = crate::parse_seed)]
        seed: u64,
        /// Output JSON (written atomically; the CSV goes beside it).
        #[arg(long)]
        out: PathBuf,
    },
    /// Evaluate a team assignment with the independent checker; prints a JSON report.
    /// Exit code 0 if it meets every hard rule, 3 if it breaks one, 2 on bad input.
    AssignCheck {
        /// Input JSON of `tillit assign` (levels, teams, clients, optional params).
        file: PathBuf,
        /// Assignment JSON (the output of `tillit assign`; only `assignment` is read).
        assignment: PathBuf,
        /// Clients as CSV, replacing the JSON's (as for `tillit assign`).
        #[arg(long)]
        clients: Option<PathBuf>,
    },
    /// Run the main job on the embedded default data (Helsinki centre): generate a client book,
    /// plan it (teams, rotas, routes) and write the outputs and report into DIR.
    Demo {
        /// Output directory.
        #[arg(long, default_value = "tillit-demo")]
        out: PathBuf,
        /// Wall-clock budget of the planning run in seconds.
        #[arg(long, default_value_t = 20.0)]
        time_limit: f64,
        /// Seed of the client book and of every solver.
        #[arg(long, default_value_t = 0, value_parser = crate::parse_seed)]
        seed: u64,
        /// Write into an existing, non-empty directory (files of the same names are replaced).
        #[arg(long)]
        force: bool,
    },
    /// Plan a scenario end to end: travel matrices, team assignment, rotas, daily routes per
    /// team, key figures; writes plan.json, routes.csv, rosters.csv, kpis.json, routes.geojson
    /// and report.html into OUT.
    Plan {
        /// Scenario directory (CSV files or scenario.json) or JSON file (docs/scenario.md).
        #[arg(long)]
        scenario: PathBuf,
        /// OpenStreetMap PBF extract covering the scenario.
        #[arg(long)]
        osm: PathBuf,
        #[command(flatten)]
        opts: cli_pipeline::PlanOpts,
        /// Care model: trust (teams, elastic durations, full-time rotas) or
        /// purchaser-provider (fixed minutes, central allocation, part-time staff + temps).
        #[arg(long, default_value = "trust", value_parser = parse_model)]
        model: tillit::pipeline::CareModel,
        /// Output directory (written all or nothing).
        #[arg(long)]
        out: PathBuf,
    },
    /// Plan the same client book under the purchaser-provider model and the trust model and
    /// write both plans and a side-by-side report into OUT.
    Compare {
        /// Scenario directory or JSON file.
        #[arg(long)]
        scenario: PathBuf,
        /// OpenStreetMap PBF extract covering the scenario.
        #[arg(long)]
        osm: PathBuf,
        #[command(flatten)]
        opts: cli_pipeline::PlanOpts,
        /// Output directory (written all or nothing).
        #[arg(long)]
        out: PathBuf,
    },
    /// Generate a realistic synthetic client book (clients on residential buildings and
    /// address points of the extract, staff and teams sized to the load) as a scenario
    /// directory.
    Generate {
        /// OpenStreetMap PBF extract.
        #[arg(long)]
        osm: PathBuf,
        /// Number of clients.
        #[arg(long)]
        clients: usize,
        /// Seed.
        #[arg(long, default_value_t = 0, value_parser = crate::parse_seed)]
        seed: u64,
        /// Output scenario directory (written all or nothing).
        #[arg(long)]
        out: PathBuf,
        /// Write into an existing, non-empty directory (files of the same names are replaced).
        #[arg(long)]
        force: bool,
    },
}

fn parse_model(s: &str) -> std::result::Result<tillit::pipeline::CareModel, String> {
    match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
        "trust" => Ok(tillit::pipeline::CareModel::Trust),
        "purchaser-provider" | "pp" => Ok(tillit::pipeline::CareModel::PurchaserProvider),
        _ => Err(format!("{s:?}: expected trust or purchaser-provider")),
    }
}

/// Stopping rules and determinism settings of a solve.
#[derive(clap::Args, Clone, Debug)]
struct SolveLimits {
    /// Wall-clock limit in seconds (default 10 when no --iterations is given).
    #[arg(long)]
    time_limit: Option<f64>,
    /// Iteration limit of the main loop (reproducible across machines).
    #[arg(long)]
    iterations: Option<u64>,
    /// Random seed: same seed + same threads → the same plan.
    #[arg(long, default_value_t = 0, value_parser = crate::parse_seed)]
    seed: u64,
    /// Worker threads (at most the number of cores unless --force-threads).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Allow --threads above the number of cores.
    #[arg(long)]
    force_threads: bool,
    /// Solver parameters (JSON object with any fields of `RouteParams`; see docs/solver.md).
    #[arg(long)]
    params: Option<PathBuf>,
    /// Minimise the number of routes (carers out) first, then distance (same as
    /// `"minimise_routes": true` in --params).
    #[arg(long)]
    minimise_routes: bool,
    /// Let every visit without an elastic band last up to FACTOR × its duration (e.g. 1.5;
    /// 1 to 10); the planner stretches visits into time that would otherwise be waiting.
    #[arg(long, value_name = "FACTOR")]
    elastic: Option<f64>,
    /// Override cost weights of the instance: a JSON object with any of `distance`,
    /// `lateness`, `max_lateness`, `overtime`, `preferred`, `continuity`, `face_to_face`
    /// (docs/instance-format.md), e.g. '{"face_to_face": 0.1}'.
    #[arg(long, value_name = "JSON")]
    objective: Option<String>,
}

/// Largest `--elastic` factor: a visit may last up to ten times its allotted time. Far beyond
/// practice (1.5 is typical), and with it every band stays well inside the model's time
/// horizon (`tillit::model::MAX_TIME`) for any realistic duration.
const MAX_ELASTIC: f64 = 10.0;

/// Applies `--elastic` to `inst`.
fn elastic(inst: Instance, factor: Option<f64>) -> Result<Instance> {
    match factor {
        None => Ok(inst),
        Some(f) if f.is_finite() && (1.0..=MAX_ELASTIC).contains(&f) => {
            Ok(inst.with_elastic_band(f))
        }
        Some(f) => Err(Error::Param {
            name: "--elastic".into(),
            msg: format!(
                "{} is not a factor between 1 and {MAX_ELASTIC}",
                if format!("{f}").len() > 12 {
                    format!("{f:.3e}")
                } else {
                    format!("{f}")
                }
            ),
        }),
    }
}

/// Applies `--elastic` and `--objective` to `inst`.
fn adjusted(inst: Instance, limits: &SolveLimits) -> Result<Instance> {
    let inst = elastic(inst, limits.elastic)?;
    let Some(text) = &limits.objective else {
        return Ok(inst);
    };
    let bad = |msg: String| Error::Param {
        name: "--objective".into(),
        msg,
    };
    let mut weights = serde_json::to_value(tillit::io::instance_json::ObjectiveDto::from(
        *inst.objective(),
    ))
    .map_err(internal)?;
    let given: serde_json::Value = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
    let (Some(w), Some(g)) = (weights.as_object_mut(), given.as_object()) else {
        return Err(bad("expected a JSON object of weights".into()));
    };
    for (k, v) in g {
        w.insert(k.clone(), v.clone());
    }
    let dto: tillit::io::instance_json::ObjectiveDto =
        serde_json::from_value(weights).map_err(|e| bad(e.to_string()))?;
    inst.with_objective(dto.into())
        .map_err(|e| bad(e.to_string()))
}

/// Reads `--params`: a JSON object whose fields override the defaults; unknown fields fail.
fn route_params(limits: &SolveLimits) -> Result<tillit::route::RouteParams> {
    let mut params = match &limits.params {
        None => tillit::route::RouteParams::default(),
        Some(path) => tillit::io::text::read_json(path)?,
    };
    params.minimise_routes |= limits.minimise_routes;
    Ok(params)
}

/// Reads `--params` as care-planner parameters (unknown fields fail).
fn care_params(limits: &SolveLimits) -> Result<tillit::care::CareParams> {
    match &limits.params {
        None => Ok(Default::default()),
        Some(path) => tillit::io::text::read_json(path),
    }
}

#[derive(Subcommand)]
enum BenchSet {
    /// Team assignment at scale on a synthetic municipality: prints size, status, gap, seconds.
    Assign {
        /// Number of clients.
        #[arg(long, default_value_t = 2000)]
        clients: usize,
        /// Number of teams.
        #[arg(long, default_value_t = 30)]
        teams: usize,
        /// Instance and HiGHS seed.
        #[arg(long, default_value_t = 0, value_parser = crate::parse_seed)]
        seed: u64,
        /// Wall-clock limit of the MIP in seconds.
        #[arg(long, default_value_t = 60.0)]
        time_limit: f64,
        /// Candidate teams per client (0 = all).
        #[arg(long)]
        candidates: Option<usize>,
        /// Solver parameters as JSON (fields of AssignParams; missing fields keep defaults).
        #[arg(long)]
        params: Option<PathBuf>,
    },
    /// Home-care benchmark: solve every Mankowska et al. (2014) .txt (or Italian real-city
    /// .json) file in DIR; print cost, best known, gap, the BRKGA-MP-IPR 2021 value, the
    /// face-to-face share of route time, the total lateness (tardiness), seconds and the
    /// checker's verdict.
    Hhc {
        /// Folder with the instance files.
        dir: PathBuf,
        /// Reference values CSV; default: the `*_reference_values.csv` beside DIR
        /// (mankowska2014_… or italian_ceschia_…).
        #[arg(long)]
        reference: Option<PathBuf>,
        /// Seeds per instance (0..K).
        #[arg(long, default_value_t = 1)]
        seeds: u64,
        /// Only files whose name contains this text.
        #[arg(long)]
        only: Option<String>,
        #[command(flatten)]
        limits: SolveLimits,
    },
    /// Solve every .vrp in DIR; print routes, distance, BKS, gap, seconds, checker verdict.
    Vrptw {
        /// Folder with VRPLIB .vrp files.
        dir: PathBuf,
        /// Best-known solutions CSV (columns instance, bks_dimacs_distance); default
        /// DIR/bks.csv, else DIR/../bks.csv.
        #[arg(long)]
        bks: Option<PathBuf>,
        /// Seeds per instance (0..K).
        #[arg(long, default_value_t = 1)]
        seeds: u64,
        #[command(flatten)]
        limits: SolveLimits,
    },
}

/// The wall-clock limit in seconds: `--time-limit` if given, none when only `--iterations` is
/// given, else `default`; a limit that is not a number of seconds from 0 to a week is a
/// parameter error.
fn time_limit(given: Option<f64>, iterations: Option<u64>, default: f64) -> Result<Option<f64>> {
    let limit = match (given, iterations) {
        (Some(t), _) => Some(t),
        (None, None) => Some(default),
        (None, Some(_)) => None,
    };
    limit
        .map(|t| tillit::limits::time_limit("--time-limit", t, true))
        .transpose()
}

/// Most worker threads allowed even with `--force-threads`.
const MAX_THREADS: usize = 1024;

/// `--threads`: at least 1 (0 = all cores where `zero_is_all`), at most the number of cores
/// unless `force` (then at most [`MAX_THREADS`]); more than the cores without `force` is
/// capped with a note on stderr.
fn threads(n: usize, force: bool, zero_is_all: bool) -> Result<usize> {
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let bad = |msg: String| Error::Param {
        name: "--threads".into(),
        msg,
    };
    match n {
        0 if zero_is_all => Ok(cores),
        0 => Err(bad("at least one thread".into())),
        n if n > MAX_THREADS => Err(bad(format!("{n}: at most {MAX_THREADS}"))),
        n if n > cores && !force => {
            eprintln!(
                "note: --threads {n} capped at the {cores} core(s) of this machine \
                 (--force-threads to run {n})"
            );
            Ok(cores)
        }
        n => Ok(n),
    }
}

/// Checks the limits of a solve at the edge (before any work).
fn check_limits(limits: &SolveLimits) -> Result<()> {
    time_limit(limits.time_limit, limits.iterations, 10.0)?;
    threads(limits.threads, limits.force_threads, false)?;
    Ok(())
}

fn run_ctx(limits: &SolveLimits, seed: u64) -> Result<tillit::route::RunCtx> {
    let time_limit = time_limit(limits.time_limit, limits.iterations, 10.0)?;
    Ok(tillit::route::RunCtx {
        seed,
        deadline: time_limit.map(tillit::limits::deadline_in),
        max_iterations: limits.iterations,
        cancel: cli_signal::flag(),
        threads: threads(limits.threads, limits.force_threads, false)?,
    })
}

/// Solves and judges the result with the independent checker; a plan the checker rejects is
/// a solver bug (internal error), never written out.
///
/// Instances with home-care rules (links, soft windows, breaks, priorities, continuity, …; see
/// `tillit::care::needs_care_planner`) go to the care planner, whose parameters `--params`
/// then holds (`CareParams`, docs/care.md); plain VRPTW instances to the routing core.
fn solve_checked(
    inst: &Instance,
    limits: &SolveLimits,
    ctx: &tillit::route::RunCtx,
) -> Result<(tillit::route::Solution, tillit::plan::Report)> {
    let sol = if tillit::care::needs_care_planner(inst) {
        tillit::care::solve(inst, &care_params(limits)?, ctx)
    } else {
        tillit::route::solve(inst, &route_params(limits)?, ctx)
    };
    let report = tillit::plan::check(inst, &sol.plan);
    if let Some(v) = report.violations.first() {
        return Err(Error::Internal(format!(
            "the solver produced a plan the checker rejects ({} violation(s); first: {v})",
            report.violations.len()
        )));
    }
    Ok((sol, report))
}

fn read_bks(path: &Path) -> Result<std::collections::BTreeMap<String, f64>> {
    let table = tillit::io::csv_dialect::CsvTable::read(path)?;
    let required = ["instance", "bks_dimacs_distance"];
    let ci = table.require("instance", &required)?;
    table.require("bks_dimacs_distance", &required)?;
    let mut out = std::collections::BTreeMap::new();
    for row in &table.rows {
        let name = table.cell(row, Some(ci)).to_string();
        out.insert(name, table.number(row, "bks_dimacs_distance")?);
    }
    Ok(out)
}

fn bench_vrptw(dir: &Path, bks: Option<PathBuf>, seeds: u64, limits: &SolveLimits) -> Result<()> {
    let bks_path = bks.unwrap_or_else(|| {
        let inside = dir.join("bks.csv");
        if inside.exists() {
            inside
        } else {
            dir.join("../bks.csv")
        }
    });
    let bks = read_bks(&bks_path)?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "vrp"))
        .collect();
    files.sort();
    outln!(
        "{:<12} {:>4} {:>7} {:>10} {:>10} {:>7} {:>8} {:>7}",
        "instance",
        "seed",
        "routes",
        "distance",
        "bks",
        "gap%",
        "seconds",
        "checker"
    );
    let mut gaps = Vec::new();
    for file in &files {
        let inst = read_instance(file, InstanceFormat::Vrplib)?;
        let name = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("?")
            .to_string();
        let per = inst.units().distance_per_unit as f64;
        for seed in 0..seeds.max(1) {
            let ctx = run_ctx(limits, seed)?;
            let t = Instant::now();
            let (_, report) = solve_checked(&inst, limits, &ctx)?;
            let secs = t.elapsed().as_secs_f64();
            let dist = report.evaluation.distance as f64 / per;
            let best = bks.get(&name).copied();
            let gap = best.map(|b| (dist - b) / b * 100.0);
            let complete = report.evaluation.unassigned == 0;
            if let (Some(g), true) = (gap, complete) {
                gaps.push(g);
            }
            outln!(
                "{:<12} {:>4} {:>7} {:>10.1} {:>10} {:>7} {:>8.2} {:>7}",
                name,
                seed,
                report.evaluation.routes_used,
                dist,
                best.map_or("-".into(), |b| format!("{b:.1}")),
                match (gap, complete) {
                    (_, false) => format!("{} un", report.evaluation.unassigned),
                    (Some(g), true) => format!("{g:.2}"),
                    (None, true) => "-".into(),
                },
                secs,
                if report.is_feasible() { "OK" } else { "FAIL" }
            );
        }
    }
    let mean = if gaps.is_empty() {
        f64::NAN
    } else {
        gaps.iter().sum::<f64>() / gaps.len() as f64
    };
    outln!(
        "mean gap: {mean:.3} % over {} runs ({} instances)",
        gaps.len(),
        files.len()
    );
    Ok(())
}

/// Reference values of the home-care benchmark by instance file name: (best known, BRKGA,
/// optimal proven).
type HhcReference = std::collections::BTreeMap<String, (f64, Option<f64>, bool)>;

/// Reads the reference values of the home-care benchmark.
fn read_hhc_reference(path: &Path) -> Result<HhcReference> {
    let table = tillit::io::csv_dialect::CsvTable::read(path)?;
    // Mankowska: file, best_known_upper, brkga_mp_ipr_best, optimal_proven.
    // Italian: instance_file, total_cost.
    let col = |name: &str| table.column(name);
    let (file_col, best_name) = match (col("file"), col("best_known_upper")) {
        (Some(f), Some(_)) => (f, "best_known_upper"),
        _ => match (col("instance_file"), col("total_cost")) {
            (Some(f), Some(_)) => (f, "total_cost"),
            _ => {
                return Err(Error::Input {
                    path: path.to_path_buf(),
                    record: "line 1 (header)".into(),
                    field: "header".into(),
                    msg: "needs columns file + best_known_upper, or instance_file + total_cost"
                        .into(),
                });
            }
        },
    };
    let mut out = std::collections::BTreeMap::new();
    for row in &table.rows {
        let best = table.number(row, best_name)?;
        let brkga = match table.cell(row, col("brkga_mp_ipr_best")) {
            "" => None,
            _ => Some(table.number(row, "brkga_mp_ipr_best")?),
        };
        let optimal = table.cell(row, col("optimal_proven")) == "yes";
        out.insert(
            table.cell(row, Some(file_col)).to_string(),
            (best, brkga, optimal),
        );
    }
    Ok(out)
}

fn bench_hhc(
    dir: &Path,
    reference: Option<PathBuf>,
    seeds: u64,
    only: Option<&str>,
    limits: &SolveLimits,
) -> Result<()> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "json"))
        .filter(|p| {
            only.is_none_or(|o| {
                p.file_name()
                    .and_then(|f| f.to_str())
                    .is_some_and(|f| f.contains(o))
            })
        })
        .collect();
    // Numeric order within a family: 10_1, 10_2, …, 10_10.
    files.sort_by_key(|p| {
        let name = p
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let nums: Vec<u64> = name
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|t| t.parse().ok())
            .collect();
        (nums, name)
    });
    let italian = files
        .iter()
        .any(|p| p.extension().is_some_and(|x| x == "json"));
    let reference = match reference {
        Some(r) => r,
        None => {
            // Italian: DIR = hhc/italian_ceschia/instances; Mankowska: DIR = hhc/mankowska2014.
            let name = if italian {
                "../italian_ceschia_reference_values.csv"
            } else {
                "mankowska2014_reference_values.csv"
            };
            dir.join("..").join(name)
        }
    };
    let refs = read_hhc_reference(&reference)?;
    outln!(
        "{:<44} {:>4} {:>10} {:>10} {:>7} {:>10} {:>6} {:>6} {:>9} {:>7} {:>8} {:>7}",
        "instance",
        "seed",
        "cost",
        "best",
        "gap%",
        "brkga",
        "beat",
        "f2f%",
        "late",
        "seconds",
        "iters",
        "checker"
    );
    let mut gaps = Vec::new();
    for file in &files {
        let format = if italian {
            InstanceFormat::Italian
        } else {
            InstanceFormat::Mankowska
        };
        // `base` keeps the published objective, by which the plans are judged and priced;
        // `inst` has the weights of --objective, which the planner optimises.
        let base = elastic(read_instance(file, format)?, limits.elastic)?;
        let inst = adjusted(base.clone(), limits)?;
        let fname = file
            .file_name()
            .and_then(|s| s.to_str())
            .unwrap_or("?")
            .to_string();
        let (best, brkga, _) = refs.get(&fname).copied().unwrap_or((f64::NAN, None, false));
        for seed in 0..seeds.max(1) {
            let ctx = run_ctx(limits, seed)?;
            let t = Instant::now();
            let (sol, _) = solve_checked(&inst, limits, &ctx)?;
            let secs = t.elapsed().as_secs_f64();
            let report = tillit::plan::check(&base, &sol.plan);
            let e = &report.evaluation;
            let cost = e.cost(&base);
            let gap = (cost - best) / best * 100.0;
            if e.unassigned == 0 && gap.is_finite() {
                gaps.push(gap);
            }
            let f2f = if e.route_time > 0 {
                100.0 * e.service_time as f64 / e.route_time as f64
            } else {
                f64::NAN
            };
            outln!(
                "{:<44} {:>4} {:>10.3} {:>10.3} {:>7} {:>10} {:>6} {:>6.1} {:>9.3} {:>7.2} {:>8} {:>7}",
                fname,
                seed,
                cost,
                best,
                if e.unassigned > 0 {
                    format!("{} un", e.unassigned)
                } else {
                    format!("{gap:.2}")
                },
                brkga.map_or("-".into(), |b| format!("{b:.1}")),
                brkga.map_or("-", |b| if cost < b { "yes" } else { "no" }),
                f2f,
                e.lateness as f64 / inst.units().ticks_per_unit as f64,
                secs,
                sol.iterations,
                if report.is_feasible() { "OK" } else { "FAIL" }
            );
        }
    }
    let mean = if gaps.is_empty() {
        f64::NAN
    } else {
        gaps.iter().sum::<f64>() / gaps.len() as f64
    };
    outln!("mean gap: {mean:.3} % over {} runs", gaps.len());
    Ok(())
}

/// Roster instance formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum RosterFormat {
    /// Curtois & Qu (2014) shift-scheduling text format (schedulingbenchmarks.org).
    Curtois,
    /// tillit's team-rota JSON (docs/roster-format.md).
    Json,
}

fn roster_run(
    time_limit: Option<f64>,
    iterations: Option<u64>,
    seed: u64,
) -> Result<tillit::roster::RosterRun> {
    let time_limit = self::time_limit(time_limit, iterations, 60.0)?;
    Ok(tillit::roster::RosterRun {
        seed,
        deadline: time_limit.map(tillit::limits::deadline_in),
        max_iterations: iterations,
        cancel: cli_signal::flag(),
    })
}

fn read_params<T: Default + serde::de::DeserializeOwned>(path: Option<&Path>) -> Result<T> {
    let Some(path) = path else {
        return Ok(Default::default());
    };
    tillit::io::text::read_json(path)
}

fn roster_report_json(report: &tillit::plan::roster_check::RosterReport) -> serde_json::Value {
    let violations: Vec<serde_json::Value> = report
        .violations
        .iter()
        .map(|v| {
            serde_json::json!({
                "kind": v.kind.to_string(),
                "staff": v.staff,
                "day": v.day,
                "detail": v.detail,
                "message": v.to_string(),
            })
        })
        .collect();
    let ev = &report.evaluation;
    serde_json::json!({
        "feasible": report.is_feasible(),
        "violations": violations,
        "objective": ev.penalty,
        "penalty": {
            "shift_on_requests": ev.on_requests,
            "shift_off_requests": ev.off_requests,
            "cover_under": ev.cover_under,
            "cover_over": ev.cover_over,
        },
    })
}

fn seconds_param(name: &str, v: f64) -> Result<std::time::Duration> {
    tillit::limits::time_limit(name, v, true).map(tillit::limits::duration)
}

fn write_assignment(
    inst: &tillit::model::assign::AssignInstance,
    a: &tillit::assign::Assignment,
    out: &Path,
) -> Result<()> {
    write_atomic(&csv_beside(out), |w| {
        writeln!(w, "client,team,previous_team,travel_minutes")?;
        for (c, &t) in a.team_of.iter().enumerate() {
            let client = &inst.clients[c];
            let prev = client.current.map_or("", |p| inst.teams[p].id.as_str());
            writeln!(
                w,
                "{},{},{},{:.1}",
                client.id, inst.teams[t].id, prev, inst.travel[c][t]
            )?;
        }
        Ok(())
    })?;
    let assignment: std::collections::BTreeMap<&str, &str> = a
        .team_of
        .iter()
        .enumerate()
        .map(|(c, &t)| (inst.clients[c].id.as_str(), inst.teams[t].id.as_str()))
        .collect();
    let teams: Vec<serde_json::Value> = inst
        .teams
        .iter()
        .enumerate()
        .map(|(t, team)| {
            let cap: f64 = team.capacity.iter().sum();
            serde_json::json!({
                "id": team.id,
                "clients": a.team_of.iter().filter(|&&x| x == t).count(),
                "load_hours": (a.loads[t] * 10.0).round() / 10.0,
                "capacity_hours": cap,
                "utilisation": if cap > 0.0 { (a.loads[t] / cap * 1000.0).round() / 1000.0 } else { 0.0 },
            })
        })
        .collect();
    write_json(
        out,
        &serde_json::json!({
            "assignment": assignment,
            "teams": teams,
            "moves": a.moves,
            "objective": a.objective,
            "status": a.status,
            "bound": a.bound,
            "gap": a.gap,
            "candidate_teams": a.candidate_teams,
            "seconds": (a.seconds * 1000.0).round() / 1000.0,
        }),
    )
}

fn assign_params(
    file: &Path,
    raw: Option<serde_json::Value>,
) -> Result<tillit::assign::AssignParams> {
    match raw {
        None => Ok(Default::default()),
        Some(v) => tillit::io::text::from_value(file, "params", v),
    }
}

fn assign_report_json(report: &tillit::plan::assign_check::AssignReport) -> serde_json::Value {
    let violations: Vec<serde_json::Value> = report
        .violations
        .iter()
        .map(|v| {
            serde_json::json!({
                "kind": v.kind.to_string(),
                "client": v.client,
                "team": v.team,
                "detail": v.detail,
                "message": v.to_string(),
            })
        })
        .collect();
    let ev = &report.evaluation;
    serde_json::json!({
        "feasible": report.is_feasible(),
        "violations": violations,
        "objective": ev.objective,
        "terms": {"travel": ev.travel, "moves": ev.move_cost, "balance": ev.balance},
        "moves": ev.moves,
    })
}

/// Judges a roster with the independent evaluator; a rejected roster is a solver bug.
fn evaluate_roster(
    inst: &tillit::model::roster::RosterInstance,
    sol: &tillit::roster::RosterSolution,
) -> Result<std::collections::BTreeMap<String, Vec<String>>> {
    let assignments = tillit::io::roster_json::assignments(inst, &sol.grid);
    let plan = tillit::plan::roster_check::RosterPlan {
        assignments: assignments.clone(),
    };
    let report = tillit::plan::roster_check::check_roster(inst, &plan);
    if let Some(v) = report.violations.first() {
        return Err(Error::Internal(format!(
            "the roster engine produced a roster the evaluator rejects ({} violation(s); first: {v})",
            report.violations.len()
        )));
    }
    if report.evaluation.penalty != sol.objective {
        return Err(Error::Internal(format!(
            "solver objective {} differs from the evaluator's {}",
            sol.objective, report.evaluation.penalty
        )));
    }
    Ok(assignments)
}

fn csv_beside(out: &Path) -> PathBuf {
    out.with_extension("csv")
}

fn rota_roster(
    input: &tillit::io::rota_json::RotaInput,
    params: &tillit::roster::RosterParams,
    run: &tillit::roster::RosterRun,
    seed: u64,
    t: Instant,
    out: &Path,
) -> Result<()> {
    let inst = &input.instance;
    let sol = tillit::roster::solve(inst, params, run)?;
    let assignments = evaluate_roster(inst, &sol)?;
    let kpis = tillit::roster::rota::kpis(
        inst,
        &sol.grid,
        &input.contract_percent,
        f64::from(input.costs.temp_per_hour),
    );
    let file_out = tillit::io::roster_json::RosterFileOut {
        assignments,
        objective: sol.objective,
        status: sol.status.as_str().into(),
        bound: sol.bound,
        seed,
        seconds: (t.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
        iterations: sol.iterations,
        kpis: Some(serde_json::to_value(&kpis).map_err(internal)?),
    };
    tillit::io::roster_json::write_roster_csv(&csv_beside(out), inst, &sol.grid)?;
    write_json(out, &file_out)?;
    eprintln!(
        "{}: objective {} ({}), bound {}, full-time share {:.0} %, temp hours {:.1}, {:.1} s",
        inst.name,
        sol.objective,
        sol.status.as_str(),
        sol.bound.map_or("none".into(), |b| b.to_string()),
        kpis.full_time_share * 100.0,
        kpis.temp_hours,
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

fn rota_sizing(
    input: &tillit::io::rota_json::RotaInput,
    params: &tillit::roster::RosterParams,
    run: &tillit::roster::RosterRun,
    out: &Path,
) -> Result<()> {
    let inst = &input.instance;
    let r = &input.rules;
    let demand_hours: f64 = inst
        .cover
        .iter()
        .map(|c| f64::from(c.requirement) * f64::from(inst.shifts[c.shift].minutes) / 60.0)
        .sum();
    let per_position = r.full_time_hours_per_week * input.weeks as f64;
    let full = input.sizing.max_full_time.map_or_else(
        || (demand_hours / per_position).ceil() as usize + 2,
        |m| m as usize,
    );
    let all_skills = if inst.rota.skill_names.is_empty() {
        0
    } else {
        u64::MAX >> (64 - inst.rota.skill_names.len())
    };
    let pool = tillit::roster::rota::SizingPool {
        full_time: full,
        part_time: input
            .sizing
            .part_time_percents
            .iter()
            .map(|&p| (p, input.sizing.max_part_time_each as usize))
            .collect(),
        full_time_hours_per_week: r.full_time_hours_per_week,
        tolerance_hours: r.contract_tolerance_hours,
        staff_cost_per_hour: f64::from(input.costs.staff_per_hour),
        part_time_penalty_hours: input.sizing.part_time_penalty_hours,
        skills: all_skills,
    };
    let results = tillit::roster::rota::size(
        inst,
        &pool,
        input.weeks,
        &input.sizing.weekend_rules,
        params,
        run,
    )?;
    let mut rows = Vec::new();
    for (row, sized, sol) in &results {
        evaluate_roster(sized, sol)?;
        rows.push(row.clone());
    }
    write_atomic(&csv_beside(out), |w| {
        writeln!(
            w,
            "weekend_every,full_time,part_time,full_time_share,temp_hours,over_cover_hours,objective,status,bound"
        )?;
        for row in &rows {
            let part: Vec<String> = row
                .part_time
                .iter()
                .map(|(p, n)| format!("{n}x{p}%"))
                .collect();
            writeln!(
                w,
                "{},{},{},{:.3},{:.1},{:.1},{},{},{}",
                row.weekend_every,
                row.full_time,
                part.join(" "),
                row.full_time_share,
                row.temp_hours,
                row.over_cover_hours,
                row.objective,
                row.status,
                row.bound.map_or(String::new(), |b| b.to_string())
            )?;
        }
        Ok(())
    })?;
    write_json(
        out,
        &serde_json::json!({
            "name": inst.name,
            "demand_carer_hours": demand_hours,
            "candidates": {"full_time": pool.full_time, "part_time": pool.part_time},
            "sizing": rows,
        }),
    )?;
    for row in &rows {
        eprintln!(
            "every {}. weekend: {} full-time + {:?} part-time, temp {:.1} h, over-cover {:.1} h ({})",
            row.weekend_every,
            row.full_time,
            row.part_time,
            row.temp_hours,
            row.over_cover_hours,
            row.status
        );
        // A class whose candidates are all used may have been the limit, not the demand.
        if row.full_time >= pool.full_time && row.temp_hours > 0.0 {
            eprintln!(
                "  note: all {} full-time candidates are used and {:.1} temp hours remain; \
                 raise sizing.max_full_time to see whether more positions are cheaper",
                pool.full_time, row.temp_hours
            );
        }
        for ((percent, used), (_, max)) in row.part_time.iter().zip(&pool.part_time) {
            if used >= max && row.temp_hours > 0.0 {
                eprintln!(
                    "  note: all {max} candidate {percent} % positions are used and {:.1} temp \
                     hours remain; raise sizing.max_part_time_each to see whether more \
                     positions are cheaper",
                    row.temp_hours
                );
            }
        }
    }
    Ok(())
}

/// Instance file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum InstanceFormat {
    /// By extension: .vrp → vrplib, .txt → mankowska if it starts with `nbNodes`, else
    /// solomon, .json → italian if it has `central_offices`, else json.
    Auto,
    /// VRPLIB CVRPTW (DIMACS rounding).
    Vrplib,
    /// Classic Solomon text format (DIMACS rounding).
    Solomon,
    /// tillit's JSON instance format (docs/instance-format.md).
    Json,
    /// Home health care instances of Mankowska et al. (2014) (`InstanzCPLEX_HCSRP_*.txt`).
    Mankowska,
    /// The Italian real-city home health care instances of Ceschia et al. (JSON).
    Italian,
}

fn read_instance(path: &Path, format: InstanceFormat) -> Result<Instance> {
    let format = match format {
        InstanceFormat::Auto => match path.extension().and_then(|e| e.to_str()) {
            Some("vrp") => InstanceFormat::Vrplib,
            // Mankowska files open with the keyword `nbNodes`; Solomon files with a name line.
            Some("txt")
                if tillit::io::text::read_text(path)
                    .ok()
                    .and_then(|t| t.split_whitespace().next().map(|w| w == "nbNodes"))
                    .unwrap_or(false) =>
            {
                InstanceFormat::Mankowska
            }
            Some("txt") => InstanceFormat::Solomon,
            // The Italian real-city files have `central_offices`; tillit's own JSON does not.
            Some("json")
                if tillit::io::text::read_text(path)
                    .ok()
                    .is_some_and(|t| t.contains("\"central_offices\"")) =>
            {
                InstanceFormat::Italian
            }
            Some("json") => InstanceFormat::Json,
            _ => {
                return Err(Error::Param {
                    name: "--format".into(),
                    msg: format!(
                        "cannot tell the format of {} from its extension; use --format vrplib|solomon|json|mankowska|italian",
                        path.display()
                    ),
                });
            }
        },
        f => f,
    };
    let parts = match format {
        InstanceFormat::Vrplib | InstanceFormat::Auto => tillit::io::vrplib::read_vrplib(path)?,
        InstanceFormat::Solomon => tillit::io::solomon::read_solomon(path)?,
        InstanceFormat::Json => tillit::io::instance_json::read_instance_json(path)?,
        InstanceFormat::Mankowska => tillit::io::mankowska::read_mankowska(path)?,
        InstanceFormat::Italian => tillit::io::italian::read_italian(path)?,
    };
    Instance::new(parts).map_err(|source| Error::Model {
        path: path.to_path_buf(),
        source,
    })
}

fn parse_profile(s: &str) -> std::result::Result<Profile, String> {
    s.parse::<Profile>().map_err(|e| e.to_string())
}

fn parse_matrix_format(s: &str) -> std::result::Result<MatrixFormat, String> {
    s.parse::<MatrixFormat>()
}

/// Seconds per phase, in the order they ran.
#[derive(Default, Serialize)]
struct Timings {
    #[serde(skip_serializing_if = "Option::is_none")]
    parse: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    build: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prepare: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    snap: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    matrix: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    write: Option<f64>,
}

fn timed<T>(slot: &mut Option<f64>, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let r = f();
    *slot = Some(t.elapsed().as_secs_f64());
    r
}

#[derive(Serialize)]
struct GraphReport<'a> {
    file: String,
    #[serde(flatten)]
    stats: &'a tillit::graph::GraphStats,
    ch: &'a tillit::graph::ch::ChStats,
    seconds: &'a Timings,
}

fn params(opts: &MatrixOpts) -> Result<MatrixParams> {
    if !(opts.snap_radius.is_finite() && opts.snap_radius >= 0.0) {
        return Err(Error::Param {
            name: "--snap-radius".into(),
            msg: format!(
                "{} is not a non-negative number of metres",
                opts.snap_radius
            ),
        });
    }
    if !(opts.stop_overhead_min.is_finite() && (0.0..=600.0).contains(&opts.stop_overhead_min)) {
        return Err(Error::Param {
            name: "--stop-overhead-min".into(),
            msg: format!(
                "{} is not between 0 and 600 minutes",
                opts.stop_overhead_min
            ),
        });
    }
    Ok(MatrixParams {
        snap_radius_m: opts.snap_radius,
        stop_overhead: Millis((opts.stop_overhead_min * 60_000.0).round() as u32),
    })
}

struct MatrixRun {
    router: Router,
    ids: Vec<String>,
    matrix: TravelMatrix,
    snaps: SnapReport,
    timings: Timings,
}

/// Build → prepare → snap → matrix on parsed OSM data; `t` already holds the parse time.
/// No point snapping is an input error naming `points_path`.
fn run_matrix(
    data: &OsmData,
    (osm_path, points_path): (&Path, &Path),
    points: Vec<PointRecord>,
    profile: Profile,
    params: &MatrixParams,
    mut t: Timings,
) -> Result<MatrixRun> {
    let graph = timed(&mut t.build, || RoadGraph::build(data, profile, osm_path))?;
    let router = timed(&mut t.prepare, || Router::new(graph));
    let positions: Vec<_> = points.iter().map(|p| p.pos).collect();
    let (snaps, report) = timed(&mut t.snap, || {
        router.snap_checked(&positions, params, points_path, osm_path)
    })?;
    let m = timed(&mut t.matrix, || router.matrix_from_snaps(snaps, params));
    let ids: Vec<String> = points.into_iter().map(|p| p.id).collect();
    Ok(MatrixRun {
        router,
        ids,
        matrix: m,
        snaps: report,
        timings: t,
    })
}

/// Matrices of more points than this get a warning with their memory and output size.
const BIG_MATRIX_POINTS: usize = 5_000;

/// Warns on stderr, before the work, that a matrix of this many points is big: its memory
/// and the size of the output, with `--format npy` as the compact choice.
fn warn_big_matrix(points: &[PointRecord], format: MatrixFormat) {
    let n = points.len();
    if n <= BIG_MATRIX_POINTS {
        return;
    }
    let ids: Vec<String> = points.iter().map(|p| p.id.clone()).collect();
    let gb = |b: u64| b as f64 / 1e9;
    let size = tillit::io::matrix_out::estimated_output_bytes(format, &ids);
    let npy = tillit::io::matrix_out::estimated_output_bytes(MatrixFormat::Npy, &ids);
    let advice = if format == MatrixFormat::Npy {
        String::new()
    } else {
        format!("; --format npy would write about {:.1} GB", gb(npy))
    };
    eprintln!(
        "warning: {n} points (more than {BIG_MATRIX_POINTS}): the {n} x {n} matrix needs about {:.1} GB of memory besides the road graph, and the {format} output will be about {:.1} GB{advice}",
        gb(tillit::io::matrix_out::matrix_memory_bytes(n)),
        gb(size),
    );
}

/// Warns on stderr about the points that did not snap (their rows and columns hold no
/// route): how many, and the first few ids.
fn warn_unsnapped(points_path: &Path, run: &MatrixRun, params: &MatrixParams, profile: Profile) {
    const SHOWN: usize = 5;
    let unsnapped = &run.snaps.unsnapped;
    if unsnapped.is_empty() {
        return;
    }
    let mut names: Vec<String> = unsnapped
        .iter()
        .take(SHOWN)
        .filter_map(|&i| run.ids.get(i))
        .map(|id| format!("{id:?}"))
        .collect();
    if unsnapped.len() > SHOWN {
        names.push(format!("... ({} more)", unsnapped.len() - SHOWN));
    }
    eprintln!(
        "warning: {}: {} of {} points did not snap (farther than {} m from any road usable by profile `{profile}`), so they have no routes: {}",
        points_path.display(),
        unsnapped.len(),
        run.snaps.points,
        params.snap_radius_m,
        names.join(", "),
    );
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    write_atomic(path, |w| {
        serde_json::to_writer(&mut *w, value).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Graph {
            osm,
            profile,
            export,
            force,
        } => {
            if let Some(dir) = &export {
                output::check_dir(target("--export", dir), &[&osm], force)?;
            }
            let mut t = Timings::default();
            let data = timed(&mut t.parse, || tillit::osm::read_pbf(&osm))?;
            let graph = timed(&mut t.build, || RoadGraph::build(&data, profile, &osm))?;
            drop(data);
            let router = timed(&mut t.prepare, || Router::new(graph));
            let report = GraphReport {
                file: osm.display().to_string(),
                stats: &router.graph().stats,
                ch: router.hierarchy().stats(),
                seconds: &t,
            };
            outln!(
                "{}",
                serde_json::to_string_pretty(&report).map_err(internal)?
            );
            if let Some(dir) = export {
                export_graph(&dir, router.graph())?;
            }
        }
        Command::Matrix {
            osm,
            points,
            profile,
            out,
            format,
            timings,
            opts,
        } => {
            let params = params(&opts)?;
            let points_path = points;
            let outputs = tillit::io::matrix_out::output_paths(&out, format)?;
            let targets: Vec<output::Target<'_>> =
                outputs.iter().map(|p| target("--out", p)).collect();
            output::check_files(&targets, &[&osm, &points_path])?;
            let points = read_points_csv(&points_path)?;
            warn_big_matrix(&points, format);
            let mut t = Timings::default();
            let data = timed(&mut t.parse, || tillit::osm::read_pbf(&osm))?;
            let mut run = run_matrix(&data, (&osm, &points_path), points, profile, &params, t)?;
            drop(data);
            warn_unsnapped(&points_path, &run, &params, profile);
            timed(&mut run.timings.write, || {
                write_matrix(&out, format, &run.ids, &run.matrix)
            })?;
            if timings {
                eprintln!("{}", serde_json::to_string(&run.timings).map_err(internal)?);
            }
        }
        Command::Check {
            instance,
            plan,
            format,
            elastic: factor,
        } => {
            let inst = elastic(read_instance(&instance, format)?, factor)?;
            let plan = tillit::io::plan_json::plan_from_json(&plan, &inst)?;
            let report = tillit::plan::check(&inst, &plan);
            let dto = tillit::io::plan_json::plan_to_dto(&inst, &plan, &report, "", None);
            let violations: Vec<serde_json::Value> = report
                .violations
                .iter()
                .map(|v| {
                    serde_json::json!({
                        "kind": v.kind.to_string(),
                        "route": v.route,
                        "visit": v.visit,
                        "detail": v.detail,
                        "message": v.to_string(),
                    })
                })
                .collect();
            let out = serde_json::json!({
                "feasible": report.is_feasible(),
                "violations": violations,
                "evaluation": dto.objective,
                "carers": dto.carers,
            });
            outln!("{}", serde_json::to_string_pretty(&out).map_err(internal)?);
            if !report.is_feasible() {
                return Err(Error::PlanInfeasible(report.violations.len()));
            }
        }
        Command::Solve {
            instance,
            format,
            limits,
            out,
        } => {
            check_limits(&limits)?;
            output::check_file(target("--out", &out), &inputs(&[&instance], &limits.params))?;
            let inst = adjusted(read_instance(&instance, format)?, &limits)?;
            let ctx = run_ctx(&limits, limits.seed)?;
            let (sol, report) = solve_checked(&inst, &limits, &ctx)?;
            let text = tillit::io::plan_json::plan_to_json(
                &inst,
                &sol.plan,
                &report,
                &sol.status,
                Some(limits.seed),
            );
            write_atomic(&out, |w| w.write_all(text.as_bytes()))?;
        }
        Command::Bench {
            set:
                BenchSet::Hhc {
                    dir,
                    reference,
                    seeds,
                    only,
                    limits,
                },
        } => {
            check_limits(&limits)?;
            bench_hhc(&dir, reference, seeds, only.as_deref(), &limits)?;
        }
        Command::Bench {
            set:
                BenchSet::Vrptw {
                    dir,
                    bks,
                    seeds,
                    limits,
                },
        } => {
            check_limits(&limits)?;
            bench_vrptw(&dir, bks, seeds, &limits)?;
        }
        Command::Roster {
            file,
            format: RosterFormat::Json,
            sizing,
            time_limit,
            iterations,
            seed,
            params,
            out,
        } => {
            output::check_files(
                &[target("--out", &out), target("--out", &csv_beside(&out))],
                &inputs(&[&file], &params),
            )?;
            let t = Instant::now();
            let run = roster_run(time_limit, iterations, seed)?;
            let params = read_params::<tillit::roster::RosterParams>(params.as_deref())?;
            let input = tillit::io::rota_json::read_rota_json(&file)?;
            if sizing {
                rota_sizing(&input, &params, &run, &out)?;
            } else {
                rota_roster(&input, &params, &run, seed, t, &out)?;
            }
        }
        Command::Roster {
            file,
            format: RosterFormat::Curtois,
            sizing,
            time_limit,
            iterations,
            seed,
            params,
            out,
        } => {
            if sizing {
                return Err(Error::Param {
                    name: "--sizing".into(),
                    msg: "sizing needs a team rota (--format json)".into(),
                });
            }
            output::check_file(target("--out", &out), &inputs(&[&file], &params))?;
            let t = Instant::now();
            let run = roster_run(time_limit, iterations, seed)?;
            let params = read_params::<tillit::roster::RosterParams>(params.as_deref())?;
            let inst = tillit::io::curtois::read_curtois(&file)?;
            let sol = tillit::roster::solve(&inst, &params, &run)?;
            // The independent evaluator judges the result before it is written.
            let assignments = evaluate_roster(&inst, &sol)?;
            let file_out = tillit::io::roster_json::RosterFileOut {
                assignments,
                objective: sol.objective,
                status: sol.status.as_str().into(),
                bound: sol.bound,
                seed,
                seconds: (t.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
                iterations: sol.iterations,
                kpis: None,
            };
            write_json(&out, &file_out)?;
            eprintln!(
                "{}: objective {} ({}), bound {}, initial MIP {} in {:.1} s, {} iterations ({} improving), {:.1} s",
                inst.name,
                sol.objective,
                sol.status.as_str(),
                sol.bound.map_or("none".into(), |b| b.to_string()),
                sol.initial_objective,
                sol.initial_seconds,
                sol.iterations,
                sol.improvements,
                t.elapsed().as_secs_f64()
            );
        }
        Command::RosterCheck {
            file,
            format,
            roster,
        } => {
            let inst = match format {
                RosterFormat::Curtois => tillit::io::curtois::read_curtois(&file)?,
                RosterFormat::Json => tillit::io::rota_json::read_rota_json(&file)?.instance,
            };
            let plan = tillit::io::roster_json::read_roster_json(&roster)?;
            let report = tillit::plan::roster_check::check_roster(&inst, &plan);
            outln!(
                "{}",
                serde_json::to_string_pretty(&roster_report_json(&report)).map_err(internal)?
            );
            if !report.is_feasible() {
                return Err(Error::RosterInfeasible(report.violations.len()));
            }
        }
        Command::AssignCheck {
            file,
            assignment,
            clients,
        } => {
            let (inst, raw) = tillit::io::assign_json::read_assign(&file, clients.as_deref())?;
            let params = assign_params(&file, raw)?;
            let plan = tillit::io::assign_json::read_assignment_json(&assignment)?;
            let report =
                tillit::plan::assign_check::check_assignment(&inst, &(&params).into(), &plan);
            outln!(
                "{}",
                serde_json::to_string_pretty(&assign_report_json(&report)).map_err(internal)?
            );
            if !report.is_feasible() {
                return Err(Error::AssignmentInfeasible(report.violations.len()));
            }
        }
        Command::Assign {
            file,
            clients,
            time_limit,
            seed,
            out,
        } => {
            let limit = seconds_param("--time-limit", time_limit)?;
            output::check_files(
                &[target("--out", &out), target("--out", &csv_beside(&out))],
                &inputs(&[&file], &clients),
            )?;
            let (inst, raw) = tillit::io::assign_json::read_assign(&file, clients.as_deref())?;
            let params = assign_params(&file, raw)?;
            let mut a = tillit::assign::solve(&inst, &params, seed, limit)?;
            // The independent checker judges the result before it is written; the objective
            // written is the checker's cost of the assignment written.
            a.objective = tillit::assign::judge(&inst, &params, &a)?
                .evaluation
                .objective;
            write_assignment(&inst, &a, &out)?;
            eprintln!(
                "{} clients, {} teams: objective {:.1} ({}), gap {}, {} moves, {:.1} s",
                inst.clients.len(),
                inst.teams.len(),
                a.objective,
                a.status,
                a.gap.map_or("-".into(), |g| format!("{:.3} %", g * 100.0)),
                a.moves,
                a.seconds
            );
        }
        Command::Bench {
            set:
                BenchSet::Assign {
                    clients,
                    teams,
                    seed,
                    time_limit,
                    candidates,
                    params,
                },
        } => {
            let limit = seconds_param("--time-limit", time_limit)?;
            let inst = tillit::assign::synthetic::synthetic(clients, teams, seed);
            let mut params = read_params::<tillit::assign::AssignParams>(params.as_deref())?;
            if let Some(k) = candidates {
                params.candidate_teams = k;
            }
            let t = Instant::now();
            let a = tillit::assign::solve(&inst, &params, seed, limit)?;
            let solved = t.elapsed().as_secs_f64();
            let report = tillit::assign::judge(&inst, &params, &a)?;
            outln!(
                "{}",
                serde_json::to_string(&serde_json::json!({
                    "checker": if report.is_feasible() { "OK" } else { "FAIL" },
                    "checked_objective": report.evaluation.objective,
                    "wall_seconds": (solved * 100.0).round() / 100.0,
                    "clients": clients,
                    "teams": teams,
                    "seed": seed,
                    "candidate_teams": a.candidate_teams,
                    "binaries": a.variables,
                    "status": a.status,
                    "objective": a.objective,
                    "bound": a.bound,
                    "gap": a.gap,
                    "moves": a.moves,
                    "seconds": (a.seconds * 100.0).round() / 100.0,
                }))
                .map_err(internal)?
            );
        }
        Command::Plan {
            scenario,
            osm,
            opts,
            model,
            out,
        } => {
            let v = cli_pipeline::plan(&scenario, &osm, &opts, model, &out)?;
            outln!("{}", serde_json::to_string_pretty(&v).map_err(internal)?);
        }
        Command::Compare {
            scenario,
            osm,
            opts,
            out,
        } => {
            let v = cli_pipeline::compare(&scenario, &osm, &opts, &out)?;
            outln!("{}", serde_json::to_string_pretty(&v).map_err(internal)?);
        }
        Command::Generate {
            osm,
            clients,
            seed,
            out,
            force,
        } => {
            if clients == 0 || clients > tillit::scenario::generate::MAX_CLIENTS {
                return Err(Error::Param {
                    name: "--clients".into(),
                    msg: format!(
                        "{clients} is out of range: 1 to {}",
                        tillit::scenario::generate::MAX_CLIENTS
                    ),
                });
            }
            output::check_dir(target("--out", &out), &[&osm], force)?;
            let v = cli_pipeline::generate(&osm, clients, seed, &out)?;
            outln!("{}", serde_json::to_string_pretty(&v).map_err(internal)?);
        }
        Command::Demo {
            out,
            time_limit,
            seed,
            force,
        } => {
            output::check_dir(target("--out", &out), &[], force)?;
            let opts = cli_pipeline::PlanOpts {
                days: 1,
                seed,
                time_limit: Some(time_limit),
                iterations: None,
                threads: 0,
                force,
                force_threads: false,
            };
            let (plan_summary, mut files) = cli_pipeline::demo(
                Path::new("data/helsinki_centre.osm.pbf (embedded)"),
                DEFAULT_OSM,
                &out,
                &opts,
            )?;
            let osm_path = Path::new("data/helsinki_centre.osm.pbf (embedded)");
            let points_path = Path::new("data/helsinki_points.csv (embedded)");
            let points = parse_points_csv(points_path, DEFAULT_POINTS)?;
            let params = MatrixParams::default();
            let mut summary = serde_json::Map::new();
            let mut parse = Timings::default();
            let data = timed(&mut parse.parse, || {
                tillit::osm::reader::read_pbf_bytes(osm_path, DEFAULT_OSM)
            })?;
            for profile in [Profile::Car, Profile::Bike, Profile::Foot] {
                let t = Timings {
                    parse: parse.parse,
                    ..Timings::default()
                };
                let run = run_matrix(
                    &data,
                    (osm_path, points_path),
                    points.clone(),
                    profile,
                    &params,
                    t,
                )?;
                let name = format!("matrix_{profile}.json");
                let file = out.join(&name);
                let mut bytes = Vec::new();
                tillit::io::matrix_out::write_json(&mut bytes, &run.ids, &run.matrix)
                    .map_err(internal)?;
                files.push((name, bytes));
                // Trips between two different, snapped points.
                let n = run.ids.len();
                let m = &run.matrix;
                let durations: Vec<f64> = (0..n)
                    .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
                    .filter_map(|(i, j)| m.get(i, j).map(|c| c.seconds()))
                    .collect();
                let mean = durations.iter().sum::<f64>() / durations.len().max(1) as f64;
                let stats = &run.router.graph().stats;
                summary.insert(
                    profile.to_string(),
                    serde_json::json!({
                        "scc_nodes": stats.scc_nodes,
                        "scc_edges": stats.scc_edges,
                        "points": n,
                        "unsnapped": run.snaps.unsnapped.len(),
                        "mean_trip_minutes": (mean / 60.0 * 10.0).round() / 10.0,
                        "max_trip_minutes": (durations.iter().copied().fold(0.0, f64::max) / 60.0 * 10.0).round() / 10.0,
                        "matrix_file": file.display().to_string(),
                        "seconds": run.timings,
                    }),
                );
            }
            // The matrix summary per profile stays at the top level (as before the planner);
            // the planning run's key figures are under "plan".
            summary.insert("plan".into(), plan_summary);
            tillit::io::atomic::write_dir(&out, &files)?;
            outln!(
                "{}",
                serde_json::to_string_pretty(&summary).map_err(internal)?
            );
        }
    }
    Ok(())
}

fn export_graph(dir: &Path, g: &RoadGraph) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    write_atomic(&dir.join("nodes.csv"), |w| {
        writeln!(w, "node,osm_id,lat,lon")?;
        for (i, (id, c)) in g.osm_ids.iter().zip(&g.coords).enumerate() {
            writeln!(w, "{i},{id},{},{}", c.lat, c.lon)?;
        }
        Ok(())
    })?;
    write_atomic(&dir.join("edges.csv"), |w| {
        writeln!(w, "from,to,duration_s,distance_m")?;
        for e in &g.edges {
            let c = e.cost();
            writeln!(w, "{},{},{},{}", e.from, e.to, c.seconds(), c.metres())?;
        }
        Ok(())
    })
}

/// An output path and the flag that named it, for [`output`]'s checks.
fn target<'a>(flag: &'a str, path: &'a Path) -> output::Target<'a> {
    output::Target { flag, path }
}

/// The input files of a run: `files` and an optional extra file (e.g. `--params`).
fn inputs<'a>(files: &[&'a Path], extra: &'a Option<PathBuf>) -> Vec<&'a Path> {
    let mut v = files.to_vec();
    v.extend(extra.as_deref());
    v
}

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(e.to_string())
}

/// Whether `command` honours the cancel flag (writes its best result on the first signal).
fn cancellable(command: &Command) -> bool {
    matches!(
        command,
        Command::Solve { .. }
            | Command::Plan { .. }
            | Command::Compare { .. }
            | Command::Demo { .. }
            | Command::Roster { .. }
    )
}

/// A seed: a whole number from 0 to 2^64 - 1, with a message saying so (not "invalid digit").
fn parse_seed(s: &str) -> std::result::Result<u64, String> {
    s.trim().parse().map_err(|_| {
        format!(
            "{} is not a seed: a seed is a whole number from 0 to {}",
            tillit::io::text::shorten(s),
            u64::MAX
        )
    })
}

/// Lets every option that takes a value take a negative number (`--seed -1`), so that the
/// value's own check answers ("invalid value '-1' for '--seed'") instead of clap's
/// "unexpected argument '-1'".
fn allow_negative_values(cmd: clap::Command) -> clap::Command {
    cmd.mut_args(|a| {
        if a.get_action().takes_values() && !a.is_positional() {
            a.allow_negative_numbers(true)
        } else {
            a
        }
    })
    .mut_subcommands(allow_negative_values)
}

fn main() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let matches = allow_negative_values(Cli::command()).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    cli_signal::install(cancellable(&cli.command));
    // Last line of defence: a panic is a bug, reported as an internal error (exit 1), never a
    // crash dump. The default hook still prints the panic message and location to stderr.
    let code = match std::panic::catch_unwind(|| run(cli)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(match e {
                Error::PlanInfeasible(_)
                | Error::RosterInfeasible(_)
                | Error::AssignmentInfeasible(_) => 3,
                Error::NoSolution { .. } => 4,
                e if e.is_input() => 2,
                _ => 1,
            })
        }
        Err(_) => {
            eprintln!("error: internal error (a bug in tillit); please report it with the input");
            ExitCode::from(1)
        }
    };
    if cli_signal::cancelled() {
        // Cancelled by a signal: what was written (if anything) says `cancelled`.
        return ExitCode::from(cli_signal::EXIT_CANCELLED);
    }
    code
}
