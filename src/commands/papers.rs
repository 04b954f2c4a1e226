//! `permanence chronology`, `genogram`, `family` and `gateway`: a child's
//! papers for the Legal Gateway and the CPR, written to standard output,
//! and the few changes to them a worker makes from the command line.

use super::context::{Ctx, Session};
use crate::cli::{ChronologyArgs, ChronologyCommand, ChronologyFormat, Command, GenogramFormat};
use crate::domain::chronology::{self, Draft, Filter, Kind};
use crate::domain::date::{parse_day, uk};
use crate::domain::gateway::{self, Readiness};
use crate::domain::permissions::Action as Permission;
use crate::interchange::chronology::{Heading, csv, html, json, markdown, readiness_json};
use crate::service::library::Library;
use crate::store::{GatewayPanelRow, Store, WrittenEntryFields};
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use std::io::Write;
use std::process::ExitCode;

fn child(store: &Store, reference: &str) -> Result<crate::domain::child::ChildId> {
    store
        .child_id(reference)?
        .with_context(|| format!("no child has the reference {reference}"))
}

fn out(text: &str) -> Result<ExitCode> {
    let mut stdout = crate::commands::output::stdout();
    stdout.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        stdout.write_all(b"\n")?;
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `permanence chronology ...`: a change (`add`, `mark`) needs the right
/// to edit the child's timeline; a look, to view the child, and is on
/// the record as a read.
pub fn chronology_command(ctx: &Ctx, args: &ChronologyArgs) -> Result<ExitCode> {
    match &args.command {
        Some(change) => {
            let reference = match change {
                ChronologyCommand::Add { reference, .. } | ChronologyCommand::Mark { reference, .. } => {
                    reference
                }
            };
            let Session { library, mut store } = ctx.session(Permission::EditTimeline, Some(reference))?;
            change_chronology(&mut store, &library, change, ctx.today)
        }
        None => {
            let Session { library, mut store } =
                ctx.session(Permission::ViewChild, args.reference.as_deref())?;
            if let Some(reference) = &args.reference {
                super::reads::on_record(&mut store, super::reads::Read::Child(reference));
            }
            chronology(&store, &library, args, ctx.today)
        }
    }
}

/// `chronology REF`: the chronology as asked for.
fn chronology(store: &Store, library: &Library, args: &ChronologyArgs, today: NaiveDate) -> Result<ExitCode> {
    let Some(reference) = args.reference.as_deref() else {
        bail!("which child? give their reference: permanence chronology REF");
    };
    let id = child(store, reference)?;
    let kinds = args
        .kind
        .as_deref()
        .map(Kind::parse_list)
        .transpose()
        .map_err(|e| anyhow::anyhow!("--kind: {e}"))?;
    let day = |flag: &str, text: &Option<String>| -> Result<Option<NaiveDate>> {
        text.as_deref()
            .map(|t| parse_day(t, today).map_err(|e| anyhow::anyhow!("--{flag}: {e}")))
            .transpose()
    };
    let filter = Filter::new(
        kinds,
        day("from", &args.from)?,
        day("to", &args.to)?,
        args.for_cpr,
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let entries = filter.apply(crate::service::papers::chronology(
        store, library, id, reference, today,
    )?);
    let name = store
        .child_detail(id)?
        .map(|d| d.fields.full_name())
        .unwrap_or_default();
    let heading = Heading {
        title: "Chronology".to_string(),
        child: format!("{name} ({reference})"),
        produced_on: today,
        filter: filter.describe(),
    };
    match args.format {
        ChronologyFormat::Md => out(&markdown(&heading, &entries)),
        ChronologyFormat::Html => out(&html(&heading, &entries)),
        ChronologyFormat::Csv => out(&csv(&entries).context("cannot write the CSV")?),
        ChronologyFormat::Json => out(&crate::commands::output::json_text(&json(&entries))?),
    }
}

/// `chronology add|mark`.
fn change_chronology(
    store: &mut Store,
    library: &Library,
    command: &ChronologyCommand,
    today: NaiveDate,
) -> Result<ExitCode> {
    match command {
        ChronologyCommand::Add {
            reference,
            on,
            what,
            kind,
            source,
            verified,
        } => {
            let id = child(store, reference)?;
            let draft = Draft {
                on: on.clone(),
                what: what.clone(),
                kind: kind.clone(),
                source: source.clone().unwrap_or_default(),
                verified: *verified,
            };
            let entry = chronology::written(&draft, today).map_err(|e| anyhow::anyhow!("{e}"))?;
            let fields = WrittenEntryFields {
                on_date: entry.on,
                what: entry.what,
                kind: entry.kind.code().to_string(),
                source: entry.source,
                verified: entry.verified,
            };
            let number = store.write(|w| w.add_chronology_entry(id, &fields))?;
            let flag = if fields.verified { "" } else { " (unverified)" };
            println!(
                "Added {} to {reference}'s chronology on {}{flag}",
                chronology::written_key(number),
                uk(fields.on_date)
            );
            Ok(ExitCode::SUCCESS)
        }
        ChronologyCommand::Mark {
            reference,
            key,
            clear,
        } => {
            let id = child(store, reference)?;
            if *clear {
                let removed = store.write(|w| w.clear_chronology_mark(id, key))?;
                println!(
                    "{key} {}",
                    if removed {
                        "is no longer marked for the CPR"
                    } else {
                        "was not marked"
                    }
                );
            } else {
                // A mark on a key no entry has would never show: a slip.
                let entries = crate::service::papers::chronology(store, library, id, reference, today)?;
                if !entries.iter().any(|e| e.key == *key) {
                    bail!(
                        "{key} is not an entry in {reference}'s chronology; `permanence chronology {reference} --format json` lists the keys"
                    );
                }
                let added = store.write(|w| w.set_chronology_mark(id, key))?;
                println!(
                    "{key} {}",
                    if added {
                        "is marked for the CPR"
                    } else {
                        "was already marked"
                    }
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The changes `gateway REF` may be asked to make before it reports.
pub struct GatewayChanges<'a> {
    pub panel: Option<&'a str>,
    pub pre_proceedings: Option<&'a str>,
    pub tick: &'a [String],
    pub untick: &'a [String],
}

impl GatewayChanges<'_> {
    fn any(&self) -> bool {
        self.panel.is_some()
            || self.pre_proceedings.is_some()
            || !self.tick.is_empty()
            || !self.untick.is_empty()
    }
}

/// `permanence gateway REF [changes]`: a change needs the right to edit
/// the child's timeline and is on the record as a change; a look needs
/// the right to view the child and is on the record as a read.
pub fn gateway_command(
    ctx: &Ctx,
    reference: &str,
    json_out: bool,
    changes: &GatewayChanges<'_>,
) -> Result<ExitCode> {
    let needed = if changes.any() {
        Permission::EditTimeline
    } else {
        Permission::ViewChild
    };
    let Session { library, mut store } = ctx.session(needed, Some(reference))?;
    if !changes.any() {
        super::reads::on_record(&mut store, super::reads::Read::Child(reference));
    }
    gateway(&mut store, &library, reference, json_out, changes, ctx.today)
}

/// `gateway REF`: records any panel date and ticks given, then says where
/// the child stands.
fn gateway(
    store: &mut Store,
    library: &Library,
    reference: &str,
    json_out: bool,
    changes: &GatewayChanges<'_>,
    today: NaiveDate,
) -> Result<ExitCode> {
    let GatewayChanges {
        panel,
        pre_proceedings,
        tick: ticks,
        untick: unticks,
    } = *changes;
    let id = child(store, reference)?;
    let panel = panel
        .map(|text| gateway::panel_on(text, &library.calendar).map_err(|e| anyhow::anyhow!("--{e}")))
        .transpose()?;
    let pre = match pre_proceedings.map(str::to_ascii_lowercase).as_deref() {
        None => None,
        Some("yes" | "y" | "true") => Some(true),
        Some("no" | "n" | "false") => Some(false),
        Some(other) => bail!("--pre-proceedings: {other:?} should be yes or no"),
    };
    let mut ticked = Vec::new();
    for text in ticks {
        let (paper, dated) = text.split_once('=').unwrap_or((text, ""));
        ticked.push(gateway::tick(paper, dated, today).map_err(|e| anyhow::anyhow!("--tick {text}: {e}"))?);
    }
    let mut unticked = Vec::new();
    for text in unticks {
        let paper = gateway::Paper::parse(text).with_context(|| {
            format!(
                "--untick: {text} is not a Gateway paper (use {})",
                gateway::Paper::codes()
            )
        })?;
        unticked.push(paper);
    }
    if panel.is_some() || pre.is_some() || !ticked.is_empty() || !unticked.is_empty() {
        let current = store.gateway_panel(id)?;
        if pre.is_some() && panel.is_none() && current.is_none() {
            bail!("--pre-proceedings: give the panel date too (--panel DATE)");
        }
        store.write(|w| -> Result<(), crate::store::StoreError> {
            if let Some(panel_date) = panel.or(current.map(|c| c.panel_date)) {
                let pre_proceedings = pre.or(current.map(|c| c.pre_proceedings)).unwrap_or(false);
                w.set_gateway_panel(
                    id,
                    GatewayPanelRow {
                        panel_date,
                        pre_proceedings,
                    },
                )?;
            }
            for (paper, dated) in &ticked {
                w.set_gateway_paper(id, paper.code(), *dated)?;
            }
            for paper in &unticked {
                w.clear_gateway_paper(id, paper.code())?;
            }
            Ok(())
        })?;
    }
    let (checklist, readiness) = crate::service::papers::gateway(store, library, id, reference)?;
    if json_out {
        let value = match &readiness {
            Some(r) => readiness_json(r),
            // No panel yet: the checklist alone, with nothing to count to.
            None => {
                let r = Readiness::new(reference, today, &checklist, &library.calendar);
                let mut value = readiness_json(&r);
                value["panel_date"] = serde_json::Value::Null;
                value["submission_deadline"] = serde_json::Value::Null;
                value
            }
        };
        return out(&crate::commands::output::json_text(&value)?);
    }
    let mut text = String::new();
    match &readiness {
        Some(r) => {
            let deadline = r.submission_deadline;
            let when = if r.on_time(store.clock().now().with_timezone(&chrono::Local).naive_local()) {
                "papers due"
            } else {
                "papers were due"
            };
            text.push_str(&format!(
                "Legal Gateway panel {} {} · {when} to the Practice Co-ordinator by 17:00 on {} {}\n",
                r.panel_date.format("%A"),
                uk(r.panel_date),
                deadline.format("%A"),
                uk(deadline.date()),
            ));
        }
        None => text.push_str(&format!(
            "No panel date recorded: `permanence gateway {reference} --panel DATE` sets it\n"
        )),
    }
    for paper in checklist.required() {
        let mark = if checklist.ticked(paper) { "[x]" } else { "[ ]" };
        let dated = checklist
            .dated(paper)
            .map(|d| format!(" (dated {})", uk(d)))
            .unwrap_or_default();
        text.push_str(&format!("{mark} {}{dated}   {}\n", paper.label(), paper.code()));
    }
    let missing = checklist.missing();
    if missing.is_empty() {
        text.push_str("Ready: every paper is ticked\n");
    } else {
        text.push_str(&format!(
            "Not ready: {} of {} papers still to tick\n",
            missing.len(),
            checklist.required().len()
        ));
    }
    out(&text)
}

/// `genogram REF`.
pub fn genogram(store: &Store, reference: &str, format: GenogramFormat) -> Result<ExitCode> {
    let id = child(store, reference)?;
    let (network, focus) = crate::service::papers::family(store, id)?;
    let layout = crate::domain::genogram::layout(&network, focus);
    match format {
        GenogramFormat::Text => out(&crate::domain::genogram::text(&layout, 80).join("\n")),
        GenogramFormat::Svg => out(&crate::domain::genogram::svg(&layout)),
    }
}

/// `family REF`: each person, what they are to the child, and their part
/// in the plan.
pub fn family(store: &Store, reference: &str, format: crate::cli::FamilyFormat) -> Result<ExitCode> {
    let id = child(store, reference)?;
    let (network, focus) = crate::service::papers::family(store, id)?;
    if format == crate::cli::FamilyFormat::Toml {
        if store.network(id)?.people.is_empty() {
            return out(&starter(reference));
        }
        return out(&crate::interchange::family_file::export(store, id)?);
    }
    let mut text = String::new();
    if network.people.len() <= 1 {
        text.push_str(&format!(
            "No family network recorded for {reference} yet: `permanence family {reference} --import FILE` loads one\n(`--format toml` shows the file's shape)\n"
        ));
    }
    for person in &network.people {
        let what = network.relation_to(focus, person.id);
        let facts = network.facts_about(focus, person.id, crate::domain::date::DateStyle::default());
        text.push_str(&format!(
            "{:<28} {:<34} {}\n",
            person.name,
            what,
            facts.join(" · ")
        ));
    }
    let meetings = store.family_meetings(id)?;
    for meeting in &meetings {
        text.push_str(&format!(
            "\n{} on {}\n",
            meeting.kind.label(),
            uk(meeting.held_on)
        ));
        if !meeting.attended.is_empty() {
            text.push_str(&format!("  Attended: {}\n", meeting.attended.join(", ")));
        }
        for outcome in &meeting.outcomes {
            let due = outcome
                .due
                .map(|d| format!(" (by {})", uk(d)))
                .unwrap_or_default();
            let on_timeline = if outcome.item_key.is_some() {
                " · on the timeline"
            } else {
                ""
            };
            text.push_str(&format!("  - {}{due}{on_timeline}\n", outcome.text));
        }
    }
    out(&text)
}

/// `family REF --import FILE`: all of the file or, if anything in it is
/// wrong, none of it, with every problem and its line.
pub fn import_family(
    store: &mut Store,
    reference: &str,
    path: &std::path::Path,
    dry_run: bool,
) -> Result<ExitCode> {
    use crate::interchange::family_file::{self, ImportError};
    child(store, reference)?;
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {name}"))?;
    let file = match family_file::parse(&name, &text) {
        Ok(file) => file,
        Err(problems) => {
            for problem in &problems {
                eprintln!("{problem}");
            }
            bail!(
                "{name}: {} problem{}; nothing was imported",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            );
        }
    };
    let done = if dry_run {
        family_file::rehearse(store, reference, &file)
    } else {
        family_file::import(store, reference, &file)
    };
    let imported = done.map_err(|e| match e {
        ImportError::Refused { line, message } => {
            anyhow::anyhow!("{name}:{line}: {message}; nothing was imported")
        }
        other => anyhow::anyhow!("{name}: {other}"),
    })?;
    let verb = if dry_run { "Would add" } else { "Added" };
    let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    println!(
        "{verb} {} ({} already there), {}, {} and {} to {reference}'s family network",
        count(imported.added, "person", "people"),
        imported.matched,
        count(imported.parents, "parent link", "parent links"),
        count(imported.couples, "couple", "couples"),
        count(imported.connections, "connection", "connections"),
    );
    Ok(ExitCode::SUCCESS)
}

/// A network file to start from, for a child with no network yet: the
/// child, and commented-out examples of each table.
fn starter(reference: &str) -> String {
    format!(
        r#"# A family network for {reference}: fill it in, then
# `permanence family {reference} --import THIS-FILE`.
# Each id is a handle used only within this file.

[[person]]
id = "child"
child = "{reference}"

# [[person]]
# id = "mother"
# name = ""
# sex = "female"            # female, male or unknown
# born = 1990-01-31         # if known
# deceased = false
# household = "mother's home"
# culture = ""
# language = ""
# religion = ""
# contact = ""              # minimal: a phone number or a town

# [[parents]]
# child = "child"
# parents = ["mother"]

# [[couple]]
# people = ["mother", "father"]
# partnership = "separated" # married, partners, separated or divorced

# [[connection]]
# person = "mother"
# child = "child"
# parental_responsibility = true
# viability = "requested"   # requested, positive or negative
# viability_on = 2026-01-31
# family_time = "weekly, supervised"
# potential_carer = false
"#
    )
}

/// What `family-meeting` was given.
pub struct MeetingArgs<'a> {
    pub kind: &'a str,
    pub on: &'a str,
    pub attended: &'a [String],
    pub outcomes: &'a [String],
    pub timeline: bool,
    pub notes: Option<&'a str>,
}

/// `family-meeting REF`: the meeting and its outcomes in one write, and
/// with `--timeline` each dated outcome on the primary plan.
pub fn family_meeting(
    store: &mut Store,
    reference: &str,
    args: &MeetingArgs<'_>,
    today: NaiveDate,
) -> Result<ExitCode> {
    use crate::domain::family_meeting::{check_meeting, check_outcome};
    use crate::domain::plan::{PlanRole, PlanStatus};
    let id = child(store, reference)?;
    let kind = match args.kind.trim().to_ascii_lowercase().as_str() {
        "fgc" | "family-group-conference" => "fgc",
        "family-network" | "fnm" => "family-network",
        other => bail!("--kind: {other:?} is not a family meeting (fgc or family-network)"),
    };
    let meeting = check_meeting(
        kind,
        args.on,
        &args.attended.join("\n"),
        args.notes.unwrap_or(""),
        today,
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut outcomes = Vec::new();
    for text in args.outcomes {
        // Named by its start: an outcome refused for its length is not
        // echoed whole.
        let named = crate::domain::sanitise::head(text, 60);
        let (due, what) = crate::service::family::outcome_parts(text)
            .map_err(|e| anyhow::anyhow!("--outcome {named:?}: {e}"))?;
        let outcome = check_outcome(what, due, Some(id), meeting.held_on, today)
            .map_err(|e| anyhow::anyhow!("--outcome {named:?}: {e}"))?;
        outcomes.push(outcome);
    }
    let plan = store
        .plans(id)?
        .into_iter()
        .find(|p| p.role == PlanRole::Primary && p.status == PlanStatus::Active);
    if args.timeline && plan.is_none() {
        bail!("--timeline: {reference} has no active primary plan to put the outcomes on");
    }
    let timeline = if args.timeline {
        plan.as_ref().map(|p| p.id)
    } else {
        None
    };
    let on_timeline = crate::service::family::record_meeting(store, id, &meeting, &outcomes, timeline)?;
    let timeline = match on_timeline {
        0 => String::new(),
        1 => ", one of them now on the timeline".to_string(),
        n => format!(", {n} of them now on the timeline"),
    };
    println!(
        "Recorded the {} on {} with {} outcome{}{timeline}",
        meeting.kind.label(),
        uk(meeting.held_on),
        outcomes.len(),
        if outcomes.len() == 1 { "" } else { "s" }
    );
    Ok(ExitCode::SUCCESS)
}

/// `permanence chronology`, `genogram`, `family`, `family-meeting` and
/// `gateway`: each opens the child's record with the permission it needs.
pub fn command(ctx: &Ctx, command: Command) -> Result<ExitCode> {
    let today = ctx.today;
    match command {
        Command::Chronology(args) => chronology_command(ctx, &args),
        Command::Genogram { reference, format } => {
            let Session { mut store, .. } = ctx.session(Permission::ViewChild, Some(&reference))?;
            super::reads::on_record(&mut store, super::reads::Read::Child(&reference));
            genogram(&store, &reference, format)
        }
        Command::Family {
            reference,
            import: Some(file),
            dry_run,
            ..
        } => {
            let Session { mut store, .. } = ctx.session(Permission::EditTimeline, Some(&reference))?;
            import_family(&mut store, &reference, &file, dry_run)
        }
        Command::Family {
            reference,
            import: None,
            format,
            ..
        } => {
            let Session { mut store, .. } = ctx.session(Permission::ViewChild, Some(&reference))?;
            super::reads::on_record(&mut store, super::reads::Read::Child(&reference));
            family(&store, &reference, format)
        }
        Command::FamilyMeeting {
            reference,
            kind,
            on,
            attended,
            outcome,
            timeline,
            notes,
        } => {
            let Session { mut store, .. } = ctx.session(Permission::EditTimeline, Some(&reference))?;
            let meeting = MeetingArgs {
                kind: &kind,
                on: &on,
                attended: &attended,
                outcomes: &outcome,
                timeline,
                notes: notes.as_deref(),
            };
            family_meeting(&mut store, &reference, &meeting, today)
        }
        Command::Gateway {
            reference,
            json,
            panel,
            pre_proceedings,
            tick,
            untick,
        } => {
            let changes = GatewayChanges {
                panel: panel.as_deref(),
                pre_proceedings: pre_proceedings.as_deref(),
                tick: &tick,
                untick: &untick,
            };
            gateway_command(ctx, &reference, json, &changes)
        }
        // `run` sends only the commands above.
        _ => bail!("not a command about a child's papers"),
    }
}
