//! Which children the caseload shows and in what order: whose (mine, my
//! team's, everyone's), narrowed by filters (worker, team, legal status,
//! pathway, RAG as the team set it or as computed, overdue items), sorted
//! by any column. Pure: the rows and their timeline summaries come in.

use crate::caseload::CaseloadRow;
use crate::child::{LegalStatus, Rag};
use crate::timeline::Summary;
use chrono::NaiveDate;
use std::cmp::Ordering;

/// Whose children.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    Everyone,
    Mine,
    MyTeam,
}

impl Scope {
    pub fn label(self) -> &'static str {
        match self {
            Scope::Everyone => "all children",
            Scope::Mine => "my caseload",
            Scope::MyTeam => "my team",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    Worker(String),
    Team(String),
    LegalStatus(LegalStatus),
    Pathway(String),
    /// The primary plan's stage: pre-proceedings, proceedings, looked after.
    Stage(crate::plan::Stage),
    /// The RAG the team set; `None` for children not yet rated.
    Rag(Option<Rag>),
    /// The timeline's own RAG.
    ComputedRag(Rag),
    HasOverdue,
}

impl Filter {
    pub fn label(&self) -> String {
        match self {
            Filter::Worker(w) => format!("worker {w}"),
            Filter::Team(t) => format!("team {t}"),
            Filter::LegalStatus(s) => format!("legal status {}", s.short()),
            Filter::Pathway(p) => format!("pathway {p}"),
            Filter::Stage(s) => format!("stage {}", s.code()),
            Filter::Rag(Some(r)) => format!("RAG {}", r.word()),
            Filter::Rag(None) => "no RAG set".to_string(),
            Filter::ComputedRag(r) => format!("computed RAG {}", r.word()),
            Filter::HasOverdue => "has overdue items".to_string(),
        }
    }

    /// Whether the filter needs the timeline summaries of every child.
    pub fn needs_summaries(&self) -> bool {
        matches!(
            self,
            Filter::Pathway(_) | Filter::Stage(_) | Filter::ComputedRag(_) | Filter::HasOverdue
        )
    }

    fn keeps(&self, row: &CaseloadRow, summary: Option<&Summary>) -> bool {
        match self {
            Filter::Worker(w) => row.worker.as_deref() == Some(w.as_str()),
            Filter::Team(t) => row.team.as_deref() == Some(t.as_str()),
            Filter::LegalStatus(s) => row.legal_status == *s,
            Filter::Pathway(p) => summary.and_then(|s| s.pathway.as_deref()) == Some(p.as_str()),
            Filter::Stage(stage) => summary.and_then(|s| s.stage) == Some(*stage),
            Filter::Rag(r) => row.rag == *r,
            Filter::ComputedRag(r) => summary.and_then(|s| s.rag) == Some(*r),
            Filter::HasOverdue => summary.is_some_and(|s| s.overdue > 0),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Reference,
    Name,
    Age,
    LegalStatus,
    Plan,
    NextDue,
    Late,
    Worker,
    Team,
    Rag,
    ComputedRag,
}

impl SortKey {
    pub const ALL: [SortKey; 11] = [
        SortKey::Name,
        SortKey::Reference,
        SortKey::Age,
        SortKey::LegalStatus,
        SortKey::Plan,
        SortKey::NextDue,
        SortKey::Late,
        SortKey::Worker,
        SortKey::Team,
        SortKey::Rag,
        SortKey::ComputedRag,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Reference => "reference",
            SortKey::Name => "name",
            SortKey::Age => "age",
            SortKey::LegalStatus => "legal status",
            SortKey::Plan => "plan",
            SortKey::NextDue => "next due",
            SortKey::Late => "late items",
            SortKey::Worker => "worker",
            SortKey::Team => "team",
            SortKey::Rag => "RAG",
            SortKey::ComputedRag => "computed RAG",
        }
    }

    pub fn needs_summaries(self) -> bool {
        matches!(
            self,
            SortKey::Plan | SortKey::NextDue | SortKey::Late | SortKey::ComputedRag
        )
    }
}

/// The user's own facts, for "mine" and "my team".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Me {
    /// As the caseload shows workers: their display name.
    pub name: Option<String>,
    pub team: Option<String>,
}

/// The view the app opens on when the user's settings choose none, and,
/// when it is not their own caseload, the words saying why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    pub scope: Scope,
    pub why: Option<String>,
}

/// Where a user starts: their own caseload if any child is allocated to
/// them; otherwise, for a manager (`manager`) whose team has children,
/// their team; otherwise everyone. Someone who is not a worker here (the
/// app being set up) simply sees everyone, without a word: there is no
/// "mine" to miss.
pub fn opening(me: &Me, manager: bool, rows: &[CaseloadRow]) -> Opening {
    let has = |keep: &dyn Fn(&CaseloadRow) -> bool| rows.iter().any(keep);
    let own = me
        .name
        .as_deref()
        .is_some_and(|name| has(&|r| r.worker.as_deref() == Some(name)));
    let team = me
        .team
        .as_deref()
        .is_some_and(|team| has(&|r| r.team.as_deref() == Some(team)));
    opening_given(me, manager, own, team)
}

/// As [`opening`], told whether any child is allocated to the user
/// (`own`) and whether any is in their team (`team`), rather than finding
/// out from every row: so the app can open before the whole caseload is
/// read.
pub fn opening_given(me: &Me, manager: bool, own: bool, team_has_children: bool) -> Opening {
    if me.name.is_none() {
        return Opening {
            scope: Scope::Everyone,
            why: None,
        };
    }
    if own {
        return Opening {
            scope: Scope::Mine,
            why: None,
        };
    }
    let team = me.team.as_deref();
    if manager && team.is_some() && team_has_children {
        return Opening {
            scope: Scope::MyTeam,
            why: Some("You have no caseload of your own; showing your team".to_string()),
        };
    }
    let why = if manager && team.is_some() {
        "You have no caseload of your own and your team has no children; showing everyone"
    } else {
        "You have no caseload of your own; showing everyone"
    };
    Opening {
        scope: Scope::Everyone,
        why: Some(why.to_string()),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseloadView {
    pub scope: Scope,
    pub filters: Vec<Filter>,
    /// The column and whether it runs high to low (most urgent first for
    /// RAG and late items).
    pub sort: Option<(SortKey, bool)>,
}

/// Red first: the order a manager reads RAG in.
fn rag_rank(rag: Option<Rag>) -> u8 {
    match rag {
        Some(Rag::Red) => 0,
        Some(Rag::Amber) => 1,
        Some(Rag::Yellow) => 2,
        Some(Rag::Green) => 3,
        None => 4,
    }
}

impl CaseloadView {
    pub fn needs_summaries(&self) -> bool {
        self.filters.iter().any(Filter::needs_summaries)
            || self.sort.is_some_and(|(k, _)| k.needs_summaries())
    }

    /// How the header describes it: "my team · legal status CO · sorted by RAG".
    pub fn describe(&self) -> String {
        let mut parts = vec![self.scope.label().to_string()];
        parts.extend(self.filters.iter().map(Filter::label));
        if let Some((key, descending)) = self.sort {
            parts.push(format!(
                "by {}{}",
                key.label(),
                if descending { " (reversed)" } else { "" }
            ));
        }
        parts.join(" · ")
    }

    pub fn keeps(&self, row: &CaseloadRow, summary: Option<&Summary>, me: &Me) -> bool {
        let in_scope = match self.scope {
            Scope::Everyone => true,
            Scope::Mine => me.name.is_some() && row.worker == me.name,
            Scope::MyTeam => me.team.is_some() && row.team == me.team,
        };
        in_scope && self.filters.iter().all(|f| f.keeps(row, summary))
    }

    /// Orders two rows by the chosen column (ties by name), or leaves the
    /// list's own order.
    pub fn compare(
        &self,
        a: (&CaseloadRow, Option<&Summary>),
        b: (&CaseloadRow, Option<&Summary>),
    ) -> Ordering {
        let Some((key, descending)) = self.sort else {
            return Ordering::Equal;
        };
        let ((ra, sa), (rb, sb)) = (a, b);
        let by = match key {
            SortKey::Reference => ra.reference.cmp(&rb.reference),
            SortKey::Name => (&ra.family_name, &ra.given_name).cmp(&(&rb.family_name, &rb.given_name)),
            // Youngest first; unknown dates of birth last.
            SortKey::Age => rb
                .date_of_birth
                .unwrap_or(NaiveDate::MIN)
                .cmp(&ra.date_of_birth.unwrap_or(NaiveDate::MIN)),
            SortKey::LegalStatus => ra.legal_status.cmp(&rb.legal_status),
            SortKey::Plan => {
                let plan =
                    |s: Option<&Summary>| s.and_then(|s| s.pathway.clone()).unwrap_or_else(|| "~".into());
                plan(sa).cmp(&plan(sb))
            }
            SortKey::NextDue => {
                let due = |s: Option<&Summary>| {
                    s.and_then(|s| s.next.as_ref().map(|n| n.1))
                        .unwrap_or(NaiveDate::MAX)
                };
                due(sa).cmp(&due(sb))
            }
            // Most late first.
            SortKey::Late => {
                let late = |s: Option<&Summary>| s.map_or(0, |s| s.breached * 1000 + s.overdue);
                late(sb).cmp(&late(sa))
            }
            SortKey::Worker => ra
                .worker
                .as_deref()
                .unwrap_or("~")
                .cmp(rb.worker.as_deref().unwrap_or("~")),
            SortKey::Team => ra
                .team
                .as_deref()
                .unwrap_or("~")
                .cmp(rb.team.as_deref().unwrap_or("~")),
            SortKey::Rag => rag_rank(ra.rag).cmp(&rag_rank(rb.rag)),
            SortKey::ComputedRag => rag_rank(sa.and_then(|s| s.rag)).cmp(&rag_rank(sb.and_then(|s| s.rag))),
        };
        let by = if descending { by.reverse() } else { by };
        by.then_with(|| (&ra.family_name, &ra.given_name).cmp(&(&rb.family_name, &rb.given_name)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::child::ChildId;

    fn row(id: i64, family: &str, worker: &str, team: &str, rag: Option<Rag>) -> CaseloadRow {
        CaseloadRow {
            id: ChildId(id),
            reference: format!("C{id}"),
            given_name: "A".into(),
            family_name: family.into(),
            date_of_birth: None,
            legal_status: LegalStatus::Co,
            placement_type: None,
            worker: Some(worker.into()),
            team: Some(team.into()),
            rag,
        }
    }

    fn summary(overdue: usize, rag: Option<Rag>) -> Summary {
        Summary {
            pathway: Some("adoption".into()),
            week: Some(3),
            stage: None,
            next: None,
            overdue,
            breached: 0,
            rag,
        }
    }

    #[test]
    fn mine_and_my_team_follow_the_user() {
        let me = Me {
            name: Some("Sam Worker".into()),
            team: Some("North".into()),
        };
        let mine = row(1, "A", "Sam Worker", "North", None);
        let teammate = row(2, "B", "Pat Other", "North", None);
        let elsewhere = row(3, "C", "Lee Far", "South", None);
        let view = |scope| CaseloadView {
            scope,
            ..CaseloadView::default()
        };
        let kept = |v: &CaseloadView| {
            [&mine, &teammate, &elsewhere]
                .iter()
                .filter(|r| v.keeps(r, None, &me))
                .count()
        };
        assert_eq!(kept(&view(Scope::Mine)), 1);
        assert_eq!(kept(&view(Scope::MyTeam)), 2);
        assert_eq!(kept(&view(Scope::Everyone)), 3);
        // Someone who is not a worker has no caseload of their own.
        assert!(!view(Scope::Mine).keeps(&mine, None, &Me::default()));
    }

    #[test]
    fn the_app_opens_on_my_caseload_then_my_team_then_everyone() {
        let me = Me {
            name: Some("Sam Worker".into()),
            team: Some("North".into()),
        };
        let mine = row(1, "A", "Sam Worker", "North", None);
        let teammate = row(2, "B", "Pat Other", "North", None);
        let elsewhere = row(3, "C", "Lee Far", "South", None);
        let all = [mine.clone(), teammate.clone(), elsewhere.clone()];
        // A caseload of one's own wins, manager or not.
        for manager in [false, true] {
            let o = opening(&me, manager, &all);
            assert_eq!((o.scope, o.why), (Scope::Mine, None));
        }
        // A manager with no children of their own sees their team, and is told why.
        let others = [teammate.clone(), elsewhere.clone()];
        let o = opening(&me, true, &others);
        assert_eq!(o.scope, Scope::MyTeam);
        assert_eq!(
            o.why.as_deref(),
            Some("You have no caseload of your own; showing your team")
        );
        // A worker who manages no one sees everyone, and is told why.
        let o = opening(&me, false, &others);
        assert_eq!(o.scope, Scope::Everyone);
        assert_eq!(
            o.why.as_deref(),
            Some("You have no caseload of your own; showing everyone")
        );
        // A manager whose team has no children either sees everyone.
        let o = opening(&me, true, std::slice::from_ref(&elsewhere));
        assert_eq!(o.scope, Scope::Everyone);
        assert!(o.why.is_some_and(|w| w.contains("your team has no children")));
        // A manager with no team cannot be shown one.
        let teamless = Me {
            team: None,
            ..me.clone()
        };
        assert_eq!(opening(&teamless, true, &others).scope, Scope::Everyone);
        // Nobody is a worker yet (the app being set up): everyone, no word.
        let o = opening(&Me::default(), true, &all);
        assert_eq!((o.scope, o.why), (Scope::Everyone, None));
    }

    #[test]
    fn filters_all_apply_and_the_header_says_so() {
        let view = CaseloadView {
            scope: Scope::MyTeam,
            filters: vec![Filter::Rag(Some(Rag::Red)), Filter::HasOverdue],
            sort: Some((SortKey::Late, false)),
        };
        let me = Me {
            name: None,
            team: Some("North".into()),
        };
        let red = row(1, "A", "W", "North", Some(Rag::Red));
        assert!(view.keeps(&red, Some(&summary(2, None)), &me));
        assert!(!view.keeps(&red, Some(&summary(0, None)), &me), "nothing overdue");
        assert!(!view.keeps(&red, None, &me), "no plan, nothing overdue");
        assert_eq!(
            view.describe(),
            "my team · RAG red · has overdue items · by late items"
        );
        assert!(view.needs_summaries());
    }

    #[test]
    fn sorting_puts_red_and_most_late_first_and_ties_go_by_name() {
        let rows = [
            row(1, "Brown", "W", "T", Some(Rag::Green)),
            row(2, "Adams", "W", "T", Some(Rag::Red)),
            row(3, "Clark", "W", "T", None),
            row(4, "Ahmed", "W", "T", Some(Rag::Red)),
        ];
        let order = |sort| {
            let view = CaseloadView {
                sort: Some(sort),
                ..CaseloadView::default()
            };
            let mut sorted: Vec<&CaseloadRow> = rows.iter().collect();
            sorted.sort_by(|a, b| view.compare((a, None), (b, None)));
            sorted.iter().map(|r| r.family_name.as_str()).collect::<Vec<_>>()
        };
        assert_eq!(order((SortKey::Rag, false)), ["Adams", "Ahmed", "Brown", "Clark"]);
        assert_eq!(order((SortKey::Name, true)), ["Clark", "Brown", "Ahmed", "Adams"]);
    }
}
