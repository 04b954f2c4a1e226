//! What the caseload's keys do: moving through the list, searching it,
//! narrowing and sorting it, and what opens from it (a child, the
//! dashboard, what next, a meeting); and what the sort, filter and
//! tracker pickers it opens do once one is chosen.

use super::Caseload;
use crate::action::Action;
use crate::app::{Effect, capitalise};
use crate::component::{Ctx, Handled};
use crate::domain::caseload_view::{CaseloadView, Filter, Scope, SortKey};
use crate::modal::{Modal, Picker, PickerPurpose};

impl Caseload {
    /// The caseload's keys, and the keys that move from child to child,
    /// which the child's screens share.
    pub fn apply(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Handled {
        let page = self.page_height().max(1);
        match action {
            Action::MoveDown => self.select(self.selected.saturating_add(1)),
            Action::MoveUp => self.select(self.selected.saturating_sub(1)),
            // A page turns the view with the selection, keeping its place
            // on screen, as a pager does; the next row down then redraws
            // two rows, not the whole list (what a slow link notices).
            Action::PageDown => {
                self.offset = self.offset.saturating_add(page);
                self.select(self.selected.saturating_add(page));
            }
            Action::PageUp => {
                self.offset = self.offset.saturating_sub(page);
                self.select(self.selected.saturating_sub(page));
            }
            Action::First => self.select(0),
            Action::Last => self.select(usize::MAX),
            Action::StartSearch => {
                if self.query.is_empty() {
                    self.before_search = self.selected_row().map(|r| r.id);
                }
                self.searching = true;
            }
            Action::ClearSearch => {
                if self.searching || !self.query.is_empty() {
                    self.searching = false;
                    self.query.clear();
                    let back_to = self.before_search.take().or(self.selected_row().map(|r| r.id));
                    self.refilter(back_to);
                }
            }
            Action::DeleteSearchChar | Action::DeleteChar => {
                self.query.pop();
                self.refilter(None);
            }
            Action::Open => {
                self.searching = false;
                // Having opened a child, the user stays with them when the
                // search is cleared, rather than jumping back.
                self.before_search = None;
                return Handled::Consumed(match self.selected_row() {
                    Some(row) => Some(Effect::LoadChild(row.id)),
                    None => {
                        *ctx.message = Some("No child is selected".to_string());
                        None
                    }
                });
            }
            Action::NextChild | Action::PreviousChild => {
                let before = self.selected;
                if action == Action::NextChild {
                    self.select(self.selected.saturating_add(1));
                } else {
                    self.select(self.selected.saturating_sub(1));
                }
                if self.selected == before {
                    *ctx.message = Some(if action == Action::NextChild {
                        "This is the last child in the list".to_string()
                    } else {
                        "This is the first child in the list".to_string()
                    });
                    return Handled::Consumed(None);
                }
                return Handled::Consumed(self.selected_row().map(|r| Effect::LoadChild(r.id)));
            }
            Action::AddChild => return Handled::Consumed(Some(Effect::OpenRecordForm { child: None })),
            Action::Dashboard => {
                return Handled::Consumed(Some(Effect::ShowDashboard {
                    children: self.visible_ids(),
                    covers: self.view.describe(),
                }));
            }
            Action::WhatNext => {
                return Handled::Consumed(Some(Effect::ShowWhatNext {
                    children: self.visible_ids(),
                    covers: self.view.describe(),
                }));
            }
            Action::ViewMine | Action::ViewTeam | Action::ViewEveryone => {
                let scope = match action {
                    Action::ViewMine => Scope::Mine,
                    Action::ViewTeam => Scope::MyTeam,
                    _ => Scope::Everyone,
                };
                let view = CaseloadView {
                    scope,
                    ..self.view.clone()
                };
                self.set_view(view, ctx.message);
            }
            Action::ClearFilters => {
                let view = CaseloadView {
                    scope: self.view.scope,
                    ..CaseloadView::default()
                };
                self.set_view(view, ctx.message);
            }
            Action::SortBy => {
                let selected = self
                    .view
                    .sort
                    .and_then(|(k, _)| SortKey::ALL.iter().position(|s| *s == k))
                    .unwrap_or(0);
                ctx.dialog = Some(Modal::Picker(Picker {
                    title: "Sort by (the same again reverses)".into(),
                    options: SortKey::ALL
                        .iter()
                        .enumerate()
                        .map(|(i, k)| (capitalise(k.label()), i.to_string()))
                        .collect(),
                    selected,
                    purpose: PickerPurpose::Sort,
                }));
            }
            Action::AddFilter => {
                ctx.dialog = Some(Modal::Picker(Picker {
                    title: "Show only children with".into(),
                    options: self.filter_options(),
                    selected: 0,
                    purpose: PickerPurpose::CaseloadFilter,
                }));
            }
            Action::FormQueue => return Handled::Consumed(Some(Effect::ShowQueue)),
            Action::StartMeeting => {
                if ctx.session.read_only {
                    *ctx.message = Some("Read-only: this database cannot be changed from here".into());
                    return Handled::Consumed(None);
                }
                ctx.dialog = Some(Modal::Picker(Picker {
                    title: "Hold a tracker meeting".into(),
                    options: crate::domain::cohort::Tracker::ALL
                        .iter()
                        .map(|t| (t.title().to_string(), t.code().to_string()))
                        .collect(),
                    selected: 0,
                    purpose: PickerPurpose::Tracker,
                }));
            }
            _ => return Handled::Ignored,
        }
        Handled::Consumed(None)
    }

    /// What one of the caseload's pickers does with the option chosen
    /// (its code): a tracker starts a meeting, a sort key sorts (the same
    /// again reverses), a filter narrows the list.
    pub fn choose(
        &mut self,
        purpose: &PickerPurpose,
        chosen: &str,
        message: &mut Option<String>,
    ) -> Option<Effect> {
        match purpose {
            PickerPurpose::Tracker => {
                return crate::domain::cohort::Tracker::parse(chosen).map(|tracker| Effect::StartMeeting {
                    tracker,
                    children: self.scope_ids(),
                    whose: self.view.scope.label().to_string(),
                });
            }
            PickerPurpose::Sort => {
                if let Some(key) = chosen.parse::<usize>().ok().and_then(|i| SortKey::ALL.get(i)) {
                    let descending = self.view.sort == Some((*key, false));
                    let view = CaseloadView {
                        sort: Some((*key, descending)),
                        ..self.view.clone()
                    };
                    self.set_view(view, message);
                }
            }
            PickerPurpose::FormQueue => {
                let (child, form) = chosen.split_once(':')?;
                return Some(Effect::OpenChildForms {
                    child: crate::domain::child::ChildId(child.parse().ok()?),
                    form: form.parse().ok()?,
                });
            }
            PickerPurpose::CaseloadFilter => {
                if let Some(filter) = parse_filter(chosen)
                    && !self.view.filters.contains(&filter)
                {
                    let mut view = self.view.clone();
                    view.filters.push(filter);
                    self.set_view(view, message);
                }
            }
            _ => {}
        }
        None
    }

    /// The filters that would narrow the caseload, from what it holds.
    fn filter_options(&self) -> Vec<(String, String)> {
        use std::collections::BTreeSet;
        let mut options = vec![("Has overdue items".to_string(), "overdue".to_string())];
        for rag in ["red", "amber", "yellow", "green"] {
            options.push((format!("RAG (team's): {rag}"), format!("rag:{rag}")));
        }
        options.push(("RAG (team's): not set".to_string(), "rag:none".to_string()));
        for rag in ["red", "amber", "green"] {
            options.push((format!("RAG (computed): {rag}"), format!("calc:{rag}")));
        }
        let statuses: BTreeSet<_> = self.rows.iter().map(|r| r.legal_status).collect();
        for s in statuses {
            options.push((
                format!("Legal status: {}", s.short()),
                format!("legal:{}", s.code()),
            ));
        }
        for stage in crate::domain::plan::Stage::ALL {
            options.push((
                format!("Stage: {}", stage.code()),
                format!("stage:{}", stage.code()),
            ));
        }
        for p in &self.pathways {
            options.push((format!("Plan: {p}"), format!("pathway:{p}")));
        }
        let teams: BTreeSet<_> = self.rows.iter().filter_map(|r| r.team.clone()).collect();
        for t in teams {
            options.push((format!("Team: {t}"), format!("team:{t}")));
        }
        let workers: BTreeSet<_> = self.rows.iter().filter_map(|r| r.worker.clone()).collect();
        for w in workers {
            options.push((format!("Worker: {w}"), format!("worker:{w}")));
        }
        options
    }
}

/// A filter as the filter picker codes it (`rag:red`, `team:North`).
fn parse_filter(code: &str) -> Option<Filter> {
    use crate::domain::child::{LegalStatus, Rag};
    if code == "overdue" {
        return Some(Filter::HasOverdue);
    }
    let (kind, value) = code.split_once(':')?;
    Some(match kind {
        "rag" if value == "none" => Filter::Rag(None),
        "rag" => Filter::Rag(Some(Rag::parse(value)?)),
        "calc" => Filter::ComputedRag(Rag::parse(value)?),
        "legal" => Filter::LegalStatus(LegalStatus::parse(value)?),
        "pathway" => Filter::Pathway(value.to_string()),
        "stage" => Filter::Stage(crate::domain::plan::Stage::parse(value)?),
        "team" => Filter::Team(value.to_string()),
        "worker" => Filter::Worker(value.to_string()),
        _ => return None,
    })
}
