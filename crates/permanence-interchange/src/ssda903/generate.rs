//! A generated authority's SSDA903 files, for tests and benchmarks: a
//! seeded, deterministic mix of the histories a real authority's files
//! hold (adoptions, some by the children's foster carers, special
//! guardianship and child arrangements orders,
//! returns home, long-term fostering, children still in proceedings, an
//! adoption decision reversed, children with two periods of care), over
//! ten years to the end of the 2024 collection. Synthetic: no real child.

use crate::domain::ssda903::mapping::eighteenth_birthday;
use chrono::{Days, NaiveDate};
use std::fmt::Write as _;
use std::path::Path;

/// The last day the generated files know of: the end of the 2024
/// collection year.
pub fn collection_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 3, 31).unwrap_or_default()
}

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2014, 4, 1).unwrap_or_default()
}

/// The story a generated child's history tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Story {
    Adopted,
    WaitingForAdoption,
    PlacedForAdoption,
    SpecialGuardianship,
    ChildArrangements,
    ReturnedHome,
    LongTermFostering,
    InProceedings,
    AdoptionReversed,
    TwoPeriods,
}

impl Story {
    const ALL: [Story; 10] = [
        Story::Adopted,
        Story::WaitingForAdoption,
        Story::PlacedForAdoption,
        Story::SpecialGuardianship,
        Story::ChildArrangements,
        Story::ReturnedHome,
        Story::LongTermFostering,
        Story::InProceedings,
        Story::AdoptionReversed,
        Story::TwoPeriods,
    ];
}

/// A small, seeded generator (xorshift): the same seed gives the same files.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn after(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_add_days(Days::new(days)).unwrap_or(d)
}

/// One episode as the generator builds it.
struct Ep {
    decom: NaiveDate,
    rne: &'static str,
    ls: &'static str,
    place: &'static str,
    /// Its end and reason, unless still open.
    end: Option<(NaiveDate, &'static str)>,
}

/// The files' text, table by table.
#[derive(Default)]
struct Files {
    header: String,
    episodes: String,
    reviews: String,
    placed: String,
    ad1: String,
    social_worker: String,
    uasc: String,
}

/// Builds one period of care's episodes from `start`, as `steps` say:
/// each (days after the previous change, RNE, LS, PLACE); the period ends
/// `end_after` days after the last change with `rec`, or stays open.
/// Anything past the end of the collection is cut off, leaving the
/// episode then current open.
fn period(
    start: NaiveDate,
    steps: &[(u64, &'static str, &'static str, &'static str)],
    end: Option<(u64, &'static str)>,
) -> Vec<Ep> {
    let mut eps: Vec<Ep> = Vec::new();
    let mut on = start;
    for (i, &(gap, rne, ls, place)) in steps.iter().enumerate() {
        let next = if i == 0 { on } else { after(on, gap) };
        if next > collection_end() {
            return eps;
        }
        if let Some(previous) = eps.last_mut() {
            previous.end = Some((next, "X1"));
        }
        eps.push(Ep {
            decom: next,
            rne,
            ls,
            place,
            end: None,
        });
        on = next;
    }
    if let Some((gap, rec)) = end {
        let ends = after(on, gap);
        if ends <= collection_end()
            && let Some(last) = eps.last_mut()
        {
            last.end = Some((ends, rec));
        }
    }
    eps
}

/// A child's episodes as their story tells them, with the decision that
/// they should be placed for adoption (and its reversal) and the match,
/// where the story has them.
struct History {
    eps: Vec<Ep>,
    decision: Option<(NaiveDate, Option<(NaiveDate, &'static str)>)>,
    matched: Option<NaiveDate>,
}

fn history(rng: &mut Rng, story: Story, start: NaiveDate, foster: &'static str) -> History {
    let months = |rng: &mut Rng, low: u64, high: u64| rng.between(low * 30, high * 30);
    let mut decision: Option<(NaiveDate, Option<(NaiveDate, &'static str)>)> = None;
    let mut matched = None;
    let eps: Vec<Ep> = match story {
        Story::Adopted | Story::WaitingForAdoption | Story::PlacedForAdoption => {
            let po = months(rng, 6, 12);
            let placed = months(rng, 3, 9);
            let mut steps = vec![(0, "S", "C1", foster), (po, "L", "E1", foster)];
            if story != Story::WaitingForAdoption {
                let adoptive = adoptive_placement(rng);
                steps[1].1 = adoptive.at_order;
                steps.push((placed, adoptive.rne, "E1", adoptive.place));
            }
            let end = (story == Story::Adopted).then(|| (months(rng, 6, 12), rng.pick(&["E11", "E12"])));
            let eps = period(start, &steps, end);
            let po_day = eps.get(1).map(|e| e.decom);
            if let Some(po_day) = po_day {
                let shobpa = po_day
                    .checked_sub_days(Days::new(rng.between(20, 60)))
                    .unwrap_or(po_day)
                    .max(start);
                decision = Some((shobpa, None));
                if let Some(placement) = eps.get(2) {
                    matched = Some(
                        placement
                            .decom
                            .checked_sub_days(Days::new(rng.between(10, 40)))
                            .unwrap_or(placement.decom)
                            .max(po_day),
                    );
                }
            }
            eps
        }
        Story::AdoptionReversed => {
            let steps = [
                (0, "S", "C1", "U6"),
                (months(rng, 6, 10), "L", "E1", "U6"),
                (months(rng, 6, 12), "P", "E1", "U4"),
            ];
            let eps = period(start, &steps, None);
            if let (Some(po), Some(lt)) = (eps.get(1), eps.get(2)) {
                decision = Some((
                    po.decom
                        .checked_sub_days(Days::new(30))
                        .unwrap_or(po.decom)
                        .max(start),
                    Some((lt.decom, "RD3")),
                ));
            }
            eps
        }
        Story::SpecialGuardianship => period(
            start,
            &[(0, "S", "C1", "U3"), (months(rng, 2, 6), "P", "C1", "U3")],
            Some((months(rng, 4, 14), rng.pick(&["E45", "E47", "E46", "E48"]))),
        ),
        Story::ChildArrangements => period(start, &[(0, "S", "C1", "U3")], Some((months(rng, 6, 14), "E41"))),
        Story::ReturnedHome => period(
            start,
            &[
                (0, "S", "V2", "U6"),
                (months(rng, 1, 4), "P", "V2", rng.pick(&["U6", "R1", "K2"])),
            ],
            Some((months(rng, 2, 10), rng.pick(&["E4A", "E4A", "E4B", "E13"]))),
        ),
        Story::LongTermFostering => period(
            start,
            &[
                (0, "S", "C1", "U6"),
                (months(rng, 6, 11), "L", "C2", "U6"),
                (months(rng, 2, 8), "P", "C2", "U4"),
            ],
            None,
        ),
        Story::InProceedings => {
            // Brought into care in the last ten months: still in proceedings.
            let late = start.max(collection_end().checked_sub_days(Days::new(300)).unwrap_or(start));
            period(late, &[(0, "S", "C1", foster)], None)
        }
        Story::TwoPeriods => {
            let mut eps = period(start, &[(0, "S", "V2", "U6")], Some((months(rng, 3, 8), "E4A")));
            if let Some((ended, _)) = eps.last().and_then(|e| e.end) {
                let again = after(ended, months(rng, 4, 14));
                eps.extend(period(
                    again,
                    &[(0, "S", "C1", "U6"), (months(rng, 6, 10), "L", "C2", "U6")],
                    None,
                ));
            }
            eps
        }
    };
    History {
        eps,
        decision,
        matched,
    }
}

/// How a child placed for adoption came to their adopters.
struct Adoptive {
    /// The `RNE` of the placement order's episode.
    at_order: &'static str,
    /// The `RNE` and `PLACE` of the adoptive placement.
    rne: &'static str,
    place: &'static str,
}

impl Adoptive {
    /// Adopted by their foster carers (AD1 `FOSTER_CARE`): placed for
    /// adoption "with current foster carer(s)".
    fn by_foster_carers(place: &str) -> bool {
        place == "A5"
    }
}

/// One in three placed for adoption with their current foster carers
/// (`A5`, the placement changing but not the carers: `T`), having moved
/// to those carers when the placement order was made (`B`: legal status,
/// placement and carers at once), so that A10 counts to the order's day;
/// the others placed with new carers (`A6`, `P`). One draw, as the pick
/// of the placement alone took before, so the other children's files
/// stay as they were.
fn adoptive_placement(rng: &mut Rng) -> Adoptive {
    match rng.pick(&["A5", "A6", "A6"]) {
        "A5" => Adoptive {
            at_order: "B",
            rne: "T",
            place: "A5",
        },
        place => Adoptive {
            at_order: "L",
            rne: "P",
            place,
        },
    }
}

/// Whose reviews, for [`reviews`]: the child's reference and date of
/// birth, the date of birth their codes' draws count from (see
/// `child`), and the day they turn 18, from which no review is held.
struct ReviewsOf<'a> {
    reference: &'a str,
    dob: NaiveDate,
    drawn_dob: NaiveDate,
    eighteen: NaiveDate,
}

/// Reviews: within 20 working days of entering care, then three months
/// later, then every six, while each period of care lasts and the child
/// is under 18. `eps` are the episodes before care was ended at 18, and
/// a code is drawn wherever one was before the 18 rule and the later
/// date of birth of a child still in proceedings, so that every other
/// child's files stay as they were.
fn reviews(rng: &mut Rng, of: &ReviewsOf<'_>, eps: &[Ep], out: &mut String) {
    let four = |on: NaiveDate, dob: NaiveDate| (on - dob).num_days() < 4 * 365;
    let mut period_start = None;
    for e in eps {
        if e.rne == "S" {
            period_start = Some(e.decom);
        }
        let Some(begun) = period_start else { continue };
        let period_end = eps
            .iter()
            .skip_while(|x| x.decom < e.decom)
            .find_map(|x| x.end.filter(|(_, r)| *r != "X1").map(|(d, _)| d))
            .unwrap_or(collection_end());
        if e.rne != "S" {
            continue;
        }
        let mut on = after(begun, 20);
        let mut gap = 90;
        while on <= period_end.min(collection_end()) {
            let drawn =
                (!four(on, of.drawn_dob)).then(|| rng.pick(&["PN1", "PN2", "PN3", "PN5", "PN6", "PN7"]));
            // The real date of birth is never earlier than the drawn one,
            // so a child of 4 or over always has a code drawn.
            let code = if four(on, of.dob) {
                "PN0"
            } else {
                drawn.unwrap_or("PN1")
            };
            if on < of.eighteen {
                let _ = writeln!(out, "{},{},{},{code}", of.reference, day(of.dob), day(on));
            }
            on = after(on, gap);
            gap = 182;
        }
    }
}

/// Ends care on the 18th birthday, as a real return does: a young
/// person is no longer looked after from 18, and the Department's
/// validator refuses an episode open after it (SSDA903 validation rule
/// 359: looked after following the 18th birthday only under s.20(5) in a
/// community home, which the generator never uses). The episode ceases ON
/// the birthday, with `REC` `E17` ("Aged 18 (or over) and remained with
/// current carers (inc under staying put arrangements)", the 903 guide's
/// code list, data/ssda903/reason_ceased.toml) for a young person in
/// foster care, and `E5` (moved into independent living with support)
/// otherwise: rule 460 refuses `E17` with a `DEC` before the 18th
/// birthday, so the birthday itself is the ceased date (as `DEC` is the
/// first day not looked after). Any change past it is cut.
fn end_at_eighteen(eps: &mut Vec<Ep>, dob: NaiveDate) {
    let eighteen = eighteenth_birthday(dob);
    if eighteen > collection_end() {
        return;
    }
    eps.retain(|e| e.decom < eighteen);
    if let Some(last) = eps.last_mut()
        && last.end.is_none_or(|(ended, _)| ended > eighteen)
    {
        let rec = if last.place.starts_with('U') { "E17" } else { "E5" };
        last.end = Some((eighteen, rec));
    }
}

/// Writes one child's rows.
fn child(rng: &mut Rng, n: usize, story: Story, files: &mut Files) {
    let reference = format!("7{:05}", n);
    let span = (collection_end() - first_day()).num_days().max(1) as u64;
    let start = after(first_day(), rng.between(0, span * 9 / 10));
    let young = matches!(
        story,
        Story::Adopted | Story::WaitingForAdoption | Story::PlacedForAdoption | Story::AdoptionReversed
    );
    let age_days = if young {
        rng.between(0, 3 * 365)
    } else {
        rng.between(0, 14 * 365)
    };
    let sex = rng.pick(&["1", "2"]);
    let ethnic = rng.pick(&["WBRI", "WBRI", "WBRI", "MWBC", "BAFR", "APKN", "WOTH", "NOBT"]);
    let foster: &'static str = rng.pick(&["U6", "U6", "U3", "U5"]);
    let History {
        mut eps,
        decision,
        matched,
    } = history(rng, story, start, foster);
    // The child's age counts from when they came into care, which for a
    // child still in proceedings is later than `start`: so no child
    // enters care aged 18 or over (DfE validation rule 352).
    let entered = eps.first().map_or(start, |e| e.decom);
    let dob = entered.checked_sub_days(Days::new(age_days)).unwrap_or(entered);
    let drawn_dob = start.checked_sub_days(Days::new(age_days)).unwrap_or(start);
    let of = ReviewsOf {
        reference: &reference,
        dob,
        drawn_dob,
        eighteen: eighteenth_birthday(dob),
    };
    reviews(rng, &of, &eps, &mut files.reviews);
    end_at_eighteen(&mut eps, dob);
    let _ = writeln!(files.header, "{reference},{sex},{},{ethnic},,,", day(dob));
    for e in &eps {
        let (dec, rec) = e.end.map_or((String::new(), ""), |(d, r)| (day(d), r));
        let _ = writeln!(
            files.episodes,
            "{reference},{},{},{},N1,{},PR1,{dec},{rec},,,,",
            day(e.decom),
            e.rne,
            e.ls,
            e.place
        );
    }
    if let Some((decided, ceased)) = decision {
        let (c, r) = ceased.map_or((String::new(), ""), |(d, r)| (day(d), r));
        let _ = writeln!(files.placed, "{reference},{},{},{c},{r}", day(dob), day(decided));
        if story == Story::Adopted
            && eps.last().and_then(|e| e.end).is_some()
            && let Some(matched) = matched
        {
            let by_carers = eps.iter().any(|e| Adoptive::by_foster_carers(e.place));
            let foster_care = if by_carers { 1 } else { 0 };
            let _ = writeln!(
                files.ad1,
                "{reference},{},{},{},{foster_care},2,MF,L11",
                day(dob),
                day(decided),
                day(matched)
            );
        }
    }
    if let Some(first) = eps.first() {
        let _ = writeln!(
            files.social_worker,
            "{reference},{},SW{:03},{},,",
            day(dob),
            rng.between(1, 40),
            day(first.decom)
        );
    }
    if n % 50 == 7 {
        let _ = writeln!(files.uasc, "{reference},{},{sex},", day(dob));
    }
}

/// The files of a generated authority of `children` children: (file
/// name, contents), one file per table, as a case management system
/// exports them.
pub fn authority(seed: u64, children: usize) -> Vec<(String, String)> {
    let mut rng = Rng(seed.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut files = Files {
        header: "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n".to_string(),
        episodes:
            "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
                .to_string(),
        reviews: "CHILD,DOB,REVIEW,REVIEW_CODE\n".to_string(),
        placed: "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n".to_string(),
        ad1: "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\n".to_string(),
        social_worker: "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n".to_string(),
        uasc: "CHILD,DOB,SEX,DUC\n".to_string(),
    };
    for n in 0..children {
        // Every story in turn for the first few, so that a small
        // authority has each; then a realistic mix.
        let story = if n < Story::ALL.len() {
            Story::ALL[n]
        } else {
            let weights = [
                (Story::Adopted, 14),
                (Story::WaitingForAdoption, 6),
                (Story::PlacedForAdoption, 4),
                (Story::SpecialGuardianship, 12),
                (Story::ChildArrangements, 5),
                (Story::ReturnedHome, 25),
                (Story::LongTermFostering, 15),
                (Story::InProceedings, 8),
                (Story::AdoptionReversed, 3),
                (Story::TwoPeriods, 8),
            ];
            let total: u64 = weights.iter().map(|(_, w)| w).sum();
            let mut roll = rng.between(0, total - 1);
            weights
                .iter()
                .find(|(_, w)| {
                    if roll < *w {
                        true
                    } else {
                        roll -= w;
                        false
                    }
                })
                .map_or(Story::ReturnedHome, |(s, _)| *s)
        };
        child(&mut rng, n, story, &mut files);
    }
    vec![
        ("Header.csv".to_string(), files.header),
        ("Episodes.csv".to_string(), files.episodes),
        ("Reviews.csv".to_string(), files.reviews),
        ("PlacedAdoption.csv".to_string(), files.placed),
        ("AD1.csv".to_string(), files.ad1),
        ("SocialWorker.csv".to_string(), files.social_worker),
        ("UASC.csv".to_string(), files.uasc),
    ]
}

/// Writes a generated authority's files into `folder`.
pub fn write_authority(folder: &Path, seed: u64, children: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;
    for (name, text) in authority(seed, children) {
        std::fs::write(folder.join(name), text)?;
    }
    Ok(())
}
