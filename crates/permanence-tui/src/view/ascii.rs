//! Screens for terminals that cannot show the symbols the program draws
//! with (the Linux console's fonts, a real VT100): each finished frame's
//! symbols are swapped for ASCII ones of the same width before it is
//! sent, so every screen keeps its layout and its meaning (`✓` done
//! becomes `+`, `✗` past its deadline `x`, boxes `+-|`). Letters are left
//! as they are: a name is never changed.

use ratatui::buffer::Buffer;

/// The ASCII stand-in for a symbol, if it needs one.
pub fn stand_in(symbol: &str) -> Option<&'static str> {
    let mut chars = symbol.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    if c.is_ascii() {
        return None;
    }
    Some(match c {
        '✓' => "+",
        '✗' | '×' => "x",
        '◆' | '•' => "*",
        '·' => ".",
        '…' => "~",
        '›' | '→' | '▶' => ">",
        '←' | '◀' => "<",
        '↓' | '▼' => "v",
        '↑' | '▲' => "^",
        '┊' | '┆' => ":",
        '—' | '–' | '−' => "-",
        '“' | '”' | '„' => "\"",
        '‘' | '’' => "'",
        // The dashboard's four fills stay four.
        '█' => "#",
        '▓' => "%",
        '▒' => "=",
        '░' => ".",
        '─' | '━' | '═' | '╌' | '┄' => "-",
        '│' | '┃' | '║' | '╎' => "|",
        // The rest of the box-drawing block: corners and joins.
        '\u{2500}'..='\u{257f}' => "+",
        _ => return None,
    })
}

/// The frame with every symbol that has a stand-in swapped for it.
pub fn plain(buffer: &mut Buffer) {
    for cell in buffer.content.iter_mut() {
        if let Some(ascii) = stand_in(cell.symbol()) {
            cell.set_symbol(ascii);
        }
    }
}

/// Whether the terminal can only be trusted with ASCII: the Linux console
/// and the VT100 family by their `TERM`, or anyone who asks with
/// `PERMANENCE_ASCII=1`.
pub fn wanted(var: impl Fn(&str) -> Option<String>) -> bool {
    if var("PERMANENCE_ASCII").is_some_and(|v| !v.is_empty() && v != "0") {
        return true;
    }
    let term = var("TERM").unwrap_or_default();
    matches!(term.as_str(), "linux" | "vt100" | "vt102" | "vt220" | "dumb")
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn every_symbol_the_screens_use_has_a_narrow_ascii_stand_in() {
        for symbol in [
            "✓", "✗", "◆", "·", "…", "›", "▼", "┊", "│", "─", "┌", "┐", "└", "┘", "├", "┤", "↓", "↑", "→",
            "←", "█", "▓", "▒", "░", "—", "–", "•", "×",
        ] {
            let ascii = stand_in(symbol).unwrap_or_else(|| panic!("{symbol} has no stand-in"));
            assert!(ascii.is_ascii() && ascii.width() == 1, "{symbol} → {ascii}");
        }
        let fills: Vec<_> = ["█", "▓", "▒", "░"].iter().map(|s| stand_in(s)).collect();
        let mut distinct = fills.clone();
        distinct.dedup();
        assert_eq!(distinct.len(), 4, "the dashboard's fills stay apart");
    }

    #[test]
    fn letters_and_ascii_are_left_alone() {
        for symbol in ["a", "Z", "7", " ", "é", "Ó", "İ", "王", "£"] {
            assert_eq!(stand_in(symbol), None, "{symbol}");
        }
    }

    #[test]
    fn the_console_and_the_vt100_family_get_ascii() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
        };
        assert!(wanted(env(&[("TERM", "linux")])));
        assert!(wanted(env(&[("TERM", "vt100")])));
        assert!(wanted(env(&[
            ("TERM", "xterm-256color"),
            ("PERMANENCE_ASCII", "1")
        ])));
        assert!(!wanted(env(&[
            ("TERM", "xterm-256color"),
            ("PERMANENCE_ASCII", "0")
        ])));
        assert!(!wanted(env(&[("TERM", "screen-256color")])));
    }
}
