//! Problems found in a data file, located by file and line, as every
//! loader in the program reports them: `adoption.toml:12: week 0: weeks
//! count from 1`.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub file: String,
    /// 1-based; 0 when the problem is with the file as a whole.
    pub line: usize,
    pub message: String,
}

impl FileError {
    /// A problem in `file`, located by the start of the byte span (of
    /// `text`) that the TOML reader gave for the value at fault: how every
    /// loader of a TOML file notes a problem.
    pub fn at_span(file: &str, text: &str, span: std::ops::Range<usize>, message: String) -> FileError {
        FileError {
            file: file.to_string(),
            line: line_of(text, span.start),
            message,
        }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

/// The 1-based line holding byte `offset` of `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
}

/// A TOML syntax or shape error as a located problem. The toml crate's
/// message repeats the offending line with a caret; only its first line
/// (what is wrong) is kept, since the location is given separately.
pub fn from_toml(file: &str, text: &str, error: &toml::de::Error) -> FileError {
    FileError {
        file: file.to_string(),
        line: error.span().map_or(0, |span| line_of(text, span.start)),
        message: error
            .message()
            .lines()
            .next()
            .unwrap_or("not valid TOML")
            .trim()
            .to_string(),
    }
}

/// A file's name without its folder or extension, which loaders check
/// against the name the file gives itself; empty if it has none.
pub fn stem(file: &str) -> String {
    std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_from_one() {
        let text = "a\nbb\nccc";
        assert_eq!(line_of(text, 0), 1);
        assert_eq!(line_of(text, 2), 2);
        assert_eq!(line_of(text, 5), 3);
        assert_eq!(line_of(text, 999), 3);
        let error = FileError {
            file: "x.toml".into(),
            line: 7,
            message: "week 0: weeks count from 1".into(),
        };
        assert_eq!(error.to_string(), "x.toml:7: week 0: weeks count from 1");
    }
}
