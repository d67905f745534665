//! The self-contained HTML report: maps, Gantt charts, key figures, budget, equity and the
//! comparison of two care models. No external resource of any kind: it works offline and can
//! be mailed as one file.

use std::collections::HashSet;
use std::fmt::{self, Write};

use super::format::{carer_colours, colour_of, escape, hhmm, num, path_km};
use crate::pipeline::{DayOut, KpiRow, PlanOutput, RouteOut, TeamOut};

/// Map width in pixels (the height follows the bounding box, at most [`MAP_H_MAX`]).
const MAP_W: f64 = 900.0;
/// Largest map height in pixels.
const MAP_H_MAX: f64 = 700.0;
/// Route polylines are simplified (Ramer–Douglas–Peucker) to this many pixels.
const SIMPLIFY_PX: f64 = 0.4;
/// Width of the Gantt chart's label column, pixels.
const GANTT_LABEL: f64 = 170.0;
/// Width of the Gantt chart's time axis, pixels.
const GANTT_W: f64 = 880.0;
/// Height of a Gantt row (one carer), pixels.
const ROW_H: f64 = 18.0;
/// Height of the Gantt chart's hour axis, pixels.
const AXIS_H: f64 = 16.0;
/// From this many teams on, the team sections start closed.
const OPEN_TEAMS_MAX: usize = 3;

const CSS: &str = "\
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;\
margin:1.2em auto;max-width:1900px;padding:0 1em;color:#222;background:#fff}\
h1{font-size:1.6em;margin:.2em 0}h2{margin-top:1.6em;border-bottom:2px solid #ddd}\
h3{margin:1.2em 0 .3em}h4{margin:.8em 0 .2em;font-size:1em}\
table{border-collapse:collapse;margin:.4em 0}\
th,td{border:1px solid #ddd;padding:2px 7px;text-align:right;white-space:nowrap;vertical-align:top}\
thead th{background:#f4f4f4}th.l,td.l{text-align:left}tr.total{font-weight:bold;background:#fafafa}\
td.why{white-space:normal;text-align:left;color:#555;min-width:18em;max-width:44em}\
.good{color:#1a7f37}.bad{color:#c62828}.note{color:#555;max-width:60em}\
.scroll{overflow-x:auto}.maps{display:flex;flex-wrap:wrap;gap:1em}\
figure.map{margin:0;flex:1 1 560px;max-width:920px}\
figure.map svg,svg.gantt{max-width:100%;height:auto}figure.map svg{border:1px solid #ccc}\
figcaption{color:#555;font-size:.9em}\
.bg{fill:#fbfbf7}.routes path{fill:none;stroke-width:2;stroke-linejoin:round;stroke-linecap:round;opacity:.85}\
.visits circle{stroke:#fff;stroke-width:.6}.bases rect{fill:#111;stroke:#fff;stroke-width:1.2}\
.gantt .sh{fill:#e9edf5}.gantt .wa{fill:#f6d87a}.gantt .tr{fill:#f28e2b}.gantt .vi{fill:#2e9d4f}\
.gantt .br{fill:#8a8fa3}.grid{stroke:#d8d8d8;stroke-width:.6}\
.tick{font-size:10px;fill:#666;text-anchor:middle}.label{font-size:11px;text-anchor:end}\
.temp .label{font-style:italic;fill:#a33}\
details.team{border:1px solid #ddd;border-radius:4px;margin:.35em 0;padding:.2em .7em}\
summary{cursor:pointer}\
.sw{display:inline-block;width:14px;height:10px;margin:0 4px 0 12px;vertical-align:middle}\
.sw.road{height:2px;background:#c9c9c9}.sw.route{height:3px;background:#1f77b4}\
.sw.visit{width:8px;height:8px;border-radius:50%;background:#d62728}\
.sw.base{width:9px;height:9px;background:#111}.sw.sh{background:#e9edf5;border:1px solid #ccd}\
.sw.wa{background:#f6d87a}.sw.tr{background:#f28e2b}.sw.vi{background:#2e9d4f}.sw.br{background:#8a8fa3}\
footer{margin-top:2em;border-top:1px solid #ddd;color:#444}";

/// One self-contained HTML page (UTF-8, no external script, style, font or image) reporting
/// `plans`, each given with a label (`("trust model", &plan)`), over the road lines `roads`
/// (`[lon, lat]` polylines, e.g. from [`super::road_lines`]; may be empty).
///
/// For every plan: the run (scenario, model, days, seed, assignment); an SVG map per day
/// (roads in grey, each carer's route in its own colour, visits as dots, team bases as
/// squares, with tooltips); the key figures of all teams with a sentence on each; a table by
/// team; the budget; equity (face-to-face minutes per allotted hour by team and need level);
/// and per team (a `<details>` element, closed from four teams on) a Gantt chart per day with
/// one row per carer (`<g data-carer="…">`, temps marked `data-temp="true"`) and bars for
/// travel, visits, waiting and breaks on a common time axis.
///
/// With two or more plans a comparison table comes first (one column per plan and, for
/// exactly two, the difference second − first with every figure explained), followed by the
/// maps side by side. Plans of the same scenario share one map frame (same area and scale,
/// one road drawing). All text taken from the plans is escaped.
pub fn html(plans: &[(&str, &PlanOutput)], roads: &[Vec<[f64; 2]>]) -> String {
    let mut out = String::with_capacity(1 << 16);
    // Writing into a String never fails, so the fmt::Result carries no information.
    let _ = page(&mut out, plans, roads);
    out
}

fn page(out: &mut String, plans: &[(&str, &PlanOutput)], roads: &[Vec<[f64; 2]>]) -> fmt::Result {
    let mut scenarios: Vec<&str> = Vec::new();
    for (_, p) in plans {
        if !scenarios.contains(&p.scenario.as_str()) {
            scenarios.push(&p.scenario);
        }
    }
    let title = format!("tillit report: {}", scenarios.join(" / "));
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{t}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{t}</h1>",
        t = escape(&title)
    )?;

    // Plans of one scenario share a frame (maps side by side at the same scale); one road
    // drawing per distinct frame, referenced by every map in that frame.
    let frames: Vec<Frame> = if scenarios.len() == 1 {
        let all: Vec<&PlanOutput> = plans.iter().map(|(_, p)| *p).collect();
        vec![Frame::of(&all); plans.len()]
    } else {
        plans.iter().map(|(_, p)| Frame::of(&[*p])).collect()
    };
    let mut distinct: Vec<Frame> = Vec::new();
    let road_ids: Vec<Option<usize>> = frames
        .iter()
        .map(|f| {
            if roads.is_empty() {
                return None;
            }
            Some(distinct.iter().position(|g| g == f).unwrap_or_else(|| {
                distinct.push(*f);
                distinct.len() - 1
            }))
        })
        .collect();
    if !distinct.is_empty() {
        out.push_str(
            "<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\"><defs>\n",
        );
        for (k, f) in distinct.iter().enumerate() {
            write!(
                out,
                "<path id=\"roads-{k}\" fill=\"none\" stroke=\"#c9c9c9\" stroke-width=\"0.7\" \
                 stroke-linecap=\"round\" d=\""
            )?;
            road_path(out, roads, f)?;
            out.push_str("\"/>\n");
        }
        out.push_str("</defs></svg>\n");
    }

    runs_table(out, plans)?;
    if plans.is_empty() {
        out.push_str("<p>No plan to report.</p>\n");
    }
    let compare = plans.len() >= 2;
    if compare {
        comparison(out, plans)?;
        out.push_str("<h3>Maps</h3>\n");
        map_legend(out);
        let days = plans.iter().map(|(_, p)| p.days).max().unwrap_or(0);
        for day in 0..days.max(1) {
            if day > 0 {
                writeln!(out, "<details><summary>Day {}</summary>", day + 1)?;
            }
            out.push_str("<div class=\"maps\">\n");
            for (i, (label, plan)) in plans.iter().enumerate() {
                if let Some(frame) = frames.get(i) {
                    map(
                        out,
                        label,
                        plan,
                        day,
                        frame,
                        road_ids.get(i).copied().flatten(),
                    )?;
                }
            }
            out.push_str("</div>\n");
            if day > 0 {
                out.push_str("</details>\n");
            }
        }
    }
    for (i, (label, plan)) in plans.iter().enumerate() {
        let maps = if compare {
            None
        } else {
            frames
                .get(i)
                .map(|f| (f, road_ids.get(i).copied().flatten()))
        };
        plan_section(out, i, label, plan, maps)?;
    }
    out.push_str(
        "<footer>\n<p><b>Glossary.</b> <b>ATA</b> (<i>ansikt-til-ansikt-tid</i>): time face to \
         face with clients; the ATA share is ATA time ÷ paid time. <b>Vedtak</b>: the municipality's \
         decision granting a client services, with the allotted minutes per visit. \
         <b>Heltid</b>: a full-time (100&#160;%) position. <b>Vikar</b>: a temp, hired for a \
         shift the rota could not staff. <b>Trust model</b> (<i>tillitsmodellen</i>): \
         self-governing teams that may give a visit the time it needs. \
         <b>Purchaser-provider model</b> (<i>bestiller-utf&#248;rer-modellen</i>): fixed \
         allotted minutes, central allocation, part-time staff and temps.</p>\n\
         <p>Generated by tillit from the plan alone; times are local clock times of the plan \
         day.</p>\n</footer>\n</body>\n</html>\n",
    );
    Ok(())
}

/// The run parameters of every plan.
fn runs_table(out: &mut String, plans: &[(&str, &PlanOutput)]) -> fmt::Result {
    out.push_str(
        "<div class=\"scroll\"><table class=\"runs\"><thead><tr><th class=\"l\">Run</th>\
         <th class=\"l\">Scenario</th><th class=\"l\">Model</th><th>Days</th>\
         <th class=\"l\">Weekdays</th><th>Seed</th><th>Teams</th>\
         <th class=\"l\">Assignment</th><th>Run time</th></tr></thead><tbody>\n",
    );
    for (label, p) in plans {
        let gap = p
            .assignment
            .gap
            .map(|g| format!(", gap {}", pct(g)))
            .unwrap_or_default();
        let seconds = p
            .seconds
            .get("total")
            .map(|s| format!("{} s", num(*s, 1)))
            .unwrap_or_else(|| "–".into());
        writeln!(
            out,
            "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td>\
             <td>{}</td><td class=\"l\">{}</td><td>{}</td><td>{}</td>\
             <td class=\"l\">{}{}, {} moved</td><td>{}</td></tr>",
            escape(label),
            escape(&p.scenario),
            model_label(&p.model),
            p.days,
            escape(&p.weekdays.join(", ")),
            p.seed,
            p.teams.len(),
            escape(&p.assignment.status),
            escape(&gap),
            p.assignment.moves,
            seconds,
        )?;
    }
    out.push_str("</tbody></table></div>\n");
    Ok(())
}

/// The care model's readable name, escaped.
fn model_label(model: &str) -> String {
    match model {
        "trust" => "trust model (<i>tillitsmodellen</i>)".into(),
        "purchaser_provider" => {
            "purchaser-provider model (<i>bestiller-utf&#248;rer-modellen</i>)".into()
        }
        m => escape(m),
    }
}

// ---------------------------------------------------------------------------------------
// Key figures

#[derive(Clone, Copy)]
enum Unit {
    Share,
    Hours,
    Km,
    Minutes,
    Count,
    Ratio,
    Money,
    PerHour,
}

#[derive(Clone, Copy, PartialEq)]
enum Better {
    Higher,
    Lower,
    Neither,
}

struct Figure {
    name: &'static str,
    unit: Unit,
    better: Better,
    value: fn(&PlanOutput) -> Option<f64>,
    why: &'static str,
}

fn pct(share: f64) -> String {
    format!("{} %", num(share * 100.0, 1))
}

fn show(unit: Unit, v: Option<f64>) -> String {
    let Some(v) = v.filter(|v| v.is_finite()) else {
        return "–".into();
    };
    match unit {
        Unit::Share => pct(v),
        Unit::Hours => format!("{} h", num(v, 1)),
        Unit::Km => format!("{} km", num(v, 1)),
        Unit::Minutes => format!("{} min", num(v, 0)),
        Unit::Count => num(v, 0),
        Unit::Ratio => num(v, 2),
        Unit::Money => format!("{} kr", num(v, 0)),
        Unit::PerHour => format!("{} min/h", num(v, 1)),
    }
}

/// `b − a` with its sign, in the unit of the figure (percentage points for shares).
fn show_diff(unit: Unit, d: f64) -> String {
    let text = match unit {
        Unit::Share => format!("{} pp", num(d * 100.0, 1)),
        Unit::Ratio => num(d, 2),
        _ => show(unit, Some(d)),
    };
    if d > 0.0 && text.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        format!("+{text}")
    } else {
        text
    }
}

fn figures() -> Vec<Figure> {
    fn t(p: &PlanOutput) -> &KpiRow {
        &p.kpis.total
    }
    vec![
        Figure {
            name: "ATA share",
            unit: Unit::Share,
            better: Better::Higher,
            value: |p| Some(t(p).ata_share),
            why: "Face-to-face time ÷ paid time: the share of the carers' paid time spent with \
                  clients. The main goal: more of the same hours go to care.",
        },
        Figure {
            name: "Face-to-face time",
            unit: Unit::Hours,
            better: Better::Higher,
            value: |p| Some(t(p).face_to_face_hours),
            why: "Hours carers spend with clients: the care actually delivered.",
        },
        Figure {
            name: "Paid time",
            unit: Unit::Hours,
            better: Better::Neither,
            value: |p| Some(t(p).paid_hours),
            why: "Shift hours paid to everyone on a route, own staff and temps; the \
                  denominator of the shares above and below.",
        },
        Figure {
            name: "Travel share",
            unit: Unit::Share,
            better: Better::Lower,
            value: |p| Some(t(p).travel_share),
            why: "Travel ÷ paid time: time on the road that neither client nor carer gains \
                  from. Compact team areas shorten it.",
        },
        Figure {
            name: "Travel time",
            unit: Unit::Hours,
            better: Better::Lower,
            value: |p| Some(t(p).travel_hours),
            why: "Hours driving, cycling or walking between clients and to and from the base.",
        },
        Figure {
            name: "Distance",
            unit: Unit::Km,
            better: Better::Lower,
            value: |p| Some(t(p).distance_km),
            why: "Kilometres travelled: running costs and emissions.",
        },
        Figure {
            name: "Waiting",
            unit: Unit::Hours,
            better: Better::Lower,
            value: |p| Some(t(p).waiting_hours),
            why: "Idle time between visits, e.g. arriving before a visit's time window \
                  opens: paid, but neither care nor travel.",
        },
        Figure {
            name: "Carers per client",
            unit: Unit::Ratio,
            better: Better::Lower,
            value: |p| Some(t(p).carers_per_client),
            why: "Mean number of different carers a client meets over the planned days. \
                  Fewer faces mean more trust, and carers who know the client.",
        },
        Figure {
            name: "Carers per client, max",
            unit: Unit::Count,
            better: Better::Lower,
            value: |p| Some(t(p).max_carers_per_client as f64),
            why: "The worst case of continuity: the client who meets the most different \
                  carers.",
        },
        Figure {
            name: "Full-time share",
            unit: Unit::Share,
            better: Better::Higher,
            value: |p| Some(t(p).full_time_share),
            why: "Share of the working staff on full-time (heltid) contracts. Full-time \
                  positions make stable teams and continuity possible, and recruit better.",
        },
        Figure {
            name: "Temp hours",
            unit: Unit::Hours,
            better: Better::Lower,
            value: |p| Some(t(p).temp_hours),
            why: "Hours covered by temps (vikar) for shifts the rota could not staff; temps \
                  cost more and do not know the clients.",
        },
        Figure {
            name: "Overtime",
            unit: Unit::Hours,
            better: Better::Lower,
            value: |p| Some(t(p).overtime_hours),
            why: "Hours worked past the end of a shift, paid at the overtime rate and a sign \
                  of overload.",
        },
        Figure {
            name: "Lateness",
            unit: Unit::Minutes,
            better: Better::Lower,
            value: |p| Some(t(p).late_minutes),
            why: "Minutes visits start after their time window closed, summed: clients \
                  waiting for care.",
        },
        Figure {
            name: "Visits planned",
            unit: Unit::Count,
            better: Better::Higher,
            value: |p| Some(t(p).visits_planned as f64),
            why: "Visits that got a carer and a time (a two-carer visit counts once).",
        },
        Figure {
            name: "Visits not planned",
            unit: Unit::Count,
            better: Better::Lower,
            value: |p| Some(t(p).visits_total.saturating_sub(t(p).visits_planned) as f64),
            why: "Visits of the clients' decisions (vedtak) left without a carer; each one \
                  needs a manual solution.",
        },
        Figure {
            name: "Clients",
            unit: Unit::Count,
            better: Better::Neither,
            value: |p| Some(t(p).clients as f64),
            why: "Clients with visits on the planned days.",
        },
        Figure {
            name: "Equity spread",
            unit: Unit::PerHour,
            better: Better::Lower,
            value: equity_spread,
            why: "For the same need level, the largest difference between teams in \
                  face-to-face minutes per allotted hour (the worst need level). The same need \
                  should get the same care wherever the client lives.",
        },
        Figure {
            name: "Staff cost",
            unit: Unit::Money,
            better: Better::Neither,
            value: |p| Some(p.kpis.budget.staff_cost),
            why: "Own staff hours × the staff rate.",
        },
        Figure {
            name: "Temp cost",
            unit: Unit::Money,
            better: Better::Lower,
            value: |p| Some(p.kpis.budget.temp_cost),
            why: "Temp hours × the temp rate.",
        },
        Figure {
            name: "Overtime cost",
            unit: Unit::Money,
            better: Better::Lower,
            value: |p| Some(p.kpis.budget.overtime_cost),
            why: "Overtime hours × the overtime rate.",
        },
        Figure {
            name: "Total cost",
            unit: Unit::Money,
            better: Better::Lower,
            value: |p| Some(p.kpis.budget.total),
            why: "Staff + temps + overtime over the planned days: what the plan costs.",
        },
        Figure {
            name: "Budget margin",
            unit: Unit::Money,
            better: Better::Higher,
            value: |p| p.kpis.budget.margin,
            why: "Budget frame − total cost; positive means within budget.",
        },
    ]
}

/// For each need level, the largest minus the smallest minutes per allotted hour over the
/// teams (not `all`) with allotted time; the largest such spread.
fn equity_spread(p: &PlanOutput) -> Option<f64> {
    let mut needs: Vec<&str> = Vec::new();
    for e in &p.kpis.equity {
        if !needs.contains(&e.need.as_str()) {
            needs.push(&e.need);
        }
    }
    needs
        .iter()
        .filter_map(|need| {
            let v: Vec<f64> = p
                .kpis
                .equity
                .iter()
                .filter(|e| e.need == *need && e.team != "all" && e.allotted_hours > 0.0)
                .map(|e| e.minutes_per_allotted_hour)
                .filter(|v| v.is_finite())
                .collect();
            (v.len() >= 2).then(|| {
                v.iter().copied().fold(f64::MIN, f64::max)
                    - v.iter().copied().fold(f64::MAX, f64::min)
            })
        })
        .reduce(f64::max)
}

fn comparison(out: &mut String, plans: &[(&str, &PlanOutput)]) -> fmt::Result {
    let two = plans.len() == 2;
    out.push_str("<section id=\"comparison\">\n<h2>Comparison</h2>\n");
    if let [(a, _), (b, _)] = plans {
        writeln!(
            out,
            "<p class=\"note\">The same clients planned under two organisations of care. The \
             difference is {b} − {a}; green marks the better direction, red the worse.</p>",
            a = escape(a),
            b = escape(b)
        )?;
    }
    out.push_str(
        "<div class=\"scroll\"><table class=\"compare\"><thead><tr><th class=\"l\">Figure</th>",
    );
    for (label, _) in plans {
        write!(out, "<th>{}</th>", escape(label))?;
    }
    if let [(a, _), (b, _)] = plans {
        write!(out, "<th>Difference ({} − {})</th>", escape(b), escape(a))?;
    }
    out.push_str("<th class=\"l\">What it measures, why it matters</th></tr></thead><tbody>\n");
    for f in figures() {
        write!(out, "<tr><th class=\"l\">{}</th>", f.name)?;
        let values: Vec<Option<f64>> = plans.iter().map(|(_, p)| (f.value)(p)).collect();
        for v in &values {
            write!(out, "<td>{}</td>", show(f.unit, *v))?;
        }
        if two {
            match (
                values.first().copied().flatten(),
                values.get(1).copied().flatten(),
            ) {
                (Some(a), Some(b)) if a.is_finite() && b.is_finite() => {
                    let d = b - a;
                    let text = show_diff(f.unit, d);
                    let moved = text.bytes().any(|c| (b'1'..=b'9').contains(&c));
                    let class = match f.better {
                        Better::Higher if moved && d > 0.0 => " class=\"good\"",
                        Better::Lower if moved && d < 0.0 => " class=\"good\"",
                        Better::Higher | Better::Lower if moved => " class=\"bad\"",
                        _ => "",
                    };
                    write!(out, "<td{class}>{text}</td>")?;
                }
                _ => out.push_str("<td>–</td>"),
            }
        }
        writeln!(out, "<td class=\"why\">{}</td></tr>", f.why)?;
    }
    out.push_str("</tbody></table></div>\n</section>\n");
    Ok(())
}

// ---------------------------------------------------------------------------------------
// One plan

fn plan_section(
    out: &mut String,
    index: usize,
    label: &str,
    plan: &PlanOutput,
    maps: Option<(&Frame, Option<usize>)>,
) -> fmt::Result {
    writeln!(
        out,
        "<section class=\"plan\" id=\"plan-{index}\">\n<h2>{}: {}</h2>\n\
         <p class=\"note\">Scenario {}, {} day(s) ({}), seed {}, {} team(s).</p>",
        escape(label),
        model_label(&plan.model),
        escape(&plan.scenario),
        plan.days,
        escape(&plan.weekdays.join(", ")),
        plan.seed,
        plan.teams.len(),
    )?;
    if let Some((frame, roads)) = maps {
        out.push_str("<h3>Maps</h3>\n");
        map_legend(out);
        for day in 0..plan.days.max(1) {
            if day > 0 {
                writeln!(out, "<details><summary>Day {}</summary>", day + 1)?;
            }
            out.push_str("<div class=\"maps\">\n");
            map(out, label, plan, day, frame, roads)?;
            out.push_str("</div>\n");
            if day > 0 {
                out.push_str("</details>\n");
            }
        }
    }

    out.push_str(
        "<h3>Key figures</h3>\n<div class=\"scroll\"><table class=\"kpis\"><thead><tr>\
         <th class=\"l\">Figure</th><th>All teams</th><th class=\"l\">What it measures, why it \
         matters</th></tr></thead><tbody>\n",
    );
    for f in figures() {
        writeln!(
            out,
            "<tr><th class=\"l\">{}</th><td>{}</td><td class=\"why\">{}</td></tr>",
            f.name,
            show(f.unit, (f.value)(plan)),
            f.why
        )?;
    }
    out.push_str("</tbody></table></div>\n");

    team_table(out, plan)?;
    budget(out, plan)?;
    equity(out, plan)?;

    out.push_str("<h3>Carers' days</h3>\n");
    writeln!(
        out,
        "<p class=\"note\">One row per carer (temps in italics, marked vikar), one chart per \
         team and day.<span class=\"sw sh\"></span>shift<span class=\"sw tr\"></span>travel (with parking)\
         <span class=\"sw vi\"></span>visit (face to face)<span class=\"sw wa\"></span>waiting\
         <span class=\"sw br\"></span>break</p>"
    )?;
    let (t0, t1) = time_extent(plan);
    let open = if plan.teams.len() <= OPEN_TEAMS_MAX {
        " open"
    } else {
        ""
    };
    for team in &plan.teams {
        let colours = carer_colours(team);
        let kpi = plan.kpis.teams.iter().find(|k| k.team == team.id);
        let routes: usize = team.days.iter().map(|d| d.routes.len()).sum();
        let temps: usize = team
            .days
            .iter()
            .map(|d| d.routes.iter().filter(|r| r.temp).count())
            .sum();
        write!(
            out,
            "<details class=\"team\"{open}><summary><b>Team {}</b>: {} carer-day(s), {} of \
             them temps",
            escape(&team.id),
            routes,
            temps
        )?;
        if let Some(k) = kpi {
            write!(
                out,
                "; {} of {} visits planned; ATA share {}",
                k.visits_planned,
                k.visits_total,
                pct(k.ata_share)
            )?;
        }
        out.push_str("</summary>\n");
        for day in &team.days {
            writeln!(
                out,
                "<h4>Day {} ({}), {}</h4>",
                day.day + 1,
                escape(&day.weekday),
                escape(&day.status)
            )?;
            if day.routes.is_empty() {
                out.push_str("<p>No carer on this day.</p>\n");
            } else {
                gantt(out, team, day, &colours, t0, t1)?;
            }
            unassigned(out, day)?;
        }
        out.push_str("</details>\n");
    }
    out.push_str("</section>\n");
    Ok(())
}

fn team_table(out: &mut String, plan: &PlanOutput) -> fmt::Result {
    out.push_str(
        "<h3>By team</h3>\n<div class=\"scroll\"><table class=\"teams\"><thead><tr>\
         <th class=\"l\">Team</th><th>Clients</th><th>Visits planned</th><th>Paid</th>\
         <th>Face to face</th><th>ATA share</th><th>Travel share</th><th>Waiting</th>\
         <th>Distance</th><th>Carers per client</th><th>max</th><th>Full-time share</th>\
         <th>Temp hours</th><th>Overtime</th><th>Lateness</th><th>Cost</th></tr></thead><tbody>\n",
    );
    let rows = plan
        .kpis
        .teams
        .iter()
        .map(|k| (k, ""))
        .chain([(&plan.kpis.total, " class=\"total\"")]);
    for (k, class) in rows {
        writeln!(
            out,
            "<tr{class}><td class=\"l\">{}</td><td>{}</td><td>{} / {}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&k.team),
            k.clients,
            k.visits_planned,
            k.visits_total,
            show(Unit::Hours, Some(k.paid_hours)),
            show(Unit::Hours, Some(k.face_to_face_hours)),
            pct(k.ata_share),
            pct(k.travel_share),
            show(Unit::Hours, Some(k.waiting_hours)),
            show(Unit::Km, Some(k.distance_km)),
            num(k.carers_per_client, 2),
            k.max_carers_per_client,
            pct(k.full_time_share),
            show(Unit::Hours, Some(k.temp_hours)),
            show(Unit::Hours, Some(k.overtime_hours)),
            show(Unit::Minutes, Some(k.late_minutes)),
            show(Unit::Money, Some(k.cost)),
        )?;
    }
    out.push_str("</tbody></table></div>\n");
    Ok(())
}

fn budget(out: &mut String, plan: &PlanOutput) -> fmt::Result {
    let b = &plan.kpis.budget;
    let money = |v: Option<f64>| show(Unit::Money, v);
    let margin_class = match b.margin {
        Some(m) if m < 0.0 => " class=\"bad\"",
        Some(_) => " class=\"good\"",
        None => "",
    };
    writeln!(
        out,
        "<h3>Budget</h3>\n<table class=\"budget\"><tbody>\n\
         <tr><th class=\"l\">Staff cost</th><td>{}</td><td class=\"why\">own staff hours × {} \
         kr/h</td></tr>\n\
         <tr><th class=\"l\">Temp cost</th><td>{}</td><td class=\"why\">temp hours × {} \
         kr/h</td></tr>\n\
         <tr><th class=\"l\">Overtime cost</th><td>{}</td><td class=\"why\">overtime hours × \
         {} kr/h</td></tr>\n\
         <tr class=\"total\"><th class=\"l\">Total</th><td>{}</td><td class=\"why\">cost of \
         the planned days</td></tr>\n\
         <tr><th class=\"l\">Budget frame</th><td>{}</td><td class=\"why\">{}</td></tr>\n\
         <tr><th class=\"l\">Margin</th><td{margin_class}>{}</td><td class=\"why\">frame − \
         total; positive means within budget</td></tr>\n</tbody></table>",
        money(Some(b.staff_cost)),
        num(b.staff_per_hour, 0),
        money(Some(b.temp_cost)),
        num(b.temp_per_hour, 0),
        money(Some(b.overtime_cost)),
        num(b.overtime_per_hour, 0),
        money(Some(b.total)),
        money(b.frame),
        if b.frame.is_some() {
            "the scenario's budget over the planned days"
        } else {
            "the scenario gives no budget frame"
        },
        money(b.margin),
    )
}

fn equity(out: &mut String, plan: &PlanOutput) -> fmt::Result {
    out.push_str(
        "<h3>Equity</h3>\n<p class=\"note\">Face-to-face minutes per allotted (vedtak) hour, \
         by team and need level; 60 means exactly the allotted time. The same need should get \
         the same care wherever the client lives, so the figures in a column should be \
         close.</p>\n",
    );
    let rows = &plan.kpis.equity;
    if rows.is_empty() {
        out.push_str("<p>No equity figures.</p>\n");
        return Ok(());
    }
    let mut needs: Vec<&str> = Vec::new();
    let mut teams: Vec<&str> = Vec::new();
    for e in rows {
        if !needs.contains(&e.need.as_str()) {
            needs.push(&e.need);
        }
        if !teams.contains(&e.team.as_str()) {
            teams.push(&e.team);
        }
    }
    // `all` last.
    teams.sort_by_key(|t| *t == "all");
    out.push_str(
        "<div class=\"scroll\"><table class=\"equity\"><thead><tr><th class=\"l\">Team</th>",
    );
    for need in &needs {
        write!(out, "<th>{}</th>", escape(need))?;
    }
    out.push_str("</tr></thead><tbody>\n");
    for team in &teams {
        let class = if *team == "all" {
            " class=\"total\""
        } else {
            ""
        };
        write!(out, "<tr{class}><td class=\"l\">{}</td>", escape(team))?;
        for need in &needs {
            match rows.iter().find(|e| e.team == *team && e.need == *need) {
                Some(e) => write!(
                    out,
                    "<td title=\"{} client(s), {} allotted h, {} face-to-face min\">{}</td>",
                    e.clients,
                    num(e.allotted_hours, 1),
                    num(e.face_to_face_minutes, 0),
                    num(e.minutes_per_allotted_hour, 1)
                )?,
                None => out.push_str("<td>–</td>"),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    Ok(())
}

fn unassigned(out: &mut String, day: &DayOut) -> fmt::Result {
    if day.unassigned.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<p>{} visit(s) not planned:</p>\n<table class=\"unassigned\"><thead><tr>\
         <th class=\"l\">Visit</th><th class=\"l\">Client</th><th class=\"l\">Reason</th>\
         <th class=\"l\">Detail</th></tr></thead><tbody>",
        day.unassigned.len()
    )?;
    for u in &day.unassigned {
        writeln!(
            out,
            "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td>\
             <td class=\"l\">{}</td></tr>",
            escape(&u.visit),
            escape(&u.client),
            escape(&u.reason),
            escape(&u.detail)
        )?;
    }
    out.push_str("</tbody></table>\n");
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Maps

/// An equirectangular projection of a plan's area onto a `w × h` pixel map: x east, y south,
/// longitudes scaled by the cosine of the middle latitude.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Frame {
    min_lon: f64,
    max_lat: f64,
    kx: f64,
    ky: f64,
    w: f64,
    h: f64,
}

impl Frame {
    /// The frame of the plans' `bbox`es, widened to take in every base, stop and path point,
    /// with a 3 % margin (at least 0.002° wide and high).
    fn of(plans: &[&PlanOutput]) -> Frame {
        let mut b = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        let mut add = |p: [f64; 2]| {
            if p[0].is_finite() && p[1].is_finite() {
                b = [
                    b[0].min(p[0]),
                    b[1].min(p[1]),
                    b[2].max(p[0]),
                    b[3].max(p[1]),
                ];
            }
        };
        for plan in plans {
            let bb = plan.bbox;
            if bb.iter().all(|v| v.is_finite()) && bb[0] <= bb[2] && bb[1] <= bb[3] {
                add([bb[0], bb[1]]);
                add([bb[2], bb[3]]);
            }
        }
        for team in plans.iter().flat_map(|p| &p.teams) {
            add(team.base);
            for route in team.days.iter().flat_map(|d| &d.routes) {
                route.stops.iter().for_each(|s| add(s.location));
                route.path.iter().for_each(|p| add(*p));
            }
        }
        if !b[0].is_finite() {
            b = [0.0, 0.0, 0.0, 0.0];
        }
        let dx = (b[2] - b[0]).max(0.002) * 1.06;
        let dy = (b[3] - b[1]).max(0.002) * 1.06;
        let (cx, cy) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
        let k = cy.to_radians().cos().max(0.05);
        let s = (MAP_W / (dx * k)).min(MAP_H_MAX / dy);
        Frame {
            min_lon: cx - dx / 2.0,
            max_lat: cy + dy / 2.0,
            kx: s * k,
            ky: s,
            w: (dx * k * s).round(),
            h: (dy * s).round(),
        }
    }

    /// Pixel position of `[lon, lat]`.
    fn xy(&self, p: [f64; 2]) -> [f64; 2] {
        [
            (p[0] - self.min_lon) * self.kx,
            (self.max_lat - p[1]) * self.ky,
        ]
    }

    /// Pixel position in tenths of a pixel.
    fn tenths(&self, p: [f64; 2]) -> [i64; 2] {
        let [x, y] = self.xy(p);
        [(x * 10.0).round() as i64, (y * 10.0).round() as i64]
    }
}

/// Writes `t` tenths of a pixel as a decimal number with at most one decimal (`123.4`, `12`).
fn tenths(out: &mut String, t: i64) -> fmt::Result {
    if t < 0 {
        out.push('-');
    }
    let a = t.unsigned_abs();
    if a.is_multiple_of(10) {
        write!(out, "{}", a / 10)
    } else {
        write!(out, "{}.{}", a / 10, a % 10)
    }
}

/// `x y` in tenths of a pixel (`x-y` when `y` is negative: the sign separates).
fn point(out: &mut String, p: [i64; 2]) -> fmt::Result {
    tenths(out, p[0])?;
    if p[1] >= 0 {
        out.push(' ');
    }
    tenths(out, p[1])
}

/// The `d` attribute of all road lines in `frame`: lines wholly on one side outside the map
/// and lines that repeat another one at a tenth of a pixel are left out. Moves are relative
/// to the pen (short numbers); a line that starts or ends where the pen is continues it.
fn road_path(out: &mut String, roads: &[Vec<[f64; 2]>], frame: &Frame) -> fmt::Result {
    let (w, h) = ((frame.w * 10.0) as i64, (frame.h * 10.0) as i64);
    let mut seen: HashSet<[i64; 4]> = HashSet::new();
    let mut pen: Option<[i64; 2]> = None;
    for line in roads {
        let mut pts: Vec<[i64; 2]> = line.iter().map(|p| frame.tenths(*p)).collect();
        let outside = pts.iter().all(|p| p[0] < 0)
            || pts.iter().all(|p| p[0] > w)
            || pts.iter().all(|p| p[1] < 0)
            || pts.iter().all(|p| p[1] > h);
        if pts.len() < 2 || outside {
            continue;
        }
        if let [a, b] = pts.as_slice() {
            if a == b {
                continue;
            }
            let key = if a <= b {
                [a[0], a[1], b[0], b[1]]
            } else {
                [b[0], b[1], a[0], a[1]]
            };
            if !seen.insert(key) {
                continue;
            }
        }
        if pen.is_some() && pts.last() == pen.as_ref() {
            pts.reverse();
        }
        let (Some(first), Some(last)) = (pts.first().copied(), pts.last().copied()) else {
            continue;
        };
        // Continuing from the pen: more implicit `l` pairs after the previous ones.
        let continues = pen == Some(first);
        match pen {
            Some(_) if continues => {}
            Some(q) => {
                out.push('m');
                point(out, [first[0] - q[0], first[1] - q[1]])?;
            }
            None => {
                out.push('M');
                point(out, first)?;
            }
        }
        if !continues {
            out.push('l');
        }
        for (i, w) in pts.windows(2).enumerate() {
            if (i > 0 || continues) && w[1][0] - w[0][0] >= 0 {
                out.push(' ');
            }
            point(out, [w[1][0] - w[0][0], w[1][1] - w[0][1]])?;
        }
        pen = Some(last);
    }
    Ok(())
}

/// `M x y l dx dy dx dy …` in tenths of a pixel: absolute start, then relative steps (short
/// numbers, exact because the points are already rounded).
fn polyline(out: &mut String, pts: &[[i64; 2]]) -> fmt::Result {
    let mut prev: Option<[i64; 2]> = None;
    for (i, p) in pts.iter().enumerate() {
        match prev {
            None => {
                out.push('M');
                point(out, *p)?;
            }
            Some(q) => {
                let d = [p[0] - q[0], p[1] - q[1]];
                if i == 1 {
                    out.push('l');
                } else if d[0] >= 0 {
                    out.push(' ');
                }
                point(out, d)?;
            }
        }
        prev = Some(*p);
    }
    Ok(())
}

/// Ramer–Douglas–Peucker simplification of a pixel polyline to `eps` pixels.
fn simplify(pts: &[[f64; 2]], eps: f64) -> Vec<[f64; 2]> {
    let n = pts.len();
    if n < 3 {
        return pts.to_vec();
    }
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[n - 1] = true;
    let mut stack = vec![(0, n - 1)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (pa, pb) = (pts[a], pts[b]);
        let (dx, dy) = (pb[0] - pa[0], pb[1] - pa[1]);
        let len = dx.hypot(dy);
        let (mut best, mut dmax) = (a, 0.0);
        for (i, p) in pts.iter().enumerate().take(b).skip(a + 1) {
            let d = if len > 0.0 {
                ((p[0] - pa[0]) * dy - (p[1] - pa[1]) * dx).abs() / len
            } else {
                (p[0] - pa[0]).hypot(p[1] - pa[1])
            };
            if d > dmax {
                (best, dmax) = (i, d);
            }
        }
        if dmax > eps {
            keep[best] = true;
            stack.push((a, best));
            stack.push((best, b));
        }
    }
    pts.iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(*p))
        .collect()
}

fn map_legend(out: &mut String) {
    out.push_str(
        "<p class=\"note\"><span class=\"sw road\"></span>road<span class=\"sw route\"></span>\
         route (one colour per carer)<span class=\"sw visit\"></span>visit<span class=\"sw \
         base\"></span>team base. Hover for details.</p>\n",
    );
}

/// The map of `plan` on day `day`: roads, routes, visits and bases.
fn map(
    out: &mut String,
    label: &str,
    plan: &PlanOutput,
    day: usize,
    frame: &Frame,
    roads: Option<usize>,
) -> fmt::Result {
    let (w, h) = (frame.w, frame.h);
    let weekday = plan.weekdays.get(day).map(String::as_str).unwrap_or("");
    let days = || {
        plan.teams
            .iter()
            .flat_map(|t| t.days.iter().filter(|d| d.day == day).map(move |d| (t, d)))
    };
    let routes: usize = days()
        .map(|(_, d)| d.routes.iter().filter(|r| !r.stops.is_empty()).count())
        .sum();
    let visits: usize = days()
        .map(|(_, d)| d.routes.iter().map(|r| r.stops.len()).sum::<usize>())
        .sum();
    let open: usize = days().map(|(_, d)| d.unassigned.len()).sum();
    let caption = format!(
        "{label}: day {} ({weekday}): {routes} route(s), {visits} stop(s), {open} visit(s) not \
         planned",
        day + 1
    );
    writeln!(
        out,
        "<figure class=\"map\"><svg viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         role=\"img\" aria-label=\"{c}\"><rect class=\"bg\" width=\"{w}\" height=\"{h}\"/>",
        c = escape(&caption)
    )?;
    if let Some(k) = roads {
        writeln!(out, "<use href=\"#roads-{k}\"/>")?;
    }
    out.push_str("<g class=\"routes\">\n");
    for (team, d) in days() {
        let colours = carer_colours(team);
        for r in &d.routes {
            let px: Vec<[f64; 2]> = r.path.iter().map(|p| frame.xy(*p)).collect();
            let mut pts: Vec<[i64; 2]> = simplify(&px, SIMPLIFY_PX)
                .iter()
                .map(|p| [(p[0] * 10.0).round() as i64, (p[1] * 10.0).round() as i64])
                .collect();
            pts.dedup();
            if pts.len() < 2 {
                continue;
            }
            out.push_str("<path d=\"");
            polyline(out, &pts)?;
            writeln!(
                out,
                "\" stroke=\"{}\"><title>Team {}, {}{} ({} shift, {}): {} visit(s), {} km, \
                 {}–{}</title></path>",
                colour_of(&colours, &r.carer),
                escape(&team.id),
                escape(&r.carer),
                if r.temp { " (vikar)" } else { "" },
                escape(&r.shift),
                escape(&r.profile),
                r.stops.len(),
                num(path_km(&r.path), 1),
                hhmm(r.depart),
                hhmm(r.arrive)
            )?;
        }
    }
    out.push_str("</g>\n<g class=\"visits\">\n");
    for (team, d) in days() {
        let colours = carer_colours(team);
        for r in &d.routes {
            for (i, s) in r.stops.iter().enumerate() {
                let [x, y] = frame.tenths(s.location);
                out.push_str("<circle cx=\"");
                tenths(out, x)?;
                out.push_str("\" cy=\"");
                tenths(out, y)?;
                writeln!(
                    out,
                    "\" r=\"2.6\" fill=\"{}\"><title>{} (client {}, {}): {}–{}, {} #{}{}</title>\
                     </circle>",
                    colour_of(&colours, &r.carer),
                    escape(&s.visit),
                    escape(&s.client),
                    escape(&s.need),
                    hhmm(s.start),
                    hhmm(s.end),
                    escape(&r.carer),
                    i + 1,
                    if s.two_carer { ", two carers" } else { "" }
                )?;
            }
        }
    }
    out.push_str("</g>\n<g class=\"bases\">\n");
    for team in &plan.teams {
        let [x, y] = frame.tenths(team.base);
        out.push_str("<rect x=\"");
        tenths(out, x - 50)?;
        out.push_str("\" y=\"");
        tenths(out, y - 50)?;
        writeln!(
            out,
            "\" width=\"10\" height=\"10\"><title>Team {} base: {} client(s), {} staff</title>\
             </rect>",
            escape(&team.id),
            team.clients.len(),
            team.staff.len()
        )?;
    }
    writeln!(
        out,
        "</g>\n</svg><figcaption>{}</figcaption></figure>",
        escape(&caption)
    )
}

// ---------------------------------------------------------------------------------------
// Gantt charts

/// The common time axis of the plan's Gantt charts: whole hours around every shift and route;
/// 06:00–23:00 without any.
fn time_extent(plan: &PlanOutput) -> (i64, i64) {
    let routes = plan
        .teams
        .iter()
        .flat_map(|t| &t.days)
        .flat_map(|d| &d.routes);
    let mut lo = i64::MAX;
    let mut hi = i64::MIN;
    for r in routes {
        lo = lo.min(r.shift_start.min(r.depart));
        hi = hi.max(r.shift_end.max(r.arrive));
        for s in &r.stops {
            lo = lo.min(s.arrival.min(s.start));
            hi = hi.max(s.end);
        }
    }
    if lo > hi {
        return (6 * 3600, 23 * 3600);
    }
    let t0 = lo.div_euclid(3600) * 3600;
    let t1 = (hi + 3599).div_euclid(3600) * 3600;
    (t0, t1.max(t0 + 3600))
}

/// The end of the breaks that start at `t` or during the breaks right after it (and end by
/// `limit`): when a carer free at `t` can leave.
fn after_breaks(t: i64, breaks: &[[i64; 2]], limit: i64) -> i64 {
    let mut sorted = breaks.to_vec();
    sorted.sort_unstable();
    let mut leave = t;
    for b in sorted {
        if b[0] >= t && b[0] <= leave && b[1] <= limit {
            leave = leave.max(b[1]);
        }
    }
    leave
}

struct Axis {
    t0: i64,
    t1: i64,
}

impl Axis {
    fn x(&self, t: i64) -> f64 {
        let t = t.clamp(self.t0, self.t1);
        GANTT_LABEL + (t - self.t0) as f64 * GANTT_W / (self.t1 - self.t0) as f64
    }
}

/// A bar from `a` to `b` (seconds) in row `y` with tooltip `title`.
fn bar(
    out: &mut String,
    axis: &Axis,
    class: &str,
    (a, b): (i64, i64),
    (y, height): (f64, f64),
    title: &str,
) -> fmt::Result {
    let x0 = (axis.x(a) * 10.0).round() as i64;
    let x1 = (axis.x(b) * 10.0).round() as i64;
    write!(out, "<rect class=\"{class}\" x=\"")?;
    tenths(out, x0)?;
    out.push_str("\" y=\"");
    tenths(out, (y * 10.0).round() as i64)?;
    out.push_str("\" width=\"");
    tenths(out, (x1 - x0).max(5))?;
    out.push_str("\" height=\"");
    tenths(out, (height * 10.0).round() as i64)?;
    write!(out, "\"><title>{title}</title></rect>")
}

fn minutes(s: i64) -> String {
    num(s as f64 / 60.0, 0)
}

/// The Gantt chart of one team-day: a row per carer.
fn gantt(
    out: &mut String,
    team: &TeamOut,
    day: &DayOut,
    colours: &std::collections::BTreeMap<&str, &'static str>,
    t0: i64,
    t1: i64,
) -> fmt::Result {
    let axis = Axis { t0, t1 };
    let width = GANTT_LABEL + GANTT_W + 12.0;
    let height = AXIS_H + day.routes.len() as f64 * ROW_H + 2.0;
    writeln!(
        out,
        "<svg class=\"gantt\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" \
         height=\"{height}\" role=\"img\" aria-label=\"Team {} day {}\">",
        escape(&team.id),
        day.day + 1
    )?;
    let mut hour = t0;
    while hour <= t1 {
        let x = axis.x(hour);
        writeln!(
            out,
            "<line class=\"grid\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{AXIS_H}\" y2=\"{height}\"/>\
             <text class=\"tick\" x=\"{x:.1}\" y=\"11\">{}</text>",
            hhmm(hour)
        )?;
        hour += 3600;
    }
    for (i, r) in day.routes.iter().enumerate() {
        let y = AXIS_H + i as f64 * ROW_H;
        gantt_row(out, &axis, r, y, colour_of(colours, &r.carer))?;
    }
    out.push_str("</svg>\n");
    Ok(())
}

fn gantt_row(out: &mut String, axis: &Axis, r: &RouteOut, y: f64, colour: &str) -> fmt::Result {
    let carer = escape(&r.carer);
    write!(
        out,
        "<g data-carer=\"{carer}\"{}>",
        if r.temp {
            " data-temp=\"true\" class=\"temp\""
        } else {
            ""
        }
    )?;
    write!(
        out,
        "<rect x=\"4\" y=\"{:.1}\" width=\"8\" height=\"{:.1}\" fill=\"{colour}\"/>\
         <text class=\"label\" x=\"{:.1}\" y=\"{:.1}\">{carer}{}</text>",
        y + 4.0,
        ROW_H - 8.0,
        GANTT_LABEL - 6.0,
        y + ROW_H - 5.0,
        if r.temp { " (vikar)" } else { "" }
    )?;
    let shift = escape(&r.shift);
    bar(
        out,
        axis,
        "sh",
        (r.shift_start, r.shift_end),
        (y + 1.0, ROW_H - 2.0),
        &format!(
            "{carer}: shift {shift} {}–{} ({})",
            hhmm(r.shift_start),
            hhmm(r.shift_end),
            escape(&r.level)
        ),
    )?;
    let (inner_y, inner_h) = (y + 4.0, ROW_H - 8.0);
    let mut busy = 0;
    let mut bars = String::new();
    let mut free = r.depart;
    for s in &r.stops {
        let leave = after_breaks(free, &r.breaks, s.start);
        let arrive = s.arrival.max(leave);
        if arrive > leave {
            busy += arrive - leave;
            bar(
                &mut bars,
                axis,
                "tr",
                (leave, arrive),
                (inner_y, inner_h),
                &format!(
                    "travel {}–{}: {} min, {} km",
                    hhmm(leave),
                    hhmm(arrive),
                    minutes(s.travel_s),
                    num(s.distance_m / 1000.0, 1)
                ),
            )?;
        }
        busy += (s.end - s.start).max(0);
        bar(
            &mut bars,
            axis,
            "vi",
            (s.start, s.end),
            (inner_y, inner_h),
            &format!(
                "{} (client {}, {}): {}–{}, {} min face to face, {} allotted{}",
                escape(&s.visit),
                escape(&s.client),
                escape(&s.need),
                hhmm(s.start),
                hhmm(s.end),
                minutes(s.end - s.start),
                num(s.allotted_minutes, 0),
                if s.two_carer { ", two carers" } else { "" }
            ),
        )?;
        free = s.end;
    }
    if !r.stops.is_empty() {
        let leave = after_breaks(free, &r.breaks, r.arrive);
        if r.arrive > leave {
            busy += r.arrive - leave;
            bar(
                &mut bars,
                axis,
                "tr",
                (leave, r.arrive),
                (inner_y, inner_h),
                &format!("back to base {}–{}", hhmm(leave), hhmm(r.arrive)),
            )?;
        }
    }
    for b in &r.breaks {
        busy += (b[1] - b[0]).max(0);
        bar(
            &mut bars,
            axis,
            "br",
            (b[0], b[1]),
            (inner_y, inner_h),
            &format!("break {}–{}", hhmm(b[0]), hhmm(b[1])),
        )?;
    }
    if r.arrive > r.depart {
        let waiting = (r.arrive - r.depart - busy).max(0);
        bar(
            out,
            axis,
            "wa",
            (r.depart, r.arrive),
            (inner_y, inner_h),
            &format!(
                "{carer}: out {}–{}, {} visit(s), {} min waiting",
                hhmm(r.depart),
                hhmm(r.arrive),
                r.stops.len(),
                minutes(waiting)
            ),
        )?;
    }
    out.push_str(&bars);
    out.push_str("</g>\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The segments (in tenths of a pixel) drawn by a path of `M`/`m` moves and `l` lines.
    fn segments(d: &str) -> Vec<[i64; 4]> {
        let mut tokens: Vec<String> = Vec::new();
        for c in d.chars() {
            match c {
                'M' | 'm' | 'l' => tokens.push(c.to_string()),
                ' ' => tokens.push(String::new()),
                '-' => tokens.push("-".into()),
                c => match tokens.last_mut() {
                    Some(t) if !matches!(t.as_str(), "M" | "m" | "l") => t.push(c),
                    _ => tokens.push(c.to_string()),
                },
            }
        }
        let tokens: Vec<&str> = tokens
            .iter()
            .map(String::as_str)
            .filter(|t| !t.is_empty())
            .collect();
        let (mut pen, mut cmd, mut out) = ([0i64; 2], "", Vec::new());
        let mut i = 0;
        let value = |t: &str| (t.parse::<f64>().expect("a number") * 10.0).round() as i64;
        while i < tokens.len() {
            if matches!(tokens[i], "M" | "m" | "l") {
                cmd = tokens[i];
                i += 1;
                continue;
            }
            let (dx, dy) = (value(tokens[i]), value(tokens[i + 1]));
            i += 2;
            match cmd {
                "M" => pen = [dx, dy],
                "m" => pen = [pen[0] + dx, pen[1] + dy],
                _ => {
                    let next = [pen[0] + dx, pen[1] + dy];
                    out.push([pen[0], pen[1], next[0], next[1]]);
                    pen = next;
                }
            }
        }
        out
    }

    #[test]
    fn road_path_draws_each_segment_exactly() {
        let frame = Frame {
            min_lon: 0.0,
            max_lat: 10.0,
            kx: 10.0,
            ky: 10.0,
            w: 100.0,
            h: 100.0,
        };
        // A chain, a reversed continuation, a jump, a duplicate, one outside, one degenerate.
        let roads = vec![
            vec![[1.0, 9.0], [2.0, 8.5]],
            vec![[2.0, 8.5], [3.05, 8.0]],
            vec![[4.0, 7.0], [3.05, 8.0]],
            vec![[9.0, 1.0], [8.0, 2.0]],
            vec![[2.0, 8.5], [1.0, 9.0]],
            vec![[20.0, 9.0], [21.0, 8.0]],
            vec![[5.0, 5.0], [5.0, 5.0]],
        ];
        let mut d = String::new();
        road_path(&mut d, &roads, &frame).expect("writes");
        let got = segments(&d);
        let want: Vec<[i64; 4]> = vec![
            [100, 100, 200, 150],
            [200, 150, 305, 200],
            [305, 200, 400, 300],
            [900, 900, 800, 800],
        ];
        assert_eq!(got, want, "{d}");
    }

    #[test]
    fn polyline_is_exact_and_simplify_keeps_corners() {
        let pts = [[0, 0], [15, -7], [-3, 20], [100, 100]];
        let mut d = String::new();
        polyline(&mut d, &pts).expect("writes");
        assert_eq!(d, "M0 0l1.5-0.7-1.8 2.7 10.3 8");
        let got = segments(&d);
        assert_eq!(got.len(), 3);
        assert_eq!(got[2], [-3, 20, 100, 100]);

        let line: Vec<[f64; 2]> = (0..=10)
            .map(|i| [i as f64, 0.01 * (i % 2) as f64])
            .collect();
        assert_eq!(simplify(&line, 0.4), vec![[0.0, 0.0], [10.0, 0.0]]);
        let corner = [
            [0.0, 0.0],
            [5.0, 0.1],
            [10.0, 0.0],
            [10.0, 5.0],
            [10.0, 10.0],
        ];
        assert_eq!(
            simplify(&corner, 0.4),
            vec![[0.0, 0.0], [10.0, 0.0], [10.0, 10.0]]
        );
    }

    #[test]
    fn breaks_delay_the_departure() {
        let breaks = [[100, 200], [200, 250], [400, 500]];
        assert_eq!(after_breaks(100, &breaks, 1000), 250);
        assert_eq!(after_breaks(90, &breaks, 1000), 90);
        assert_eq!(after_breaks(100, &breaks, 220), 200);
    }
}
