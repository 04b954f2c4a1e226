//! `permanence best-option REF`: the Appendix 5 scenario that fits the
//! child, the facts it was chosen from, and the outcomes in their priority
//! order with the child's plans marked against them.

use crate::domain::guidance::{self, Facts, Fit};
use crate::service::library::Library;
use crate::store::Store;
use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use serde_json::json;
use std::process::ExitCode;

/// The facts as the record gives them, before any correction.
pub fn facts_of(store: &Store, child: crate::domain::child::ChildId, as_of: NaiveDate) -> Result<Facts> {
    let detail = store
        .child_detail(child)?
        .ok_or_else(|| anyhow!("the child's record could not be read"))?;
    let plans = store.plans(child)?;
    Ok(crate::domain::guidance_facts::from_record(&detail, &plans, as_of))
}

/// What the worker says on the command line in place of what the record
/// shows: `--connected` and `--return-home-ruled-out`, yes or no.
pub struct GivenFacts {
    connected: Option<bool>,
    return_home_ruled_out: Option<bool>,
}

impl GivenFacts {
    pub fn from_flags(
        connected: Option<String>,
        return_home_ruled_out: Option<String>,
    ) -> Result<GivenFacts> {
        let yes_no = |name: &str, v: Option<String>| -> Result<Option<bool>> {
            match v.as_deref().map(str::to_ascii_lowercase).as_deref() {
                None => Ok(None),
                Some("yes" | "y" | "true") => Ok(Some(true)),
                Some("no" | "n" | "false") => Ok(Some(false)),
                Some(other) => anyhow::bail!("--{name}: {other:?} should be yes or no"),
            }
        };
        Ok(GivenFacts {
            connected: yes_no("connected", connected)?,
            return_home_ruled_out: yes_no("return-home-ruled-out", return_home_ruled_out)?,
        })
    }
}

pub fn best_option(
    store: &Store,
    library: &Library,
    reference: &str,
    as_of: NaiveDate,
    given: GivenFacts,
    as_json: bool,
) -> Result<ExitCode> {
    let child = store
        .child_id(reference)?
        .ok_or_else(|| anyhow!("no child has the reference {reference}"))?;
    let mut facts = facts_of(store, child, as_of)?;
    if let Some(c) = given.connected {
        facts.connected_people = c;
    }
    if let Some(r) = given.return_home_ruled_out {
        facts.return_home_ruled_out = r;
    }
    let plans: Vec<(String, String)> = store
        .plans(child)?
        .into_iter()
        .filter(|p| p.status == crate::domain::plan::PlanStatus::Active)
        .map(|p| (p.pathway, p.role.code().to_string()))
        .collect();
    let guidance = &library.guidance;
    let chosen = guidance::choose(guidance, facts);
    let facts_json = json!({
        "age": facts.age,
        "connected_people": facts.connected_people,
        "return_home_ruled_out": facts.return_home_ruled_out,
    });
    let (scenario_json, outcomes_json, question) = match &chosen {
        Ok(choice) => {
            let placed = guidance::placed(guidance, choice.scenario, &plans);
            let outcomes: Vec<_> = choice
                .scenario
                .outcomes
                .iter()
                .enumerate()
                .map(|(i, (id, label))| {
                    let matched: Vec<_> = placed
                        .iter()
                        .filter(|(_, _, at)| *at == Some(i))
                        .map(|(pathway, role, _)| json!({"pathway": pathway, "role": role}))
                        .collect();
                    json!({"rank": i + 1, "outcome": id, "label": label, "plans": matched})
                })
                .collect();
            let primary = placed
                .iter()
                .find(|(_, role, _)| *role == "primary")
                .and_then(|p| p.2);
            (
                json!({
                    "id": choice.scenario.id,
                    "number": choice.scenario.number,
                    "title": choice.scenario.title,
                    "fit": match &choice.fit { Fit::Exact => "exact".to_string(), Fit::Nearest(_) => "nearest".to_string() },
                    "fit_note": match &choice.fit { Fit::Exact => None, Fit::Nearest(why) => Some(why.clone()) },
                }),
                outcomes,
                guidance::question(choice.scenario, primary),
            )
        }
        Err(why) => (serde_json::Value::Null, Vec::new(), Some(why.clone())),
    };
    if as_json {
        let out = json!({
            "ref": reference,
            "as_of": crate::domain::date::iso(as_of),
            "scenario": scenario_json,
            "facts": facts_json,
            "outcomes": outcomes_json,
            "question": question,
        });
        println!("{}", crate::commands::output::json_text(&out)?);
        return Ok(ExitCode::SUCCESS);
    }
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    println!(
        "{reference}: best option as of {} (age {}, connected people {}, return home ruled out {})",
        crate::domain::date::uk(as_of),
        facts.age.map_or("unborn".to_string(), |a| a.to_string()),
        yes_no(facts.connected_people),
        yes_no(facts.return_home_ruled_out)
    );
    if let Ok(choice) = &chosen {
        println!("Scenario {}: {}", choice.scenario.number, choice.scenario.title);
        if let Fit::Nearest(why) = &choice.fit {
            println!("  {why}");
        }
        println!("Meeting: {}", choice.scenario.meeting);
        if !choice.scenario.attendees.is_empty() {
            println!("Attended by: {}", choice.scenario.attendees.join(", "));
        }
        for panel in &choice.scenario.panels {
            println!("Panel: {panel}");
        }
        println!("Outcomes in priority order:");
        for o in &outcomes_json {
            let plans: Vec<String> = o["plans"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|p| format!("{} plan", p["role"].as_str().unwrap_or("")))
                        .collect()
                })
                .unwrap_or_default();
            let mark = if plans.is_empty() {
                String::new()
            } else {
                format!("   ← {}", plans.join(", "))
            };
            println!("  {}. {}{mark}", o["rank"], o["label"].as_str().unwrap_or(""));
        }
        if !choice.scenario.note.is_empty() {
            println!("{}", choice.scenario.note);
        }
    }
    if let Some(q) = question {
        println!("Question: {q}");
    }
    Ok(ExitCode::SUCCESS)
}
