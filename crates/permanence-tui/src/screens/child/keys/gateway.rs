//! Keys on the child's Gateway tab: moving through the papers the panel
//! needs, ticking one (with its date) or taking the tick off, a paper's
//! details, the panel's date and whether it is pre-proceedings.

use super::refused;
use crate::action::Action;
use crate::app::{Effect, date_hint};
use crate::component::{Ctx, Handled};
use crate::domain::date::DateStyle;
use crate::domain::gateway::Paper;
use crate::modal::{Field, Form, FormPurpose, Modal};
use crate::screens::child::ChildView;

impl ChildView {
    /// Keys on the Gateway tab.
    pub(super) fn apply_to_gateway(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Handled {
        let dates = ctx.dates;
        let refusal = refused(self, ctx);
        let view = self;
        let child = view.detail.id;
        let changes = matches!(
            action,
            Action::TickPaper | Action::SetPanel | Action::TogglePreProceedings
        );
        if changes && let Some(refusal) = refusal {
            *ctx.message = Some(refusal);
            return Handled::Consumed(None);
        }
        let gateway = match (&view.papers.gateway, action) {
            (Ok(gateway), _) => gateway.clone(),
            (Err(reason), _) if changes || action == Action::Details => {
                *ctx.message = Some(reason.clone());
                return Handled::Consumed(None);
            }
            // Nothing to move through: the keys do nothing, rather than
            // move the caseload beneath.
            (Err(_), Action::MoveDown | Action::MoveUp | Action::First | Action::Last) => {
                return Handled::Consumed(None);
            }
            (Err(_), _) => return Handled::Ignored,
        };
        let papers = gateway.papers();
        let last = papers.len().saturating_sub(1);
        let selected = papers.get(view.gateway.cursor.min(last)).copied();
        match action {
            Action::MoveDown => view.gateway.cursor = (view.gateway.cursor + 1).min(last),
            Action::MoveUp => view.gateway.cursor = view.gateway.cursor.saturating_sub(1),
            Action::First => view.gateway.cursor = 0,
            Action::Last => view.gateway.cursor = last,
            Action::TickPaper => match selected {
                None => *ctx.message = Some("There is no paper here".into()),
                Some(paper) if gateway.checklist.ticked(paper) => {
                    return Handled::Consumed(Some(Effect::UntickPaper { child, paper }));
                }
                Some(paper) => {
                    ctx.dialog = Some(Modal::Form(Form::new(
                        format!("Ticked: {}", paper.label()),
                        vec![Field::new(
                            "Dated",
                            String::new(),
                            format!("the document's date ({}), or blank", dates.code()),
                        )],
                        FormPurpose::TickPaper { paper },
                    )));
                }
            },
            Action::SetPanel => {
                let current = gateway.readiness.as_ref();
                ctx.dialog = Some(Modal::Form(Form::new(
                    "The Legal Gateway panel",
                    vec![Field::new(
                        "Panel on",
                        current.map(|r| dates.show(r.panel_date)).unwrap_or_default(),
                        date_hint(dates, "+2w"),
                    )],
                    FormPurpose::GatewayPanel {
                        pre_proceedings: current.is_some_and(|r| r.pre_proceedings),
                    },
                )));
            }
            Action::TogglePreProceedings => match &gateway.readiness {
                None => {
                    *ctx.message = Some(
                        "Set the panel's date first (P): a referral into pre-proceedings goes to a panel"
                            .into(),
                    );
                }
                Some(readiness) => {
                    return Handled::Consumed(Some(Effect::SetGatewayPanel {
                        child,
                        on: readiness.panel_date,
                        pre_proceedings: !readiness.pre_proceedings,
                    }));
                }
            },
            Action::Details => match selected {
                None => *ctx.message = Some("There is no paper here".into()),
                Some(paper) => {
                    ctx.dialog = Some(Modal::Info {
                        title: paper.label().to_string(),
                        lines: paper_lines(&gateway, paper, dates),
                    });
                }
            },
            _ => return Handled::Ignored,
        }
        Handled::Consumed(None)
    }
}

/// Everything about a Gateway paper, as lines to read.
fn paper_lines(
    gateway: &crate::screens::child::papers::Gateway,
    paper: Paper,
    dates: DateStyle,
) -> Vec<String> {
    let checklist = &gateway.checklist;
    let needed = checklist.required().contains(&paper);
    let mut lines = vec![
        format!(
            "Needed: {}",
            match (needed, checklist.pre_proceedings) {
                (true, _) => "yes",
                (false, false) => "only for a referral into pre-proceedings",
                (false, true) => "no",
            }
        ),
        format!(
            "Ticked: {}",
            match (checklist.ticked(paper), checklist.dated(paper)) {
                (true, Some(on)) => format!("yes, the document is dated {}", dates.show(on)),
                (true, None) => "yes, with no document date".to_string(),
                (false, _) => "no".to_string(),
            }
        ),
    ];
    if checklist.pre_proceedings
        && let Some(note) = paper.pre_proceedings_note()
    {
        lines.push(format!("For pre-proceedings: {note}"));
    }
    lines.push(format!(
        "Code: {} (for `permanence gateway REF --tick`)",
        paper.code()
    ));
    lines
}
