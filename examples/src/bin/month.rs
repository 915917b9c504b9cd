//! The month job: generate the sample month (fixed seed), attribute all 2,000 deals, print a
//! summary, and write the self-contained HTML transparency report.
//!
//! `cargo run --release -p salesrules-examples --bin month [-- --out report.html --seed N]`
//!
//! Later features add their report sections in `compose` below.

use salesrules::{Engine, Error};
use salesrules_examples::escalation;
use salesrules_examples::governance;
use salesrules_examples::report::Report;
use salesrules_examples::sample::{Month, Size, STANDARD_SEED};
use salesrules_examples::transparency::{self, html, text, Balance, MonthRun};
use salesrules_examples::work_orders::{self, CheckedOrder};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

struct Args {
    out: PathBuf,
    seed: u64,
}

const USAGE: &str = "usage: month [--out report.html] [--seed N]";

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        out: PathBuf::from("report.html"),
        seed: STANDARD_SEED,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => args.out = it.next().map(PathBuf::from).ok_or("--out needs a path")?,
            "--seed" => {
                args.seed = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--seed needs a whole number")?;
            }
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unexpected argument {other:?}; {USAGE}")),
        }
    }
    Ok(args)
}

/// The report: one section per feature, in reading order.
fn compose(
    engine: &Engine,
    run: &MonthRun<'_>,
    balance: &Balance,
    escalations: &escalation::EscalationRun,
    orders: &[CheckedOrder<'_>],
) -> Result<Report, Error> {
    let month = run.month;
    let mut report = Report::new(format!(
        "Sales attribution transparency report · {}",
        month.period
    ));
    report
        .fact("Period", format!("{} ({})", month.period, month.time_zone))
        .fact("Deals", transparency::grouped_count(month.deals.len()))
        .fact("Touches", transparency::grouped_count(month.touch_count()))
        .fact(
            "Reps / teams",
            format!("{} / {}", month.reps.len(), month.teams.len()),
        )
        .fact("Model", "role_weighted")
        .fact("Policy fingerprint", run.fingerprint.clone())
        .fact("Data", format!("synthetic, seed {}", month.seed));
    // Attribution, locks and appeals: the core's transparency report (issues 2, 3, 12); later
    // features append their own sections here.
    for section in html::sections(engine, run, balance)? {
        report.section(section);
    }
    // Lead escalation and response health (issue 4).
    report.section(escalation::section(escalations));
    // Work-order clarity (issue 5).
    report.section(work_orders::section(orders));
    // Churn risk, complaints and the audit chain (issue 13).
    report.section(governance::section(&governance::run(engine, month)?));
    // Dashboard analytics (issue 12).
    report.section(salesrules_examples::analytics::section(engine, month)?);
    Ok(report)
}

fn run() -> Result<bool, String> {
    let args = parse_args()?;
    let started = Instant::now();
    let e = |e: Error| e.to_string();
    let engine = Engine::default();

    let t = Instant::now();
    let month = Month::generate(args.seed, Size::month());
    let generated = t.elapsed();

    let t = Instant::now();
    let run = MonthRun::attribute(&engine, &month).map_err(e)?;
    let attributed = t.elapsed();

    let t = Instant::now();
    let batch = transparency::batch_totals(&engine, &run.requests).map_err(e)?;
    let batched = t.elapsed();

    println!(
        "salesrules · month job · {} ({})",
        month.period, month.time_zone
    );
    println!(
        "  {} teams, {} reps, {} customers, {} deals, {} touches, {} leads, {} work orders (seed {})",
        month.teams.len(),
        month.reps.len(),
        month.customers.len(),
        month.deals.len(),
        month.touch_count(),
        month.leads.len(),
        month.work_orders.len(),
        month.seed
    );
    let gaps: Vec<_> = month
        .deals
        .iter()
        .filter_map(|d| d.silent_gap.as_ref())
        .collect();
    let confirmed = gaps.iter().filter(|g| g.handover == "confirmed").count();
    println!(
        "  {} deals changed hands after a silent period of 30+ days ({confirmed} with a handover confirmation before close)",
        gaps.len()
    );
    println!("  policy fingerprint {}", run.fingerprint);
    println!(
        "  generated in {:.0?}; attributed {} deals in {:.0?} (typed API, with explanations); batch path in {:.0?}",
        generated,
        run.responses.len(),
        attributed,
        batched
    );

    println!("\nTotals per currency (exact decimals, never converted)");
    print!("{}", text::totals(&run).map_err(e)?);
    println!("\nCredits per team (team of the credited rep)");
    print!("{}", text::teams(&run).map_err(e)?);
    println!("\nTop 10 reps by CNY credit");
    print!("{}", text::top_reps(&run, 10).map_err(e)?);

    println!("\nModel comparison: share of each deal per rep under all 7 models");
    for (i, why) in run.interesting() {
        let Some(req) = run.requests.get(i) else {
            continue;
        };
        let responses = transparency::all_models(&engine, req).map_err(e)?;
        println!("  why: {why}");
        print!("{}", text::models(&run, req, &responses));
        println!();
    }

    if let Some(req) = run
        .largest("CNY", 1)
        .first()
        .and_then(|i| run.requests.get(*i))
    {
        let answer = transparency::key_influencers(&engine, req, 5).map_err(e)?;
        println!(
            "Key influencers of the largest deal, {} (CNY {})",
            req.deal.id,
            text::money(&req.deal.amount.to_string())
        );
        print!("{}", text::influencers(req, &answer));
        println!();
    }

    println!("{}", transparency::locks::summary_line(&run));
    if let Some(a) = transparency::locks::sample_appeal(&engine, &run).map_err(e)? {
        for entry in &a.audit_trail {
            println!("  appeal {}: {}", a.appeal.id, entry.text);
        }
    }
    println!();
    let t = Instant::now();
    let orders = work_orders::check_all(&engine, &month).map_err(e)?;
    let (total, invalid, vague, agree) = work_orders::counts(&orders);
    println!(
        "Work orders: {total} checked in {:.0?}; {invalid} miss or mistype a required field, {vague} have vague free text (agrees with the generator on {agree} of {total})\n",
        t.elapsed()
    );

    let balance = run.balance();
    let (batch_same, batch_line) = text::batch_check(&run, &batch).map_err(e)?;
    println!("{batch_line}");
    if balance.ok() {
        println!(
            "credits + locked + unassigned = amount for all {} deals ✓",
            transparency::grouped_count(balance.checked)
        );
    } else {
        println!(
            "credits + locked + unassigned ≠ amount for {} of {} deals ✗: {}",
            balance.failures.len(),
            balance.checked,
            balance.failures.join(", ")
        );
    }

    let t = Instant::now();
    let escalations = escalation::run(&engine, &month).map_err(e)?;
    println!(
        "\nLead escalation and first-contact health at the month's end ({} leads in {:.0?})",
        month.leads.len(),
        t.elapsed()
    );
    print!(
        "{}",
        escalation::text(
            &escalations,
            std::io::IsTerminal::is_terminal(&std::io::stdout())
        )
    );

    println!(
        "\n{}",
        governance::text(&governance::run(&engine, &month).map_err(e)?)
    );
    // Daily reports (.xlsx/.csv beside the report), submissions and dealer rebates (issue 11).
    let daily =
        salesrules_examples::daily::run(&engine, &month, &args.out.with_file_name("daily"))?;
    print!("\n{}", salesrules_examples::daily::text(&daily));

    let mut report = compose(&engine, &run, &balance, &escalations, &orders).map_err(e)?;
    report.section(salesrules_examples::daily::section(&daily));
    std::fs::write(&args.out, report.render())
        .map_err(|err| format!("cannot write {}: {err}", args.out.display()))?;
    let shown = std::fs::canonicalize(&args.out).unwrap_or(args.out.clone());
    println!("\nreport written to {}", shown.display());
    println!("done in {:.1?}", started.elapsed());
    Ok(balance.ok() && batch_same)
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("month: {err}");
            ExitCode::FAILURE
        }
    }
}
