//! The dashboard's adoption timeliness panel, drawn under the charts: the
//! DfE year's A1, A2 and A3 against their thresholds (in words, so it
//! reads without colour), and how many waiting children's clocks pass a
//! threshold within four weeks or already have.

use crate::domain::date::DateStyle;
use crate::domain::timeliness::panel::{Panel, SOON_DAYS};
use crate::domain::timeliness::{Measure, MeasureLine};
use crate::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// The rows the panel takes: its border and two lines.
pub const HEIGHT: u16 = 4;

/// A measure as the panel words it: "A1 403d (≤426 met)".
fn measure_words(line: &MeasureLine) -> String {
    let code = line.measure.code();
    let Some(value) = line.period.value else {
        return format!("{code} none counted");
    };
    if line.measure == Measure::A3 {
        return format!("{code} {value}% within 14 months");
    }
    match (line.threshold, line.met(line.period)) {
        (Some(threshold), Some(met)) => format!(
            "{code} {value}d (≤{threshold} {})",
            if met { "met" } else { "over" }
        ),
        _ => format!("{code} {value}d"),
    }
}

/// The panel's two lines: the year's measures, then the waiting clocks.
pub fn text(panel: &Panel) -> [String; 2] {
    let measures = if panel.lines.iter().all(|l| l.period.children == 0) {
        "No children adopted in the year".to_string()
    } else {
        let words: Vec<String> = panel.lines.iter().map(measure_words).collect();
        words.join(" · ")
    };
    let clocks = |n: usize| format!("{n} clock{}", if n == 1 { "" } else { "s" });
    let waiting = format!(
        "Waiting: {} pass{} a threshold within {SOON_DAYS} days; {} already past",
        clocks(panel.soon),
        if panel.soon == 1 { "es" } else { "" },
        panel.over
    );
    [measures, waiting]
}

pub fn draw(theme: &Theme, dates: DateStyle, panel: &Panel, frame: &mut Frame<'_>, area: Rect) {
    let title = format!("Adoption timeliness, year to {}", dates.show(panel.period.to));
    let block = Block::bordered()
        .border_style(theme.border)
        .title(Span::styled(title, theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines: Vec<Line> = text(panel)
        .into_iter()
        .map(|l| Line::styled(l, theme.text))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
