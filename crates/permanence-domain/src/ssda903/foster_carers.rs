//! A child adopted by their foster carers (AD1 `FOSTER_CARE` = 1): the
//! day the foster placement with those carers began, recorded as a
//! `foster-placement` event, which the DfE's A10 counts to instead of the
//! move to the adoptive family (`timeliness::Journey::a10`).
//!
//! Which day: the Episodes table starts a new episode whenever the legal
//! status or the placement changes, and its `RNE` says whether the carers
//! changed with it (`P`, `B`, and `S` on entering care) or stayed the same
//! (`L`, `T`, `U`: `same_carers` in data/ssda903/reason_new_episode.toml).
//! A foster carer adoption is placed with `PLACE` `A3` or `A5` ("with
//! current foster carer(s)"), so the placement with those carers began at
//! the last episode before the adoptive placement, counting back over the
//! episodes with the same carers, that brought the child to new carers.
//! Sources: DfE, guide to the SSDA903 collection (2017 to 2018 up to 2023
//! to 2024), the RNE and PLACE code sets and AD1's FOSTER_CARE ("adopted
//! by their foster carer(s)"); A10 as the DfE introduced it in 2012-13
//! (quoted in the timeliness module's header): A1 counted to the date the
//! foster placement began, where the child was adopted by their foster
//! carers.
//!
//! This product's own reading: where the files do not show the child with
//! other carers before the adoptive placement began (its `RNE` is `P` or
//! `B`, or the files begin with it or with the same carers already), no
//! event is recorded,
//! rather than a guess, and A10 stays A1 for that child.

use super::codes::CodeLists;
use super::mapping::{Index, Period};
use super::{Episode, Table};
use crate::date::{iso, uk};
use crate::event::Event;
use crate::history::HistoryEntry;
use crate::pathway::PlacementKind;

/// The `foster-placement` events of a child's AD1 rows that say they were
/// adopted by their foster carers.
pub fn entries(
    index: &Index<'_>,
    lists: &CodeLists,
    child: &str,
    periods: &[Period<'_>],
) -> Vec<HistoryEntry> {
    let mut out = Vec::new();
    for r in index.ad1(child).iter().filter(|r| r.foster_care == Some(true)) {
        let Some(period) = periods.iter().find(|p| p.contains(r.date_match)) else {
            continue;
        };
        let Some(start) = foster_start(lists, &period.episodes, r.date_match) else {
            continue;
        };
        out.push(HistoryEntry {
            reference: child.to_string(),
            event: Event::FosterPlacement,
            on: start.decom,
            note: Some(format!(
                "SSDA903 AD1: FOSTER_CARE 1, adopted by their foster carers, with them from the episode of {} (RNE {})",
                uk(start.decom),
                start.rne
            )),
            source: format!("ssda903:ad1:{}:FOSTER_CARE", iso(r.date_match)),
        });
    }
    out
}

/// The episode that brought the child to the carers who adopted them:
/// counting back from the adoptive placement (the first placed for
/// adoption on or after the match, else the period's first) over the
/// episodes with the same carers. `None` where the adoptive placement
/// itself brought new carers, or the files begin with it or with the
/// child already with those carers.
fn foster_start<'a>(
    lists: &CodeLists,
    episodes: &[&'a Episode],
    matched: chrono::NaiveDate,
) -> Option<&'a Episode> {
    let adoptive = |e: &Episode| {
        lists
            .code(Table::Episodes, "PLACE", &e.place)
            .is_some_and(|c| c.placement == Some(PlacementKind::Adoption))
    };
    let same_carers = |e: &Episode| {
        lists
            .code(Table::Episodes, "RNE", &e.rne)
            .is_some_and(|c| c.same_carers)
    };
    let placed = episodes
        .iter()
        .position(|e| adoptive(e) && e.decom >= matched)
        .or_else(|| episodes.iter().position(|e| adoptive(e)))?;
    let mut at = placed;
    while at > 0 && same_carers(episodes[at]) {
        at -= 1;
    }
    // Still the same carers at the first episode the files hold: they had
    // the child before the files begin, on a day the files do not give.
    (at < placed && !same_carers(episodes[at])).then(|| episodes[at])
}

#[cfg(test)]
mod tests {
    use super::super::Table;
    use super::super::tests::{d, events, one_child};
    use crate::event::Event;

    const HEADER: &str = "CHILD,SEX,DOB,ETHNIC\nB,1,01/02/2018,WBRI";

    /// Ben's episodes: into care 01/04/2019 with first carers; moved to new
    /// carers 10/06/2019 (P); a placement order 01/02/2020 with them (L);
    /// placed for adoption with them, his current foster carers, 01/09/2020
    /// (T, A5); adopted 01/06/2021.
    fn episodes(move_in: &str) -> String {
        format!(
            "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n\
             B,01/04/2019,S,C1,U6,10/06/2019,X1\n\
             B,10/06/2019,P,C1,U6,01/02/2020,X1\n\
             B,01/02/2020,L,E1,U6,01/09/2020,X1\n\
             B,01/09/2020,{move_in},E1,A5,01/06/2021,E11"
        )
    }

    fn foster_placements(episodes: &str, foster_care: u8) -> Vec<(chrono::NaiveDate, String)> {
        let ad1 = format!("CHILD,DATE_INT,DATE_MATCH,FOSTER_CARE\nB,10/01/2020,15/08/2020,{foster_care}");
        let child = one_child(&[
            (Table::Header, HEADER),
            (Table::Episodes, episodes),
            (Table::Ad1, &ad1),
        ]);
        events(&child)
            .into_iter()
            .filter(|(e, ..)| *e == Event::FosterPlacement)
            .map(|(_, on, source)| (on, source.to_string()))
            .collect()
    }

    /// Counting back from the adoptive placement (T: same carers) over the
    /// placement order (L: same carers) to the move to them (P): 10/06/2019,
    /// not the day he entered care nor the day he was placed for adoption.
    #[test]
    fn the_foster_placement_began_with_the_last_change_of_carers_before_the_adoptive_placement() {
        assert_eq!(
            foster_placements(&episodes("T"), 1),
            [(d("10/06/2019"), "ssda903:ad1:2020-08-15:FOSTER_CARE".to_string())]
        );
    }

    #[test]
    fn not_adopted_by_the_foster_carers_records_nothing() {
        assert!(foster_placements(&episodes("T"), 0).is_empty());
    }

    /// FOSTER_CARE 1, but the files show new carers (P) on the day of the
    /// adoptive placement: no foster placement with them to count to.
    #[test]
    fn new_carers_at_the_adoptive_placement_record_nothing_rather_than_guess() {
        assert!(foster_placements(&episodes("P"), 1).is_empty());
    }

    /// The return cut short: the files begin with him already with the
    /// carers (an L episode), so the day they took him in is not in them.
    #[test]
    fn carers_who_had_the_child_before_the_files_begin_record_nothing() {
        let cut = "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n\
                   B,01/01/2020,L,E1,U6,01/09/2020,X1\n\
                   B,01/09/2020,T,E1,A5,01/06/2021,E11";
        assert!(foster_placements(cut, 1).is_empty());
    }
}
