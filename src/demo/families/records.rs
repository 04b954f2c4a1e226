//! The demo's Family Group Conferences and Family Network meetings,
//! written chronology entries and Legal Gateway papers: what a team's
//! record holds about a child besides the network, drawn from short
//! lists and dated before today (a panel, a little after).

use super::super::Rng;
use super::days_before;
use crate::domain::calendar::Calendar;
use crate::domain::child::{ChildFields, ChildId};
use crate::domain::chronology::{Kind, written_key};
use crate::domain::family::PersonId;
use crate::domain::family_meeting::{FamilyMeetingKind, NewFamilyMeeting, NewOutcome};
use crate::domain::gateway::{Paper, required};
use crate::domain::plan::Stage as PlanStage;
use crate::store::{GatewayPanelRow, StoreError, Writer, WrittenEntryFields};
use chrono::{Days, NaiveDate};

const OUTCOMES: &[&str] = &[
    "Viability assessment of the aunt and her partner",
    "Grandparents to offer respite one weekend a month",
    "Family time with father to increase to weekly if attended consistently",
    "Mother to attend the parenting programme",
    "Safety plan agreed with the family; social worker to share it with school",
    "Paternal family to be contacted about support",
    "Life story work to begin with the children",
    "Review the family plan at a second meeting",
];

/// A Family Group Conference or Family Network meeting, held before
/// today, with two or three outcomes.
pub(super) fn meeting(
    w: &mut Writer<'_>,
    rng: &mut Rng,
    ids: &[ChildId],
    today: NaiveDate,
    father: bool,
    grandparents: &[(bool, PersonId, PersonId)],
    aunt: bool,
) -> Result<(), StoreError> {
    let kind = if rng.chance(60) {
        FamilyMeetingKind::FamilyGroupConference
    } else {
        FamilyMeetingKind::FamilyNetworkMeeting
    };
    let mut attended = vec!["Mother".to_string()];
    if father && rng.chance(60) {
        attended.push("Father".into());
    }
    for (maternal, _, _) in grandparents {
        if rng.chance(70) {
            attended.push(format!(
                "{} grandmother",
                if *maternal { "Maternal" } else { "Paternal" }
            ));
        }
    }
    if aunt {
        attended.push("Aunt or uncle, with their partner".into());
    }
    attended.push(match kind {
        FamilyMeetingKind::FamilyGroupConference => "FGC coordinator".into(),
        FamilyMeetingKind::FamilyNetworkMeeting => "Social worker".into(),
    });
    let held_on = days_before(today, rng, 10, 240);
    let notes = rng
        .chance(50)
        .then(|| "Family plan agreed; to be reviewed in three months.".to_string());
    let id = w.add_family_meeting(
        ids[0],
        &NewFamilyMeeting {
            kind,
            held_on,
            attended,
            notes,
        },
    )?;
    let first = rng.range(0, OUTCOMES.len() as u64) as usize;
    for n in 0..rng.range(2, 4) as usize {
        let outcome = NewOutcome {
            text: OUTCOMES[(first + n * 3) % OUTCOMES.len()].to_string(),
            due: rng.chance(80).then(|| held_on + Days::new(rng.range(14, 120))),
            child: rng.chance(40).then(|| *rng.pick(ids)),
        };
        w.add_outcome(id, &outcome)?;
    }
    Ok(())
}

/// (kind, what, source, verified).
const ENTRIES: &[(Kind, &str, Option<&str>, bool)] = &[
    (
        Kind::Concern,
        "Police called to the family home after a reported argument between the parents",
        Some("police report"),
        false,
    ),
    (
        Kind::Concern,
        "Anonymous referral about the condition of the home",
        Some("anonymous referral"),
        false,
    ),
    (
        Kind::Health,
        "Missed two health visitor appointments",
        Some("health visitor"),
        true,
    ),
    (
        Kind::Health,
        "Seen at A&E with a bruise; explanation consistent with a fall",
        Some("hospital discharge summary"),
        false,
    ),
    (
        Kind::Education,
        "School raised concerns about attendance and late collection",
        Some("school"),
        false,
    ),
    (
        Kind::Education,
        "Attendance improved to 96% this term",
        Some("school"),
        true,
    ),
    (
        Kind::Family,
        "Parents separated; father moved out of the family home",
        Some("mother"),
        false,
    ),
    (
        Kind::Family,
        "Maternal grandmother began regular weekend care",
        Some("maternal grandmother"),
        false,
    ),
    (
        Kind::Assessment,
        "Parenting assessment of the mother started",
        Some("social worker"),
        true,
    ),
    (
        Kind::Meeting,
        "Strategy discussion held with police and health",
        Some("MASH"),
        true,
    ),
    (
        Kind::Legal,
        "Letter before proceedings sent to the parents",
        Some("legal services"),
        true,
    ),
    (
        Kind::Placement,
        "Short break with foster carers while the mother was in hospital",
        None,
        true,
    ),
    (
        Kind::Other,
        "Moved house to a new tenancy across the borough",
        Some("housing officer"),
        false,
    ),
];

/// Two or three entries a worker wrote, dated before today (in pregnancy,
/// for an unborn child), a third of them marked for the CPR.
pub(super) fn chronology(
    w: &mut Writer<'_>,
    rng: &mut Rng,
    child: &ChildFields,
    id: ChildId,
    today: NaiveDate,
) -> Result<(), StoreError> {
    let born = child.date_of_birth.unwrap_or(today);
    let from = if born > today {
        today - Days::new(200)
    } else {
        born.max(today - Days::new(6 * 365))
    };
    let span = (today - from).num_days().max(2) as u64;
    let first = rng.range(0, ENTRIES.len() as u64) as usize;
    let count = rng.range(2, 4) as usize;
    for n in 0..count {
        let (kind, what, source, verified) = ENTRIES[(first + n * 5) % ENTRIES.len()];
        let on = (from + Days::new(rng.range(0, span))).min(today - Days::new(1));
        let entry = WrittenEntryFields {
            on_date: on,
            what: what.to_string(),
            kind: kind.code().to_string(),
            source: source.map(String::from),
            verified,
        };
        let written = w.load_chronology_entry(id, &entry)?;
        if rng.chance(33) {
            w.load_chronology_mark(id, &written_key(written))?;
        }
    }
    Ok(())
}

/// A Legal Gateway panel a little after today, and some papers ticked,
/// for a child in pre-proceedings or whose Gateway decision was recent.
pub(super) fn gateway(
    w: &mut Writer<'_>,
    rng: &mut Rng,
    calendar: &Calendar,
    child: ChildId,
    stage: PlanStage,
    start: NaiveDate,
    today: NaiveDate,
) -> Result<(), StoreError> {
    let pre_proceedings = stage == PlanStage::PreProceedings;
    let recent = start + Days::new(42) >= today;
    if !(pre_proceedings || recent) {
        return Ok(());
    }
    let mut panel = today + Days::new(rng.range(3, 22));
    while !calendar.is_working_day(panel) {
        panel = panel + Days::new(1);
    }
    w.load_gateway_panel(
        child,
        GatewayPanelRow {
            panel_date: panel,
            pre_proceedings,
        },
    )?;
    for paper in required(pre_proceedings) {
        if !rng.chance(60) {
            continue;
        }
        // Ticked with no date: no expert assessment was made.
        let dated = (paper != Paper::ExpertAssessments || rng.chance(50))
            .then(|| days_before(today, rng, 1, 60).max(start.min(today)));
        w.load_gateway_paper(child, paper.code(), dated)?;
    }
    Ok(())
}
