//! The Timeline tab's dialogs for the plans themselves: `s` starts a plan,
//! `P` makes a contingency the primary, `X` closes a plan with its
//! outcome, `L` counts a plan from its Legal Gateway decision (a plan an
//! SSDA903 import counted from the period of care), `M` marks the items selected with Space done, or not needed
//! with one reason (see [`super::catch_up`]), and `N` marks the item
//! under the cursor not needed, with a reason (`service::not_needed`). Each is a short form; once filled in, the event
//! loop works out the dates it moves (`service::plans`,
//! `service::catch_up`) and shows them under "Before saving", and Enter
//! saves. The rules are the use cases'; here is only what was typed.

use crate::app::{Effect, date_hint};
use crate::domain::child::ChildId;
use crate::domain::date::{DateStyle, parse_day};
use crate::domain::plan::{Plan, PlanEnding, PlanRole, Stage, StartFrom};
use crate::domain::timeline::Timeline;
use crate::modal::{Field, Form, FormPurpose, Modal};
use crate::service::catch_up::Pick;
use crate::service::not_needed::Pick as NotNeededPick;
use crate::service::plans::{OldPrimary, PlanChange};
use chrono::NaiveDate;

/// Which plan dialog a form is, and what it acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanForm {
    Start,
    MakePrimary {
        pathway: String,
    },
    Close {
        pathway: String,
    },
    /// `L`: the day of the plan's Legal Gateway decision.
    Gateway {
        pathway: String,
    },
    /// The items selected with Space, as they were shown.
    CatchUp {
        picks: Vec<Pick>,
    },
    /// `N`: the item under the cursor, as it was shown.
    NotNeeded {
        pick: NotNeededPick,
    },
    /// `u` on an item marked not needed: the mark taken back.
    TakeBack {
        pick: NotNeededPick,
    },
    /// What the change will do, read before it is saved: no fields.
    Confirm(Box<PlanPending>),
}

impl PlanForm {
    /// What the dialog's draft is kept under, after the child.
    pub fn draft_key(&self) -> String {
        match self {
            PlanForm::Start => "plan-start".to_string(),
            PlanForm::MakePrimary { pathway } => format!("plan-primary:{pathway}"),
            PlanForm::Close { pathway } => format!("plan-close:{pathway}"),
            PlanForm::Gateway { pathway } => format!("plan-gateway:{pathway}"),
            PlanForm::CatchUp { .. } => "catch-up".to_string(),
            PlanForm::NotNeeded { pick } => format!("not-needed:{}/{}", pick.plan.0, pick.key),
            PlanForm::TakeBack { pick } => format!("needed-again:{}/{}", pick.plan.0, pick.key),
            PlanForm::Confirm(_) => "plan-confirm".to_string(),
        }
    }
}

/// What a plan dialog asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanWork {
    Change(PlanChange),
    CatchUp(Vec<Pick>),
    /// Items marked not needed, all with the one reason, in one save.
    NotNeeded {
        picks: Vec<NotNeededPick>,
        reason: String,
    },
    /// A not-needed mark taken back, with the reason.
    TakeBack {
        pick: NotNeededPick,
        reason: String,
    },
}

/// A plan change or catch-up worked out and waiting for the user to read
/// what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanPending {
    pub child: ChildId,
    pub work: PlanWork,
    /// How many lines "Before saving" listed, once worked out.
    pub moved: usize,
}

impl PlanPending {
    /// What the status line says once it is saved.
    pub fn saved(&self, dates: DateStyle) -> String {
        let done = match &self.work {
            PlanWork::Change(PlanChange::Start { pathway, role, .. }) => {
                format!("Started the {pathway} plan ({})", role.code())
            }
            PlanWork::Change(PlanChange::MakePrimary { pathway, .. }) => {
                format!("The {pathway} plan is now the primary")
            }
            PlanWork::Change(PlanChange::Close {
                pathway,
                ending,
                on,
                contingencies,
            }) => format!(
                "Closed the {pathway} plan{} on {} ({})",
                if *contingencies {
                    " and its contingency"
                } else {
                    ""
                },
                dates.show(*on),
                ending.label()
            ),
            PlanWork::Change(PlanChange::Gateway { pathway, on }) => format!(
                "The {pathway} plan counts from its Legal Gateway decision on {}",
                dates.show(*on)
            ),
            PlanWork::CatchUp(picks) => match picks.len() {
                1 => "Marked 1 item done".to_string(),
                n => format!("Marked {n} items done, in one save"),
            },
            PlanWork::NotNeeded { picks, .. } => match picks.len() {
                1 => "Marked 1 item not needed".to_string(),
                n => format!("Marked {n} items not needed, in one save"),
            },
            PlanWork::TakeBack { pick, .. } => format!("{} is needed again: open", pick.key),
        };
        match self.moved {
            0 => done,
            1 => format!("{done}; 1 line of changes"),
            n => format!("{done}; {n} lines of changes"),
        }
    }
}

/// Whether a plan on the screen's timeline is active (closed ones are
/// shown after the active, with no items).
fn active(plan: &crate::domain::timeline::PlanTimeline) -> bool {
    plan.plan.status == crate::domain::plan::PlanStatus::Active
}

fn form(title: &str, fields: Vec<Field>, purpose: PlanForm, intro: Vec<String>) -> Modal {
    Modal::Form(Form::new(title, fields, FormPurpose::Plan(purpose)).with_intro(intro))
}

/// The codes of a coded value, as a list picks from them.
fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| code(*v)).collect()
}

/// `s`: the pathway (one of `pathways`, the loaded ones), the role
/// (contingency where there is a primary), and the start and stage, which
/// the use case fills in when left blank. Each list narrows as the user
/// types, and Up and Down choose.
pub fn start_form(timeline: &Timeline, pathways: &[String]) -> Modal {
    let has_primary = timeline
        .plans
        .iter()
        .any(|p| p.plan.role == PlanRole::Primary && active(p));
    let role = if has_primary { "contingency" } else { "primary" };
    form(
        "Start a plan",
        vec![
            Field::new("Pathway", String::new(), "type part of one; ↑↓ choose")
                .picking(&pathways.iter().map(String::as_str).collect::<Vec<_>>()),
            Field::new("Role", role, "primary or contingency")
                .picking(&codes(&PlanRole::ALL, PlanRole::code)),
            Field::new(
                "Starts",
                String::new(),
                "blank: the latest Legal Gateway decision",
            ),
            Field::new(
                "Stage",
                String::new(),
                "blank: the primary plan's, or looked-after",
            )
            .picking(&codes(&Stage::ALL, Stage::code)),
        ],
        PlanForm::Start,
        vec!["Week 1 begins on the plan's own Legal Gateway decision.".to_string()],
    )
}

/// `P`: a contingency becomes primary; the old primary stays as a
/// contingency, or closes (plan changed) on the day given.
pub fn primary_form(pathway: &str, old: Option<&str>, today: NaiveDate, dates: DateStyle) -> Modal {
    let intro = match old {
        Some(old) => format!("The {pathway} plan becomes primary. The {old} plan keeps its history."),
        None => format!("The {pathway} plan becomes primary."),
    };
    form(
        &format!("Make primary: {pathway}"),
        vec![
            Field::new("Old primary", "keep", "keep (as a contingency) or close").picking(&["keep", "close"]),
            Field::new("Closes on", dates.show(today), date_hint(dates, "today")),
        ],
        PlanForm::MakePrimary {
            pathway: pathway.to_string(),
        },
        vec![intro],
    )
}

/// What the close dialog knows of the plan: its pathway, the order
/// recorded since it started (the day the record's legal status took
/// effect, where on or after the plan's start), and the other plans still
/// open beside it where it is the primary.
pub struct Closing<'a> {
    pub pathway: &'a str,
    pub order: Option<(crate::domain::child::LegalStatus, NaiveDate)>,
    pub contingencies: Vec<&'a str>,
}

/// `X`: how the plan ended, and when: the day the order was made where
/// one is recorded (today only where none is), and, closing the primary
/// with contingency plans open, whether they close too in the same save.
pub fn close_form(closing: &Closing<'_>, today: NaiveDate, dates: DateStyle) -> Modal {
    let on = closing.order.map_or(today, |(_, on)| on);
    let hint = match closing.order {
        Some((status, _)) => format!("the {} was made on it", status.short()),
        None => date_hint(dates, "today"),
    };
    let mut fields = vec![
        Field::new("Outcome", String::new(), "order-made, plan-changed or ceased")
            .picking(&codes(&PlanEnding::ALL, PlanEnding::code)),
        Field::new("On", dates.show(on), hint),
    ];
    let mut intro = vec!["It stays on the record, closed; its open items stop counting.".to_string()];
    if let Some((status, made)) = closing.order {
        intro.push(format!(
            "The {} was made on {}: the plan closes on that day unless you change it.",
            status.short(),
            dates.show(made)
        ));
    }
    if !closing.contingencies.is_empty() {
        fields.push(
            Field::new(
                "Contingency",
                "keep",
                "with order-made: keep open, or close (ceased)",
            )
            .picking(&["keep", "close"]),
        );
        intro.push(format!(
            "Open beside it: {}. With an order made, close sets them ceased on the same day, in this save.",
            closing.contingencies.join(", ")
        ));
    }
    form(
        &format!("Close the plan: {}", closing.pathway),
        fields,
        PlanForm::Close {
            pathway: closing.pathway.to_string(),
        },
        intro,
    )
}

/// `L`: the day of the plan's Legal Gateway decision, prefilled with
/// nothing (the record does not know it), saying what it counts from now
/// and what stays.
pub fn gateway_form(plan: &Plan, dates: DateStyle) -> Modal {
    let pathway = &plan.pathway;
    let mut intro = vec![match plan.basis.start {
        StartFrom::PeriodOfCare => format!(
            "The {pathway} plan counts from the start of the period of care on {}: the SSDA903 return holds no Legal Gateway date.",
            dates.show(plan.start)
        ),
        StartFrom::Gateway => format!(
            "The {pathway} plan counts from its Legal Gateway decision on {}.",
            dates.show(plan.start)
        ),
    }];
    intro.push("Week 1 will begin on the day you give; done items stay done.".to_string());
    if let Some(from) = plan.basis.record_from {
        intro.push(format!(
            "Tasks due before its record began on {} stay not known: nobody recorded them. Mark them done if they were.",
            dates.show(from)
        ));
    }
    form(
        &format!("Legal Gateway decision: {pathway}"),
        vec![Field::new(
            "Decided on",
            String::new(),
            format!("{}: the day of the decision", dates.code()),
        )],
        PlanForm::Gateway {
            pathway: pathway.clone(),
        },
        intro,
    )
}

/// Turns a plan dialog into the work it asks for, or names the field
/// that is wrong and why.
pub fn submit(
    form: &Form,
    purpose: &PlanForm,
    child: ChildId,
    today: NaiveDate,
    dates: DateStyle,
) -> Result<Effect, (usize, String)> {
    let date = |index: usize| -> Result<Option<NaiveDate>, (usize, String)> {
        match form.value(index) {
            "" => Ok(None),
            text => parse_day(text, today)
                .map(Some)
                .map_err(|e| (index, e.to_string())),
        }
    };
    let needed = |index: usize| (index, format!("{} is needed", form.fields[index].label));
    let pending = |work: PlanWork| {
        Ok(Effect::PreviewPlan(Box::new(PlanPending {
            child,
            work,
            moved: 0,
        })))
    };
    match purpose {
        PlanForm::Start => {
            let pathway = form.value(0);
            if pathway.is_empty() {
                return Err(needed(0));
            }
            let role = PlanRole::parse(form.value(1)).ok_or((1, "primary or contingency".to_string()))?;
            let stage = match form.value(3) {
                "" => None,
                text => Some(
                    Stage::parse(text)
                        .ok_or((3, "pre-proceedings, proceedings or looked-after".to_string()))?,
                ),
            };
            pending(PlanWork::Change(PlanChange::Start {
                pathway: pathway.to_string(),
                role,
                start: date(2)?,
                stage,
            }))
        }
        PlanForm::MakePrimary { pathway } => {
            let old = match form.value(0) {
                "keep" | "" => OldPrimary::Contingency,
                "close" => OldPrimary::Close {
                    on: date(1)?.ok_or_else(|| needed(1))?,
                },
                _ => return Err((0, "keep or close".to_string())),
            };
            pending(PlanWork::Change(PlanChange::MakePrimary {
                pathway: pathway.clone(),
                old,
            }))
        }
        PlanForm::Close { pathway } => {
            let ending = PlanEnding::parse(form.value(0))
                .ok_or((0, "order-made, plan-changed or ceased".to_string()))?;
            let contingencies = match form.fields.get(2).map(|_| form.value(2)) {
                None | Some("keep" | "") => false,
                Some("close") => true,
                Some(_) => return Err((2, "keep or close".to_string())),
            };
            pending(PlanWork::Change(PlanChange::Close {
                pathway: pathway.clone(),
                ending,
                on: date(1)?.ok_or_else(|| needed(1))?,
                contingencies,
            }))
        }
        PlanForm::Gateway { pathway } => pending(PlanWork::Change(PlanChange::Gateway {
            pathway: pathway.clone(),
            on: date(0)?.ok_or_else(|| needed(0))?,
        })),
        PlanForm::CatchUp { picks } => {
            let rows = picks.len().min(super::catch_up::ROWS);
            // A reason typed in the last field marks them all not needed
            // instead: the dates are not asked for.
            let reason = form.value(rows + 1).trim();
            if !reason.is_empty() {
                return pending(PlanWork::NotNeeded {
                    picks: picks.iter().map(NotNeededPick::from).collect(),
                    reason: reason.to_string(),
                });
            }
            let days = (0..rows).map(date).collect::<Result<Vec<_>, _>>()?;
            let picks = super::catch_up::dated(picks, &days, date(rows)?, today, dates)?;
            pending(PlanWork::CatchUp(picks))
        }
        PlanForm::NotNeeded { pick } => {
            let reason = form.value(0).trim();
            if reason.is_empty() {
                return Err((
                    0,
                    "A reason is needed: say why the plan will not do it".to_string(),
                ));
            }
            pending(PlanWork::NotNeeded {
                picks: vec![pick.clone()],
                reason: reason.to_string(),
            })
        }
        PlanForm::TakeBack { pick } => {
            let reason = form.value(0).trim();
            if reason.is_empty() {
                return Err((
                    0,
                    "A reason is needed: say why it is needed after all".to_string(),
                ));
            }
            pending(PlanWork::TakeBack {
                pick: pick.clone(),
                reason: reason.to_string(),
            })
        }
        PlanForm::Confirm(pending) => Ok(Effect::SavePlan(pending.clone())),
    }
}

/// The "Before saving" dialog: what the work does and the lines that
/// say what moves (the first few; the rest counted).
pub fn confirm_form(mut pending: PlanPending, says: Option<String>, lines: Vec<String>) -> Form {
    /// Enough to read in a dialog at 80x24 (a plan's moves name their
    /// plan, so each takes two or three lines); the rest are counted.
    const MOST: usize = 4;
    pending.moved = lines.len();
    let mut intro = Vec::new();
    let mut listed = None;
    if let Some(says) = says {
        intro.push(says);
        intro.push(String::new());
    }
    if lines.is_empty() {
        intro.push("No date moves.".to_string());
    } else {
        intro.push("Dates that will move:".to_string());
        listed = Some(crate::modal::Listed {
            first: intro.len(),
            shown: lines.len().min(MOST),
            more: lines.len().saturating_sub(MOST),
        });
        intro.extend(lines.iter().take(MOST).map(|m| format!("\u{2022} {m}")));
        if lines.len() > MOST {
            intro.push(format!("\u{2026} and {} more", lines.len() - MOST));
        }
    }
    let mut form = Form::new(
        "Before saving",
        Vec::new(),
        FormPurpose::Plan(PlanForm::Confirm(Box::new(pending))),
    )
    .with_intro(intro);
    form.listed = listed;
    form.draft_checked = true;
    form
}

impl super::ChildView {
    /// The plan under the cursor, else the primary, else the first.
    fn plan_here(&self) -> Option<&crate::domain::plan::Plan> {
        let here = self.selected_item().map(|(p, _)| &self.timeline.plans[p].plan);
        let primary = self
            .timeline
            .plans
            .iter()
            .find(|p| p.plan.role == PlanRole::Primary && active(p));
        here.or(primary.map(|p| &p.plan))
            .or(self.timeline.plans.iter().find(|p| active(p)).map(|p| &p.plan))
    }

    /// `s`, `P`, `X`, `L`, Space, `M` and `N` on the Timeline tab: the dialog to
    /// open, or what to say where the key does nothing here.
    pub(crate) fn plan_key(
        &mut self,
        action: crate::action::Action,
        today: NaiveDate,
        dates: DateStyle,
        pathways: &[String],
    ) -> Result<Option<Modal>, String> {
        use crate::action::Action;
        match action {
            Action::StartPlan => Ok(Some(start_form(&self.timeline, pathways))),
            Action::MakePrimary => {
                let contingency = |p: &&crate::domain::timeline::PlanTimeline| {
                    p.plan.role == PlanRole::Contingency && active(p)
                };
                let here = self.plan_here().filter(|p| p.role == PlanRole::Contingency);
                let chosen = here
                    .map(|p| p.pathway.clone())
                    .or_else(|| {
                        self.timeline
                            .plans
                            .iter()
                            .find(contingency)
                            .map(|p| p.plan.pathway.clone())
                    })
                    .ok_or("This child has no contingency plan to make primary; s starts one")?;
                let old = self
                    .timeline
                    .plans
                    .iter()
                    .find(|p| p.plan.role == PlanRole::Primary && active(p))
                    .map(|p| p.plan.pathway.as_str());
                Ok(Some(primary_form(&chosen, old, today, dates)))
            }
            Action::ClosePlan => {
                let plan = self.plan_here().ok_or("This child has no plan to close")?;
                let order = self
                    .detail
                    .legal_since
                    .filter(|on| *on >= plan.start)
                    .map(|on| (self.detail.fields.legal_status, on));
                let contingencies = if plan.role == PlanRole::Primary {
                    self.timeline
                        .plans
                        .iter()
                        .filter(|p| active(p) && p.plan.id != plan.id)
                        .map(|p| p.plan.pathway.as_str())
                        .collect()
                } else {
                    Vec::new()
                };
                let closing = Closing {
                    pathway: &plan.pathway,
                    order,
                    contingencies,
                };
                Ok(Some(close_form(&closing, today, dates)))
            }
            Action::PlanGateway => {
                let plan = self
                    .plan_here()
                    .ok_or("This child has no plan to count from a Legal Gateway decision; s starts one")?;
                Ok(Some(gateway_form(plan, dates)))
            }
            Action::SelectItem => match self.toggle_pick(dates) {
                Some(why) => Err(why),
                None => Ok(None),
            },
            Action::MarkSelectedDone => super::catch_up::catch_up_form(self, today, dates).map(Some),
            Action::NotNeeded => super::catch_up::not_needed_form(self).map(Some),
            _ => Ok(None),
        }
    }
}
