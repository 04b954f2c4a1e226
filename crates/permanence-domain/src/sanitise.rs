//! Untrusted text made safe for a terminal. A name or note holding an
//! escape sequence (`ESC ] 0 ; … BEL` retitles a terminal; others can move
//! the cursor or rewrite the screen) or a bidirectional override (which
//! makes text read differently from what it is) must never reach a
//! terminal as written. One set of rules, used at input (imports, typed
//! and pasted text) and at output (the screens, standard output and
//! error, exports).
//!
//! It also holds the longest a field may be, so that no one record can
//! stall a screen or fill a disk: a limit the product sets itself (the
//! seeds set none), checked where text comes in.

/// Characters that reorder text: the embeddings, overrides and isolates.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether a character is dropped: C0 controls (including ESC and BEL),
/// DEL, the 8-bit C1 controls (including CSI, U+009B) and bidi controls.
fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// Whether `text` holds anything the sanitiser would drop, apart from
/// line feeds and tabs (which text output keeps): the same answer as
/// asking of every character, found from the UTF-8 bytes in one pass
/// without decoding them. Output of any size is checked with this (a
/// 53,000-row report is 16 MB), so it must cost little more than reading
/// the bytes. The unsafe characters are few and their encodings short:
/// C0 controls and DEL are single bytes; C1 controls are `C2 80`–`C2 9F`;
/// the bidi controls are `E2 80 AA`–`E2 80 AE` and `E2 81 A6`–`E2 81 A9`.
pub fn has_unsafe(text: &str) -> bool {
    any_unsafe::<false>(text.as_bytes())
}

/// As [`has_unsafe`], carriage returns apart: for text whose every
/// carriage return ends a line (CRLF, as a calendar's lines end), so that
/// it is checked whole in one pass rather than split into its lines
/// first (splitting `ics`'s 9 million lines apart and checking each was
/// about a twelfth of its time at 100,000 children).
pub fn has_unsafe_but_returns(text: &str) -> bool {
    any_unsafe::<true>(text.as_bytes())
}

/// [`has_unsafe`], with carriage returns let pass if `RETURNS`: 32 bytes
/// at a time looked at together, and only a run with something other
/// than plain text in it looked at byte by byte.
fn any_unsafe<const RETURNS: bool>(bytes: &[u8]) -> bool {
    let plain = |chunk: &[u8]| {
        if RETURNS {
            plain_or_return(chunk)
        } else {
            plain_text(chunk)
        }
    };
    let unsafe_here = |i: usize| unsafe_at(bytes, i) && !(RETURNS && bytes[i] == b'\r');
    let mut chunks = bytes.chunks_exact(32);
    let mut at = 0;
    for chunk in chunks.by_ref() {
        if !plain(chunk) && (at..at + 32).any(unsafe_here) {
            return true;
        }
        at += 32;
    }
    !plain(chunks.remainder()) && (at..bytes.len()).any(unsafe_here)
}

/// Whether every byte is printable ASCII, a line feed or a tab, which
/// need no closer look; bytes of other characters do. Written without
/// early exits so that the compiler checks many bytes an instruction.
pub fn plain_text(bytes: &[u8]) -> bool {
    let mut other = false;
    for &b in bytes {
        other |= (b < 0x20) & (b != b'\n') & (b != b'\t') | (b >= 0x7F);
    }
    !other
}

/// Whether every byte is printable ASCII, a line feed, a tab or a
/// carriage return: [`plain_text`] for text with CRLF line ends.
pub fn plain_or_return(bytes: &[u8]) -> bool {
    let mut other = false;
    for &b in bytes {
        other |= (b < 0x20) & (b != b'\n') & (b != b'\t') & (b != b'\r') | (b >= 0x7F);
    }
    !other
}

/// Whether an unsafe character starts at byte `i`; a byte in the middle
/// of a character never matches, as no continuation byte starts one.
fn unsafe_at(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' | b'\t' => false,
        0x00..=0x1F | 0x7F => true,
        0xC2 => matches!(bytes.get(i + 1), Some(0x80..=0x9F)),
        0xE2 => matches!(
            (bytes.get(i + 1), bytes.get(i + 2)),
            (Some(0x80), Some(0xAA..=0xAE)) | (Some(0x81), Some(0xA6..=0xA9))
        ),
        _ => false,
    }
}

/// For one-line fields: unsafe characters dropped, line breaks and tabs
/// turned into spaces.
pub fn clean_line(text: &str) -> String {
    let mut clean = String::with_capacity(text.len());
    push_clean_line(&mut clean, text);
    clean
}

/// [`clean_line`] written onto the end of `out`: for text made of many
/// fields (a tracker's row for each child of a national cohort) without
/// a text made for each.
pub fn push_clean_line(out: &mut String, text: &str) {
    if !text.chars().any(is_unsafe) {
        out.push_str(text);
        return;
    }
    out.extend(text.chars().filter_map(|c| match c {
        '\n' | '\r' | '\t' => Some(' '),
        c if is_unsafe(c) => None,
        c => Some(c),
    }));
}

/// For text that may run over lines (notes): line breaks kept, tabs as
/// spaces, everything else unsafe dropped.
pub fn clean_text(text: &str) -> String {
    if !text.chars().any(|c| is_unsafe(c) && c != '\n') {
        return text.to_string();
    }
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if is_unsafe(c) => None,
            c => Some(c),
        })
        .collect()
}

/// Whether a typed or pasted character may go into a field.
pub fn may_type(c: char) -> bool {
    !is_unsafe(c)
}

/// The most characters a name or other one-line field (a person's name,
/// a team, who attended) may hold.
pub const NAME_LIMIT: usize = 200;

/// The most characters a note or long answer may hold.
pub const TEXT_LIMIT: usize = 100_000;

/// Which limit a field is held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// A name or other one-line field: [`NAME_LIMIT`].
    Name,
    /// A note or long answer: [`TEXT_LIMIT`].
    Text,
}

impl Size {
    pub fn limit(self) -> usize {
        match self {
            Size::Name => NAME_LIMIT,
            Size::Text => TEXT_LIMIT,
        }
    }
}

/// Text longer than its field may hold. The caller names the field and
/// where it came from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{chars} characters is more than the {limit} it may hold (a limit this product sets, so that no one record can stall the screens)"
)]
pub struct TooLong {
    pub chars: usize,
    pub limit: usize,
}

/// Refuses text longer than `size` allows, counting characters as typed.
pub fn within(text: &str, size: Size) -> Result<(), TooLong> {
    let limit = size.limit();
    // Counting stops just past the limit: a field of a million characters
    // costs no more to refuse than one of a thousand.
    if text.chars().nth(limit).is_none() {
        return Ok(());
    }
    Err(TooLong {
        chars: text.chars().count(),
        limit,
    })
}

/// A one-line field as it will be kept: cleaned, trimmed and within
/// `size`.
pub fn line_field(text: &str, size: Size) -> Result<String, TooLong> {
    let text = clean_line(text).trim().to_string();
    within(&text, size)?;
    Ok(text)
}

/// A field that may run over lines, as it will be kept: cleaned, trimmed
/// and within `size`.
pub fn text_field(text: &str, size: Size) -> Result<String, TooLong> {
    let text = clean_text(text).trim().to_string();
    within(&text, size)?;
    Ok(text)
}

/// At most `max` characters of `text`, for drawing: a screen never
/// measures or wraps more of a field than could fit in it.
pub fn head(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

/// Markdown for untrusted text: HTML that a Markdown viewer would run or
/// fetch (`<script>`, `<img onerror>`) is shown as text, and cleaned of
/// controls as everywhere else.
pub fn markdown_text(text: &str) -> String {
    let text = clean_text(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// Every string in a JSON value (keys too) cleaned as a note is: JSON
/// escapes a control character as `\u001b`, which a reader such as
/// `jq -r` turns back into a live escape, so the text is cleaned before it
/// is written, not only the bytes after.
pub fn clean_json(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(text) => {
            if text.chars().any(|c| is_unsafe(c) && c != '\n') {
                *text = clean_text(text);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(clean_json),
        Value::Object(map) => {
            if map.keys().any(|k| k.chars().any(is_unsafe)) {
                let taken = std::mem::take(map);
                *map = taken.into_iter().map(|(k, v)| (clean_line(&k), v)).collect();
            }
            map.values_mut().for_each(clean_json);
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// A spreadsheet treats a cell beginning with one of these as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a spreadsheet would take the cell for a formula, looking past
/// any apostrophes already in front (so quoting is reversible).
fn looks_like_formula(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// A cell for a CSV file that will be opened in Excel: one that would be
/// read as a formula gets a leading apostrophe, which spreadsheets show as
/// text and do not display.
pub fn csv_cell(text: &str) -> String {
    let text = clean_text(text);
    if looks_like_formula(&text) {
        format!("'{text}")
    } else {
        text
    }
}

/// Undoes [`csv_cell`] on import, so an exported file imports unchanged.
pub fn from_csv_cell(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if looks_like_formula(rest) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn has_unsafe_agrees_with_asking_every_character(text in "\\PC*|[\\x00-\\x{A0}\\x{2028}-\\x{206F}a-zé\\n\\t]{0,40}") {
            let by_character = text.chars().any(|c| c != '\n' && c != '\t' && is_unsafe(c));
            prop_assert_eq!(has_unsafe(&text), by_character);
        }

        /// Carriage returns apart, the same answer: text long enough to
        /// run over several 32-byte runs, returns and the bytes of unsafe
        /// characters falling anywhere in them.
        #[test]
        fn has_unsafe_but_returns_agrees_with_asking_every_character(text in "[\\x00-\\x{A0}\\x{2028}-\\x{206F}a-zé\\r\\n\\t]{0,120}|(a{0,40}\\r\\n[a-zé—]{0,40}){1,4}") {
            let by_character = text.chars().any(|c| !matches!(c, '\n' | '\t' | '\r') && is_unsafe(c));
            prop_assert_eq!(has_unsafe_but_returns(&text), by_character);
            prop_assert_eq!(has_unsafe_but_returns(&text), has_unsafe(&text.replace('\r', "")));
        }
    }

    #[test]
    fn has_unsafe_finds_each_kind_at_either_end() {
        for bad in [
            '\u{1b}', '\u{7f}', '\u{9b}', '\u{80}', '\u{202e}', '\u{202a}', '\u{2066}', '\u{2069}', '\r',
        ] {
            assert!(has_unsafe(&format!("{bad}abc")), "{:?} at the start", bad);
            assert!(has_unsafe(&format!("abc{bad}")), "{:?} at the end", bad);
        }
        // At every offset within and across the 32-byte pieces it is
        // read in.
        for before in 0..70 {
            for bad in ['\u{0}', '\u{1f}', '\u{7f}', '\u{9f}', '\u{202c}', '\u{2068}'] {
                let text = format!("{}{bad}{}", "~".repeat(before), " ".repeat(69 - before));
                assert!(has_unsafe(&text), "{bad:?} after {before} bytes");
                assert!(!has_unsafe(&text.replace(bad, "é")), "é after {before} bytes");
            }
        }
        for fine in [
            "Zoë’s “plan” — 2026",
            "a\tb\nc",
            "\u{a0}\u{2029}\u{2065}\u{206a}\u{202f}",
            "",
        ] {
            assert!(!has_unsafe(fine), "{fine:?}");
        }
    }

    #[test]
    fn limits_refuse_long_fields_and_keep_short_ones() {
        assert_eq!(line_field("  Amara  ", Size::Name), Ok("Amara".to_string()));
        let long = "a".repeat(NAME_LIMIT + 1);
        assert_eq!(
            line_field(&long, Size::Name),
            Err(TooLong {
                chars: NAME_LIMIT + 1,
                limit: NAME_LIMIT
            })
        );
        assert!(line_field(&"é".repeat(NAME_LIMIT), Size::Name).is_ok());
        assert!(text_field(&"x\n".repeat(TEXT_LIMIT / 2), Size::Text).is_ok());
        assert!(text_field(&"x".repeat(TEXT_LIMIT + 1), Size::Text).is_err());
        assert_eq!(head("Zoë Ólafsdóttir", 3), "Zoë");
        assert_eq!(head("Leo", 10), "Leo");
    }

    #[test]
    fn json_strings_are_cleaned_at_every_depth() {
        let mut value = serde_json::json!({
            "name": "Amara\u{1b}]0;x\u{7}",
            "notes": ["one\ntwo\u{202E}", {"k\u{9b}": "v\u{9b}"}],
            "n": 3
        });
        clean_json(&mut value);
        assert_eq!(
            value,
            serde_json::json!({"name": "Amara]0;x", "notes": ["one\ntwo", {"k": "v"}], "n": 3})
        );
    }

    #[test]
    fn markdown_shows_html_as_text() {
        let md = markdown_text("<script>alert(1)</script><img src=x onerror=alert(1)> & \u{1b}]0;x\u{7}");
        assert!(!md.contains('<') && !md.contains('>'), "{md}");
        assert!(md.contains("&lt;script&gt;") && md.contains("&amp;"));
        assert!(!md.chars().any(|c| c.is_control()));
    }

    #[test]
    fn escape_sequences_lose_their_power() {
        // Retitle the terminal, then clear the screen in 8-bit CSI.
        let evil = "Amara\u{1b}]0;pwned\u{7} Okafor\u{9b}2J";
        let clean = clean_line(evil);
        assert_eq!(clean, "Amara]0;pwned Okafor2J");
        assert!(!clean.chars().any(char::is_control));
        assert_eq!(clean_line("Leo\u{202E}olleh"), "Leoolleh");
        assert_eq!(clean_line("two\nlines\tand tab"), "two lines and tab");
        assert_eq!(clean_text("two\nlines\u{1b}[31m"), "two\nlines[31m");
        assert_eq!(clean_line("Zoë Ólafsdóttir"), "Zoë Ólafsdóttir");
    }

    #[test]
    fn formulas_are_neutralised_and_restored() {
        for cell in ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "'=x"] {
            let safe = csv_cell(cell);
            assert!(safe.starts_with('\''), "{cell:?} -> {safe:?}");
        }
        assert_eq!(csv_cell("Amara"), "Amara");
        assert_eq!(from_csv_cell("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(from_csv_cell("'tis"), "'tis");
        assert_eq!(from_csv_cell("O'Brien"), "O'Brien");
    }

    proptest! {
        #[test]
        fn cleaned_text_never_holds_a_control_or_bidi_character(text in "\\PC*|[\\x00-\\x1f\\x7f-\\x9f\\u{202a}-\\u{202e}a-z]*") {
            let line = clean_line(&text);
            prop_assert!(!line.chars().any(|c| c.is_control() || is_bidi_control(c)));
            let block = clean_text(&text);
            prop_assert!(!block.chars().any(|c| (c.is_control() && c != '\n') || is_bidi_control(c)));
            // Clean text is left as it was.
            prop_assert_eq!(clean_line(&line), line.clone());
        }

        #[test]
        fn csv_cells_round_trip(text in "[=+@a-zA-Z' -]{0,12}") {
            let cleaned = clean_text(&text);
            let cell = csv_cell(&text);
            prop_assert_eq!(from_csv_cell(&cell), cleaned.as_str());
        }
    }
}
