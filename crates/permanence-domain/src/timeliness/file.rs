//! Reads the measures' thresholds file (`data/timeliness.toml`): each
//! measure once, with its threshold and where the threshold comes from, so
//! that a new year's thresholds are a change to data, not to code.

use super::{Measure, Rule, Thresholds};
use crate::file_error::{FileError, from_toml, line_of};
use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    measure: Vec<Spanned<RawMeasure>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasure {
    code: Spanned<String>,
    title: String,
    threshold_days: Option<Spanned<i64>>,
    under_months: Option<Spanned<i64>>,
    source: Spanned<String>,
}

/// The thresholds in `text` (named `file` in problems), every problem
/// listed with its line.
pub fn parse(file: &str, text: &str) -> Result<Thresholds, Vec<FileError>> {
    let raw: RawFile = toml::from_str(text).map_err(|e| vec![from_toml(file, text, &e)])?;
    let mut rules: Vec<Rule> = Vec::new();
    let mut problems = Vec::new();
    let at = |span: std::ops::Range<usize>, message: String| FileError {
        file: file.to_string(),
        line: line_of(text, span.start),
        message,
    };
    for entry in raw.measure {
        let whole = entry.span();
        let entry = entry.into_inner();
        let Some(measure) = Measure::parse(entry.code.get_ref()) else {
            problems.push(at(
                entry.code.span(),
                format!(
                    "code: {:?} is not a measure (measures: A1, A10, A2, A3)",
                    entry.code.get_ref()
                ),
            ));
            continue;
        };
        if rules.iter().any(|r| r.measure == measure) {
            problems.push(at(entry.code.span(), format!("code: {measure} is given twice")));
            continue;
        }
        if entry.source.get_ref().trim().is_empty() {
            problems.push(at(
                entry.source.span(),
                "source: say where the threshold comes from".into(),
            ));
        }
        let positive = |value: &Option<Spanned<i64>>, key: &str, problems: &mut Vec<FileError>| {
            value.as_ref().and_then(|v| match u32::try_from(*v.get_ref()) {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    problems.push(at(
                        v.span(),
                        format!("{key}: {} is not a whole number above 0", v.get_ref()),
                    ));
                    None
                }
            })
        };
        let threshold_days = positive(&entry.threshold_days, "threshold_days", &mut problems);
        let under_months = positive(&entry.under_months, "under_months", &mut problems);
        // A3 is a share of children under a number of months; the others
        // are averages in days held to a threshold.
        let (is_a3, days, months) = (measure == Measure::A3, &entry.threshold_days, &entry.under_months);
        if is_a3 && months.is_none() {
            problems.push(at(
                whole.clone(),
                "A3: give under_months, the months a child must be placed within".into(),
            ));
        }
        if let (true, Some(days)) = (is_a3, days) {
            problems.push(at(
                days.span(),
                "threshold_days: A3 is a share, not days; it has under_months".into(),
            ));
        }
        if !is_a3 && days.is_none() {
            problems.push(at(
                whole.clone(),
                format!("{measure}: give threshold_days, the most days its average may be"),
            ));
        }
        if let (false, Some(months)) = (is_a3, months) {
            problems.push(at(
                months.span(),
                format!("under_months: only A3 counts months; {measure} has threshold_days"),
            ));
        }
        rules.push(Rule {
            measure,
            title: entry.title,
            threshold_days,
            under_months,
            source: entry.source.into_inner(),
        });
    }
    for measure in Measure::ALL {
        if !rules.iter().any(|r| r.measure == measure) {
            problems.push(FileError {
                file: file.to_string(),
                line: 0,
                message: format!("{measure} is missing: every measure needs its [[measure]]"),
            });
        }
    }
    if problems.is_empty() {
        Ok(Thresholds { rules })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_holds_the_published_thresholds() {
        let text = include_str!("../../../../data/timeliness.toml");
        let thresholds = parse("timeliness.toml", text).unwrap();
        assert_eq!(thresholds.days(Measure::A1), Some(426));
        assert_eq!(thresholds.days(Measure::A2), Some(121));
        assert_eq!(thresholds.days(Measure::A10), Some(426));
        assert_eq!(thresholds.under_months(), 14);
        for rule in &thresholds.rules {
            assert!(rule.source.contains("DfE"), "{}", rule.source);
        }
    }

    #[test]
    fn every_problem_is_named_with_its_line() {
        let text = "\
[[measure]]
code = \"A1\"
title = \"x\"
threshold_days = 0
source = \"s\"

[[measure]]
code = \"A9\"
title = \"x\"
threshold_days = 3
source = \"s\"

[[measure]]
code = \"A3\"
title = \"x\"
threshold_days = 3
source = \"\"
";
        let problems: Vec<String> = parse("t.toml", text)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "t.toml:4: threshold_days: 0 is not a whole number above 0",
                "t.toml:8: code: \"A9\" is not a measure (measures: A1, A10, A2, A3)",
                "t.toml:17: source: say where the threshold comes from",
                "t.toml:13: A3: give under_months, the months a child must be placed within",
                "t.toml:16: threshold_days: A3 is a share, not days; it has under_months",
                "t.toml: A10 is missing: every measure needs its [[measure]]",
                "t.toml: A2 is missing: every measure needs its [[measure]]",
            ]
        );
    }

    #[test]
    fn an_unknown_key_is_refused() {
        let text =
            "[[measure]]\ncode = \"A1\"\ntitle = \"x\"\nthreshold_days = 3\nsource = \"s\"\nmonths = 2\n";
        let problems = parse("t.toml", text).unwrap_err();
        assert_eq!(problems[0].line, 6, "{problems:?}");
    }
}
