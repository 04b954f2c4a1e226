//! Everything the command line prints goes through here, so that no byte
//! of a record (a name with an escape sequence in it, a note with a bidi
//! override) reaches the terminal as written, whatever command prints it
//! and in whatever form (text, CSV, JSON, Markdown). Fields are cleaned
//! where they come in as well; this is the guard for what was stored
//! before that, or slips past it.
//!
//! The `println!` family is shadowed for the whole `commands` module (see
//! the macros in `commands/mod.rs`), and writers use [`stdout`], so a new
//! command gets the guard without asking for it.

use std::io::{self, Write};

/// A writer that passes on only what a terminal shows as text: the one
/// sanitiser's rules, applied to a stream that may arrive in pieces.
/// Line breaks (and a carriage return before one, as calendars need) and
/// tabs are kept; every other control character, C1 control and bidi
/// control is dropped. Bytes that are not UTF-8 become U+FFFD.
pub struct Clean<W: Write> {
    inner: W,
    /// The start of a character split across two writes, or a carriage
    /// return waiting to see whether a line feed follows.
    pending: Vec<u8>,
}

impl<W: Write> Clean<W> {
    pub fn new(inner: W) -> Clean<W> {
        Clean {
            inner,
            pending: Vec::new(),
        }
    }

    /// Writes out `text`, cleaned. A carriage return at its very end is
    /// held back unless `last`.
    fn pass(&mut self, text: &str, last: bool) -> io::Result<()> {
        if !crate::domain::sanitise::has_unsafe(text) {
            return self.inner.write_all(text.as_bytes());
        }
        let mut out = String::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\n' | '\t' => out.push(c),
                '\r' => match chars.peek() {
                    Some('\n') => out.push('\r'),
                    None if !last => self.pending.push(b'\r'),
                    _ => {}
                },
                c if crate::domain::sanitise::may_type(c) => out.push(c),
                _ => {}
            }
        }
        self.inner.write_all(out.as_bytes())
    }

    /// Writes out whatever is held back, as it stands.
    fn drain(&mut self) -> io::Result<()> {
        let held = std::mem::take(&mut self.pending);
        let text = String::from_utf8_lossy(&held).into_owned();
        self.pass(&text, true)
    }
}

/// Whole characters with nothing to drop: what almost every write is,
/// passed on as it is after one look at its bytes (looking at it a
/// character at a time made a 53,000-row report two and a half times
/// slower). A calendar's lines end in CRLF, which is kept: text whose
/// every carriage return comes before a line feed is looked at the same
/// way between them (before, every write of `ics` was rebuilt a character
/// at a time, two fifths of its time), in one look at the whole: split
/// into its lines first, a write of 64 KiB with one accented letter in it
/// was looked at line by line.
fn plain(bytes: &[u8]) -> bool {
    use crate::domain::sanitise::{has_unsafe, has_unsafe_but_returns, plain_text};
    if plain_text(bytes) {
        return true;
    }
    if !returns_end_lines(bytes) {
        return std::str::from_utf8(bytes).is_ok_and(|text| !has_unsafe(text));
    }
    std::str::from_utf8(bytes).is_ok_and(|text| !has_unsafe_but_returns(text))
}

/// Whether every carriage return is followed by a line feed (so none is
/// last). Without early exits, as [`plain_text`](crate::domain::sanitise::plain_text),
/// so that the compiler checks many bytes an instruction.
fn returns_end_lines(bytes: &[u8]) -> bool {
    let next = bytes.get(1..).unwrap_or_default();
    let lone = bytes.iter().zip(next).fold(false, |lone, (&b, &after)| {
        lone | ((b == b'\r') & (after != b'\n'))
    });
    !lone && bytes.last() != Some(&b'\r')
}

impl<W: Write> Write for Clean<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.pending.is_empty() && plain(buf) {
            self.inner.write_all(buf)?;
            return Ok(buf.len());
        }
        // Only a character or line end held back from the last write is
        // joined to this one; otherwise the buffer is read where it is.
        let joined;
        let mut rest: &[u8] = if self.pending.is_empty() {
            buf
        } else {
            let mut bytes = std::mem::take(&mut self.pending);
            bytes.extend_from_slice(buf);
            joined = bytes;
            &joined
        };
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    self.pass(text, false)?;
                    break;
                }
                Err(e) => {
                    let (good, after) = rest.split_at(e.valid_up_to());
                    // Already checked by from_utf8 up to valid_up_to.
                    self.pass(std::str::from_utf8(good).unwrap_or_default(), true)?;
                    match e.error_len() {
                        Some(bad) => {
                            self.inner.write_all("\u{FFFD}".as_bytes())?;
                            rest = &after[bad..];
                        }
                        // A character cut off at the end of this write:
                        // wait for the rest of it.
                        None => {
                            self.pending.extend_from_slice(after);
                            break;
                        }
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        // A flush is not the end: a character may still be completed.
        self.inner.flush()
    }
}

impl<W: Write> Drop for Clean<W> {
    fn drop(&mut self) {
        // Whatever is left can only be printed as it is; an error here
        // has nowhere to go (the reader has gone, or the disk is full,
        // and the write before this one said so).
        if !self.pending.is_empty() {
            let _ = self.drain();
        }
        let _ = self.inner.flush();
    }
}

/// Standard output, cleaned.
pub fn stdout() -> Clean<io::StdoutLock<'static>> {
    Clean::new(io::stdout().lock())
}

/// Standard error, cleaned.
pub fn stderr() -> Clean<io::StderrLock<'static>> {
    Clean::new(io::stderr().lock())
}

/// A progress line on standard error, only when it is a terminal: the
/// text cleaned, then written over the line before (`None` clears it). The
/// one place a command writes a control sequence, so that a long import
/// can say what it is doing without anything captured ever carrying it.
pub fn progress(what: Option<&str>) {
    use std::io::IsTerminal;
    let mut err = io::stderr().lock();
    if !err.is_terminal() {
        return;
    }
    let text = what.map(crate::domain::sanitise::clean_line).unwrap_or_default();
    let _ = write!(err, "\r\x1b[2K{text}");
    let _ = err.flush();
}

/// `value` as pretty JSON followed by a line break, every string in it
/// cleaned first (see [`crate::domain::sanitise::clean_json`]).
pub fn json<W: Write, T: serde::Serialize + ?Sized>(out: &mut W, value: &T) -> anyhow::Result<()> {
    let mut value = serde_json::to_value(value)?;
    crate::domain::sanitise::clean_json(&mut value);
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)?;
    Ok(())
}

/// As [`json`], as a string (for commands that print through a helper).
pub fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> anyhow::Result<String> {
    let mut value = serde_json::to_value(value)?;
    crate::domain::sanitise::clean_json(&mut value);
    Ok(serde_json::to_string_pretty(&value)?)
}

/// What the shadowed `println!`/`print!` call: one piece of formatted
/// text to standard output, cleaned. Like the standard macros they
/// replace, a failure to write is not returned; unlike them, a reader
/// that has gone away (`| head`) ends the program quietly instead of
/// with a panic, and any other failure ends it with a message.
pub fn print_out(args: std::fmt::Arguments<'_>) {
    let mut out = stdout();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        drop(out);
        gone(&e);
    }
}

/// What the shadowed `eprintln!`/`eprint!` call.
pub fn print_err(args: std::fmt::Arguments<'_>) {
    let mut out = stderr();
    // Nowhere left to report a failure to write to standard error.
    let _ = out.write_fmt(args);
}

fn gone(e: &io::Error) -> ! {
    if e.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    print_err(format_args!("permanence: cannot write to standard output: {e}\n"));
    std::process::exit(1);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(pieces: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut clean = Clean::new(&mut out);
            for piece in pieces {
                clean.write_all(piece).unwrap();
            }
        }
        out
    }

    #[test]
    fn escape_sequences_are_dropped_even_split_across_writes() {
        let evil = "Amara\u{1b}]0;pwned\u{7} \u{9b}2J\u{202E}Okafor\n".as_bytes();
        assert_eq!(cleaned(&[evil]), b"Amara]0;pwned 2JOkafor\n");
        // U+009B is C2 9B and U+202E is E2 80 AE: cut them in half.
        let split: Vec<&[u8]> = evil.chunks(1).collect();
        assert_eq!(cleaned(&split), b"Amara]0;pwned 2JOkafor\n");
    }

    proptest::proptest! {
        /// However the bytes are split into writes, what comes out is the
        /// same, and holds nothing a terminal would act on.
        #[test]
        fn any_split_gives_the_same_clean_text(
            text in "[\\x00-\\x1f\\x7f-\\x9f\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}a-zé€😀\\r\\n]{0,40}",
            cut in 1usize..7,
        ) {
            let whole = cleaned(&[text.as_bytes()]);
            let pieces: Vec<&[u8]> = text.as_bytes().chunks(cut).collect();
            proptest::prop_assert_eq!(cleaned(&pieces), whole.clone());
            let shown = String::from_utf8(whole).unwrap();
            proptest::prop_assert!(shown.chars().all(|c| matches!(c, '\n' | '\t' | '\r') || crate::domain::sanitise::may_type(c)));
            proptest::prop_assert!(!shown.replace("\r\n", "").contains('\r'));
        }
    }

    /// What the cleaning keeps of a whole text, a character at a time:
    /// line feeds, tabs, a carriage return before a line feed and every
    /// character that may be typed.
    fn kept(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let keep = match c {
                '\n' | '\t' => true,
                '\r' => chars.peek() == Some(&'\n'),
                c => crate::domain::sanitise::may_type(c),
            };
            if keep {
                out.push(c);
            }
        }
        out
    }

    proptest::proptest! {
        /// Text passed on whole (calendars' CRLF lines among it) is
        /// exactly what looking at every character keeps.
        #[test]
        fn text_passed_on_whole_is_what_every_character_keeps(
            text in "([a-z ,;é–]|\r\n|\r|\n|\t|\x1b|\x7f|\u{9b}|\u{202e}){0,60}",
        ) {
            let shown = String::from_utf8(cleaned(&[text.as_bytes()])).unwrap();
            proptest::prop_assert_eq!(shown, kept(&text));
        }
    }

    #[test]
    fn calendars_keep_their_line_ends_and_text_keeps_its_letters() {
        let calendar = "BEGIN:VEVENT\r\nSUMMARY:Café – review\r\n fold\r\nEND:VEVENT\r\n";
        assert_eq!(cleaned(&[calendar.as_bytes()]), calendar.as_bytes());
        assert!(plain(calendar.as_bytes()) && plain(b"A\r\nB\r\n"));
        assert!(!plain(b"A\r\nB\r") && !plain(b"A\rB\r\n") && !plain("A\r\n\u{202E}".as_bytes()));
        assert_eq!(cleaned(&[b"BEGIN\r", b"\nEND\r\n"]), b"BEGIN\r\nEND\r\n");
        assert_eq!(cleaned(&[b"over\rwrite"]), b"overwrite");
        assert_eq!(cleaned(&[b"a\tb\n"]), b"a\tb\n");
        assert_eq!(
            cleaned(&["Zoë Ólafsdóttir".as_bytes()]),
            "Zoë Ólafsdóttir".as_bytes()
        );
        assert_eq!(cleaned(&[b"bad \xff byte"]), "bad \u{FFFD} byte".as_bytes());
        // A character cut off at the very end is still written, as U+FFFD.
        assert_eq!(cleaned(&[b"end \xe2\x80"]), "end \u{FFFD}".as_bytes());
    }
}
