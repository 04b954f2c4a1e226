//! Reads a pathway file: TOML into raw structs that refuse unknown keys,
//! then checks and converts them into a [`Pathway`], with every problem
//! located by line. The format is documented in data/pathways/README.md.

use crate::event::Event;
use crate::file_error::{FileError, from_toml, line_of, stem};
use crate::pathway::{
    Anchor, CadenceRules, Condition, CountsFrom, Kind, Pathway, PathwayItem, PlacementKind, ROLES, Timing,
};
use crate::set_by::SetBy;
use crate::span::Span;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use toml::Spanned;

/// Where a problem is reported: the span of the text and the message.
type Problem<'p> = dyn FnMut(std::ops::Range<usize>, String) + 'p;

/// The largest week a table may name: ten years.
const LAST_WEEK: u32 = 520;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPathway {
    name: Spanned<String>,
    title: String,
    source: String,
    counted_from: Spanned<String>,
    ppms: Option<bool>,
    supervision_order: Option<bool>,
    placement: Option<Spanned<String>>,
    breakdown_of: Option<Spanned<String>>,
    #[serde(default)]
    item: Vec<Spanned<RawItem>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCountsFrom {
    event: Spanned<String>,
    within: Spanned<String>,
    before: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    key: Spanned<String>,
    title: String,
    week: Option<Spanned<String>>,
    from: Option<Spanned<String>>,
    within: Option<Spanned<String>>,
    of: Option<Spanned<String>>,
    before: Option<bool>,
    responsible: Option<String>,
    condition: Option<Spanned<String>>,
    repeat: Option<Spanned<String>>,
    kind: Option<Spanned<String>>,
    set_by: Option<Spanned<String>>,
    source: Option<String>,
    note: Option<String>,
    event: Option<Spanned<String>>,
    occurrence: Option<Spanned<i64>>,
    counts_from: Option<Spanned<RawCountsFrom>>,
    untimed: Option<Spanned<bool>>,
    roles: Option<Spanned<BTreeMap<String, String>>>,
}

/// Reads the text of the pathway file `file` (named for messages; its
/// stem must match the pathway's `name`).
pub fn parse(file: &str, text: &str) -> Result<Pathway, Vec<FileError>> {
    let raw: RawPathway = toml::from_str(text).map_err(|e| vec![from_toml(file, text, &e)])?;
    let mut problems = Vec::new();
    let mut problem = |span, message| problems.push(FileError::at_span(file, text, span, message));

    let stem = stem(file);
    let name = raw.name.get_ref().clone();
    if !is_kebab(&name) {
        problem(
            raw.name.span(),
            format!("name: {name:?} must be lower case words joined by hyphens"),
        );
    } else if !stem.is_empty() && stem != name {
        problem(
            raw.name.span(),
            format!("name: {name:?} differs from the file's name {stem:?}"),
        );
    }
    let counted_from = match Event::parse(raw.counted_from.get_ref()) {
        Some(event) => event,
        None => {
            problem(
                raw.counted_from.span(),
                unknown_event("counted_from", raw.counted_from.get_ref()),
            );
            Event::Gateway
        }
    };
    if raw.item.is_empty() {
        problem(0..0, "the pathway has no [[item]]s".to_string());
    }
    let placement = match &raw.placement {
        None => PlacementKind::Other,
        Some(p) => PlacementKind::parse(p.get_ref()).unwrap_or_else(|| {
            problem(
                p.span(),
                format!(
                    "placement: {:?} is neither \"adoption\" nor \"long-term\"",
                    p.get_ref()
                ),
            );
            PlacementKind::Other
        }),
    };
    let breakdown_of = raw.breakdown_of.as_ref().map(|b| {
        if !is_kebab(b.get_ref()) || *b.get_ref() == name {
            problem(
                b.span(),
                format!(
                    "breakdown_of: {:?} must name another pathway, in lower case words joined by hyphens",
                    b.get_ref()
                ),
            );
        }
        b.get_ref().clone()
    });

    let keys: HashSet<String> = raw
        .item
        .iter()
        .map(|i| i.get_ref().key.get_ref().clone())
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut items = Vec::with_capacity(raw.item.len());
    for spanned in &raw.item {
        if let Some(item) = read_item(spanned, text, &keys, &mut seen, counted_from, &mut problem) {
            items.push(item);
        }
    }
    for cycle in cycles(&items) {
        let line = items.iter().find(|i| i.key == cycle[0]).map_or(0, |i| i.line);
        problems.push(FileError {
            file: file.to_string(),
            line,
            message: format!(
                "items are counted from each other in a circle: {}",
                cycle.join(" → ")
            ),
        });
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(problems);
    }
    Ok(Pathway {
        name,
        title: raw.title.trim().to_string(),
        source: raw.source.trim().to_string(),
        counted_from,
        cadence: CadenceRules {
            ppms: raw.ppms.unwrap_or(true),
            placement,
        },
        breakdown_of,
        supervision_order: raw.supervision_order.unwrap_or(false),
        items,
    })
}

/// One `[[item]]`, checked: `None` where it cannot be read (and said so).
fn read_item(
    spanned: &Spanned<RawItem>,
    text: &str,
    keys: &HashSet<String>,
    seen: &mut HashMap<String, usize>,
    counted_from: Event,
    problem: &mut Problem<'_>,
) -> Option<PathwayItem> {
    let item_line = line_of(text, spanned.span().start);
    let raw_item = spanned.get_ref();
    let key = raw_item.key.get_ref().clone();
    if !is_kebab(&key) {
        problem(
            raw_item.key.span(),
            format!("key: {key:?} must be lower case words joined by hyphens"),
        );
    }
    if let Some(first) = seen.insert(key.clone(), line_of(text, raw_item.key.span().start)) {
        problem(
            raw_item.key.span(),
            format!("key: {key:?} is already used on line {first}"),
        );
    }
    let timing = read_timing(raw_item, &key, keys, counted_from, problem);
    let condition = raw_item.condition.as_ref().and_then(|c| {
        let found = Condition::parse(c.get_ref());
        if found.is_none() {
            problem(
                c.span(),
                format!(
                    "condition: {:?} names nothing (known conditions: {})",
                    c.get_ref(),
                    Condition::ALL.map(Condition::code).join(", ")
                ),
            );
        }
        found
    });
    let repeat = read_repeat(raw_item, problem);
    let kind = read_kind(raw_item, &key, problem);
    let deadline_by = read_set_by(raw_item, &key, kind, problem);
    let roles = read_roles(raw_item, problem);
    let event = raw_item.event.as_ref().and_then(|e| {
        let found = Event::parse(e.get_ref());
        if found.is_none() {
            problem(e.span(), unknown_event("event", e.get_ref()));
        }
        found
    });
    let (occurrence, counts_from) = read_ties(raw_item, timing.as_ref(), problem);
    let timing = timing?;
    Some(PathwayItem {
        key,
        title: raw_item.title.trim().to_string(),
        timing,
        responsible: raw_item.responsible.clone(),
        condition,
        repeat,
        kind,
        deadline_by,
        source: raw_item.source.clone(),
        note: raw_item.note.clone(),
        event,
        occurrence,
        counts_from,
        roles,
        line: item_line,
    })
}

/// How often the item recurs, if it does: a span of more than nothing.
fn read_repeat(raw_item: &RawItem, problem: &mut Problem<'_>) -> Option<Span> {
    raw_item
        .repeat
        .as_ref()
        .and_then(|r| match Span::parse(r.get_ref()) {
            Ok(span) if span_is_zero(span) => {
                problem(r.span(), "repeat: an item cannot recur every 0 days".into());
                None
            }
            Ok(span) => Some(span),
            Err(message) => {
                problem(r.span(), format!("repeat: {message}"));
                None
            }
        })
}

/// Whether the item's date is a target or a deadline; a deadline must
/// say which law or policy sets it.
fn read_kind(raw_item: &RawItem, key: &str, problem: &mut Problem<'_>) -> Kind {
    let kind = match raw_item.kind.as_ref().map(|k| (k, k.get_ref().as_str())) {
        None | Some((_, "target")) => Kind::Target,
        Some((_, "deadline")) => Kind::Deadline,
        Some((k, other)) => {
            problem(
                k.span(),
                format!("kind: {other:?} is neither \"target\" nor \"deadline\""),
            );
            Kind::Target
        }
    };
    if kind == Kind::Deadline && raw_item.source.is_none() {
        problem(
            raw_item.key.span(),
            format!("item {key:?} is a deadline but names no `source`: say which law or policy sets it"),
        );
    }
    kind
}

/// Who sets a deadline: `set_by = "law"` or `"policy"`, only on a
/// deadline. A deadline that does not say is the authority's policy: a
/// file written before `set_by` existed still loads, and its deadlines
/// are never called statutory, since claiming the law for a policy date
/// is the worse mistake (inspectors check it); the file must say "law"
/// to make that claim. Never worked out from the `source`'s words.
fn read_set_by(raw_item: &RawItem, key: &str, kind: Kind, problem: &mut Problem<'_>) -> Option<SetBy> {
    let said = raw_item.set_by.as_ref().and_then(|s| match SetBy::parse(s.get_ref()) {
        Some(by) => Some(by),
        None => {
            problem(
                s.span(),
                format!(
                    "set_by: {:?} is neither \"law\" (an Act or Regulations set the deadline) nor \"policy\" (the authority's own policy does)",
                    s.get_ref()
                ),
            );
            None
        }
    });
    match (kind, &raw_item.set_by) {
        (Kind::Deadline, _) => Some(said.unwrap_or(SetBy::Policy)),
        (Kind::Target, Some(s)) => {
            problem(
                s.span(),
                format!(
                    "item {key:?} is a target, but `set_by` says who sets a deadline: give `kind = \"deadline\"` or leave `set_by` out"
                ),
            );
            None
        }
        (Kind::Target, None) => None,
    }
}

/// What the item asks of each role it names, each a role the program
/// knows.
fn read_roles(raw_item: &RawItem, problem: &mut Problem<'_>) -> Vec<(String, String)> {
    let mut roles = Vec::new();
    if let Some(raw_roles) = &raw_item.roles {
        for (role, what) in raw_roles.get_ref() {
            if ROLES.iter().any(|(known, _)| known == role) {
                roles.push((role.clone(), what.clone()));
            } else {
                problem(
                    raw_roles.span(),
                    format!(
                        "roles: {role:?} is not a role (known roles: {})",
                        ROLES.map(|(k, _)| k).join(", ")
                    ),
                );
            }
        }
    }
    roles
}

/// An item's timing: `week` (with `from`), `within` and `of`, or
/// `untimed = true`; `None` where it is missing or wrong (and said so).
fn read_timing(
    raw_item: &RawItem,
    key: &str,
    keys: &HashSet<String>,
    counted_from: Event,
    problem: &mut Problem<'_>,
) -> Option<Timing> {
    let untimed = raw_item.untimed.as_ref().is_some_and(|u| *u.get_ref());
    if let Some(u) = &raw_item.untimed
        && !*u.get_ref()
    {
        problem(
            u.span(),
            "untimed: write it only as `untimed = true`; leave it out otherwise".into(),
        );
    }
    match (&raw_item.week, &raw_item.within, &raw_item.of) {
        (None, None, None) if untimed => Some(Timing::Untimed),
        _ if untimed => {
            problem(
                raw_item.key.span(),
                format!("item {key:?} is `untimed` but also gives a timing: keep one"),
            );
            None
        }
        (Some(week), None, None) => {
            if raw_item.before.is_some() {
                problem(
                    week.span(),
                    "before: only an item timed by `within` can be before an event".into(),
                );
            }
            let from = match &raw_item.from {
                Some(from) => anchor(from, "from", key, keys, problem),
                None => Some(Anchor::Event(counted_from)),
            };
            match (parse_week(week.get_ref()), from) {
                (Ok((first, last)), Some(from)) => Some(Timing::Week { first, last, from }),
                (Err(message), _) => {
                    problem(week.span(), message);
                    None
                }
                (_, None) => None,
            }
        }
        (None, Some(within), Some(of)) => {
            if let Some(from) = &raw_item.from {
                problem(
                    from.span(),
                    "from: use `of` with `within`; `from` goes with `week`".into(),
                );
            }
            let span =
                Span::parse(within.get_ref()).map_err(|m| problem(within.span(), format!("within: {m}")));
            let of = anchor(of, "of", key, keys, problem);
            match (span, of) {
                (Ok(span), Some(of)) => Some(Timing::Within {
                    span,
                    of,
                    before: raw_item.before.unwrap_or(false),
                }),
                _ => None,
            }
        }
        (None, Some(within), None) => {
            problem(
                within.span(),
                "within: says how long but not of what; add `of = \"EVENT\"`".into(),
            );
            None
        }
        (None, None, Some(of)) => {
            problem(
                of.span(),
                "of: says of what but not how long; add `within = \"N weeks\"`".into(),
            );
            None
        }
        (Some(week), _, _) => {
            problem(
                week.span(),
                "an item has either `week` or `within` and `of`, not both".into(),
            );
            None
        }
        (None, None, None) => {
            problem(
                raw_item.key.span(),
                format!(
                    "item {key:?} has no timing: give `week = \"N\"`, or `within` and `of`, or `untimed = true` where the source gives none"
                ),
            );
            None
        }
    }
}

/// Which occurrence of its event a row is, and the event its words tie
/// its date to (`counts_from`).
fn read_ties(
    raw_item: &RawItem,
    timing: Option<&Timing>,
    problem: &mut Problem<'_>,
) -> (usize, Option<CountsFrom>) {
    let occurrence = match &raw_item.occurrence {
        None => 1,
        Some(n) if raw_item.event.is_none() => {
            problem(
                n.span(),
                "occurrence: says which event but there is no `event`".into(),
            );
            1
        }
        Some(n) => match usize::try_from(*n.get_ref()) {
            Ok(n) if (1..=120).contains(&n) => n,
            _ => {
                problem(
                    n.span(),
                    format!("occurrence: {} is not between 1 and 120", n.get_ref()),
                );
                1
            }
        },
    };
    let counts_from = raw_item.counts_from.as_ref().and_then(|c| {
        let c = c.get_ref();
        let event = Event::parse(c.event.get_ref());
        if event.is_none() {
            problem(c.event.span(), unknown_event("counts_from.event", c.event.get_ref()));
        }
        let span = Span::parse(c.within.get_ref())
            .map_err(|m| problem(c.within.span(), format!("counts_from.within: {m}")))
            .ok();
        if matches!(timing, Some(Timing::Untimed)) {
            problem(
                c.event.span(),
                "counts_from: an untimed item needs a `week` or `within` to count from until the event is recorded".into(),
            );
        }
        Some(CountsFrom {
            event: event?,
            span: span?,
            before: c.before.unwrap_or(false),
        })
    });
    (occurrence, counts_from)
}

/// What `from` or `of` names: an event, or another item of the file.
fn anchor(
    value: &Spanned<String>,
    field: &str,
    key: &str,
    keys: &HashSet<String>,
    problem: &mut Problem<'_>,
) -> Option<Anchor> {
    let name = value.get_ref().trim();
    if let Some(event) = Event::parse(name) {
        Some(Anchor::Event(event))
    } else if keys.contains(name) {
        if name == key {
            problem(
                value.span(),
                format!("{field}: an item cannot be counted from itself"),
            );
            None
        } else {
            Some(Anchor::Item(name.to_string()))
        }
    } else {
        problem(
            value.span(),
            format!(
                "{field}: {name:?} names nothing: neither an event ({}) nor an item of this pathway",
                event_list()
            ),
        );
        None
    }
}

fn span_is_zero(span: Span) -> bool {
    matches!(
        span,
        Span::WorkingDays(0) | Span::Days(0) | Span::Weeks(0) | Span::Months(0) | Span::Hours(0)
    )
}

fn event_list() -> String {
    Event::ALL.map(Event::code).join(", ")
}

fn unknown_event(field: &str, name: &str) -> String {
    format!(
        "{field}: {name:?} is not an event (known events: {})",
        event_list()
    )
}

fn is_kebab(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// "3" or "2/3" (weeks 2 to 3).
fn parse_week(text: &str) -> Result<(u32, u32), String> {
    let number = |part: &str| -> Result<u32, String> {
        part.trim()
            .parse::<u32>()
            .map_err(|_| format!("week: {text:?} is not a week (write \"3\", or \"2/3\" for weeks 2 to 3)"))
    };
    let (first, last) = match text.split_once('/') {
        Some((a, b)) => (number(a)?, number(b)?),
        None => {
            let n = number(text)?;
            (n, n)
        }
    };
    if first == 0 || last == 0 {
        return Err(format!(
            "week: {text:?}: weeks count from 1 (week 1 begins on the day of the event)"
        ));
    }
    if last < first {
        return Err(format!("week: {text:?} ends before it begins"));
    }
    if last > LAST_WEEK {
        return Err(format!("week: {text:?} is beyond week {LAST_WEEK}"));
    }
    Ok((first, last))
}

/// Every circle of items counted from one another, each as its keys.
fn cycles(items: &[PathwayItem]) -> Vec<Vec<String>> {
    let depends: HashMap<&str, &str> = items
        .iter()
        .filter_map(|i| match i.timing.anchor() {
            Some(Anchor::Item(other)) => Some((i.key.as_str(), other.as_str())),
            Some(Anchor::Event(_)) | None => None,
        })
        .collect();
    let mut reported: HashSet<&str> = HashSet::new();
    let mut found = Vec::new();
    for start in depends.keys() {
        let mut path: Vec<&str> = vec![start];
        let mut current = *start;
        while let Some(&next) = depends.get(current) {
            if let Some(at) = path.iter().position(|k| *k == next) {
                let circle = &path[at..];
                if circle.iter().all(|k| !reported.contains(k)) {
                    reported.extend(circle.iter().copied());
                    let mut keys: Vec<String> = circle.iter().map(|k| k.to_string()).collect();
                    keys.push(next.to_string());
                    found.push(keys);
                }
                break;
            }
            path.push(next);
            current = next;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        parse("test.toml", text)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    const HEAD: &str = "name = \"test\"\ntitle = \"T\"\nsource = \"S\"\ncounted_from = \"gateway\"\n";

    #[test]
    fn a_small_pathway_reads_as_written() {
        let text = format!(
            "{HEAD}\n[[item]]\nkey = \"first-ppm\"\nweek = \"2/3\"\ntitle = \"First Permanency Planning Meeting.\"\n\n\
             [[item]]\nkey = \"cpr\"\nweek = \"4\"\ntitle = \"CPR started\"\nresponsible = \"SW\"\ncondition = \"in-care-proceedings\"\n\n\
             [[item]]\nkey = \"letter\"\ntitle = \"Letter\"\nwithin = \"5 working days\"\nof = \"first-ppm\"\nkind = \"deadline\"\nsource = \"Appendix 1\"\n"
        );
        let pathway = parse("test.toml", &text).unwrap();
        assert_eq!(pathway.counted_from, Event::Gateway);
        let first = &pathway.items[0];
        assert_eq!(
            first.timing,
            Timing::Week {
                first: 2,
                last: 3,
                from: Anchor::Event(Event::Gateway)
            }
        );
        assert_eq!(first.timing.week_label().as_deref(), Some("2/3"));
        assert_eq!(first.line, 6);
        assert_eq!(pathway.items[1].condition, Some(Condition::InCareProceedings));
        assert_eq!(
            pathway.items[2].timing,
            Timing::Within {
                span: Span::WorkingDays(5),
                of: Anchor::Item("first-ppm".into()),
                before: false
            }
        );
        assert_eq!(pathway.items[2].kind, Kind::Deadline);
    }

    #[test]
    fn mistakes_are_named_with_their_lines() {
        let text = format!(
            "{HEAD}\n[[item]]\nkey = \"a\"\nweek = \"0\"\ntitle = \"A\"\n\n\
             [[item]]\nkey = \"b\"\nweek = \"3\"\ntitle = \"B\"\ncondition = \"if-sunny\"\n\n\
             [[item]]\nkey = \"c\"\ntitle = \"C\"\nwithin = \"3 fortnights\"\nof = \"nowhere\"\n\n\
             [[item]]\nkey = \"b\"\ntitle = \"D\"\nwithin = \"1 week\"\nof = \"gateway\"\nkind = \"deadline\"\n"
        );
        let found = errors(&text);
        assert_eq!(
            found[0],
            "test.toml:8: week: \"0\": weeks count from 1 (week 1 begins on the day of the event)"
        );
        assert!(
            found[1].starts_with("test.toml:15: condition: \"if-sunny\" names nothing"),
            "{}",
            found[1]
        );
        assert!(
            found[2].starts_with("test.toml:20: within: \"fortnights\" is not a unit of time"),
            "{}",
            found[2]
        );
        assert!(
            found[3].starts_with("test.toml:21: of: \"nowhere\" names nothing"),
            "{}",
            found[3]
        );
        assert_eq!(found[4], "test.toml:24: key: \"b\" is already used on line 12");
        assert!(
            found[5].starts_with("test.toml:24: item \"b\" is a deadline but names no `source`"),
            "{}",
            found[5]
        );
        assert_eq!(found.len(), 6, "{found:#?}");
    }

    /// A deadline says who sets it; one that does not say is the
    /// authority's policy (never the law); a target says nothing of it.
    #[test]
    fn a_deadline_says_who_sets_it_and_policy_is_the_default() {
        let text = format!(
            "{HEAD}\n[[item]]\nkey = \"a\"\ntitle = \"A\"\nwithin = \"1 week\"\nof = \"gateway\"\nkind = \"deadline\"\nset_by = \"law\"\nsource = \"Children Act 1989\"\n\n\
             [[item]]\nkey = \"b\"\ntitle = \"B\"\nwithin = \"1 week\"\nof = \"gateway\"\nkind = \"deadline\"\nset_by = \"policy\"\nsource = \"Appendix 1\"\n\n\
             [[item]]\nkey = \"c\"\ntitle = \"C\"\nwithin = \"1 week\"\nof = \"gateway\"\nkind = \"deadline\"\nsource = \"Children Act 1989, s32\"\n\n\
             [[item]]\nkey = \"d\"\ntitle = \"D\"\nweek = \"2\"\n"
        );
        let pathway = parse("test.toml", &text).unwrap();
        let by: Vec<_> = pathway.items.iter().map(|i| i.deadline_by).collect();
        // "c" names an Act as its source, but says no `set_by`: policy.
        assert_eq!(
            by,
            [Some(SetBy::Law), Some(SetBy::Policy), Some(SetBy::Policy), None]
        );
    }

    #[test]
    fn a_bad_set_by_is_named_with_its_file_line_and_reason() {
        let text = format!(
            "{HEAD}\n[[item]]\nkey = \"a\"\ntitle = \"A\"\nwithin = \"1 week\"\nof = \"gateway\"\nkind = \"deadline\"\nset_by = \"statute\"\nsource = \"S\"\n\n\
             [[item]]\nkey = \"b\"\ntitle = \"B\"\nweek = \"2\"\nset_by = \"law\"\n"
        );
        let found = errors(&text);
        assert_eq!(
            found,
            [
                "test.toml:12: set_by: \"statute\" is neither \"law\" (an Act or Regulations set the deadline) nor \"policy\" (the authority's own policy does)",
                "test.toml:19: item \"b\" is a target, but `set_by` says who sets a deadline: give `kind = \"deadline\"` or leave `set_by` out",
            ]
        );
    }

    #[test]
    fn unknown_keys_are_refused() {
        let text = format!("{HEAD}\n[[item]]\nkey = \"a\"\nweek = \"1\"\ntitle = \"A\"\ncolour = \"red\"\n");
        let found = errors(&text);
        assert!(
            found[0].starts_with("test.toml:10: unknown field `colour`"),
            "{found:?}"
        );
    }

    #[test]
    fn circles_between_items_are_refused() {
        let text = format!(
            "{HEAD}\n[[item]]\nkey = \"a\"\ntitle = \"A\"\nwithin = \"1 week\"\nof = \"b\"\n\n\
             [[item]]\nkey = \"b\"\ntitle = \"B\"\nwithin = \"1 week\"\nof = \"c\"\n\n\
             [[item]]\nkey = \"c\"\ntitle = \"C\"\nweek = \"2\"\nfrom = \"a\"\n"
        );
        let found = errors(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("items are counted from each other in a circle"),
            "{}",
            found[0]
        );
        for key in ["a", "b", "c"] {
            assert!(found[0].contains(key));
        }
    }

    #[test]
    fn the_name_must_match_the_file() {
        let found = parse("adoption.toml", &HEAD.replace("test", "fostering"))
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>();
        assert!(
            found[0].contains("differs from the file's name \"adoption\""),
            "{found:?}"
        );
    }

    #[test]
    fn rows_tied_to_events_and_untimed_rows_read_as_written() {
        let text = format!(
            "ppms = false\nplacement = \"adoption\"\nbreakdown_of = \"adoption\"\nsupervision_order = true\n{HEAD}\n\
             [[item]]\nkey = \"profile\"\nweek = \"19\"\ntitle = \"Profiled two weeks after ADM\"\n\
             counts_from = {{ event = \"shobpa\", within = \"2 weeks\" }}\n\n\
             [[item]]\nkey = \"second-ppm\"\nevent = \"ppm\"\noccurrence = 2\nweek = \"8\"\ntitle = \"Second PPM\"\n\n\
             [[item]]\nkey = \"direct-work\"\nuntimed = true\ntitle = \"Direct work\"\n"
        );
        let pathway = parse("test.toml", &text).unwrap();
        assert!(!pathway.cadence.ppms);
        assert_eq!(pathway.cadence.placement, PlacementKind::Adoption);
        assert_eq!(pathway.breakdown_of.as_deref(), Some("adoption"));
        assert!(pathway.supervision_order);
        assert_eq!(
            pathway.items[0].counts_from,
            Some(CountsFrom {
                event: Event::Shobpa,
                span: Span::Weeks(2),
                before: false
            })
        );
        assert_eq!(
            (pathway.items[1].event, pathway.items[1].occurrence),
            (Some(Event::Ppm), 2)
        );
        assert_eq!(pathway.items[2].timing, Timing::Untimed);
    }

    #[test]
    fn ties_to_no_event_and_muddled_timings_are_refused() {
        let text = format!(
            "placement = \"orbit\"\n{HEAD}\n\
             [[item]]\nkey = \"a\"\nweek = \"19\"\ntitle = \"A\"\ncounts_from = {{ event = \"adm\", within = \"2 weeks\" }}\n\n\
             [[item]]\nkey = \"b\"\nweek = \"3\"\noccurrence = 2\ntitle = \"B\"\n\n\
             [[item]]\nkey = \"c\"\nweek = \"3\"\nuntimed = true\ntitle = \"C\"\n"
        );
        let found = errors(&text);
        assert!(found[0].contains("placement: \"orbit\" is neither"), "{found:?}");
        assert!(
            found[1].starts_with("test.toml:11: counts_from.event: \"adm\" is not an event"),
            "{found:?}"
        );
        assert!(
            found[2].starts_with("test.toml:16: occurrence: says which event but there is no `event`"),
            "{found:?}"
        );
        assert!(
            found[3].contains("item \"c\" is `untimed` but also gives a timing"),
            "{found:?}"
        );
        assert_eq!(found.len(), 4, "{found:#?}");
    }

    #[test]
    fn weeks_read_as_tables_write_them() {
        assert_eq!(parse_week("3"), Ok((3, 3)));
        assert_eq!(parse_week("2/3"), Ok((2, 3)));
        assert_eq!(parse_week(" 2 / 3 "), Ok((2, 3)));
        assert!(parse_week("3/2").unwrap_err().contains("ends before it begins"));
        assert!(parse_week("x").is_err());
        assert!(parse_week("600").unwrap_err().contains("beyond week 520"));
    }
}
