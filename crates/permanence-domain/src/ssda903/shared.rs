//! A cell's text as a row of the return holds it: one allocation shared by
//! every row that repeats it. A national return is about a million rows,
//! each naming its child and several codes from short lists; held as a
//! `String` a cell, they were most of the import's memory (a heaptrack of
//! a 20,000-child import: docs/performance.md). A child's reference is
//! now held once a file and each code once, every row pointing at it.

use std::borrow::Borrow;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// Text read from a cell, shared with every other row of its file that
/// holds the same text. Compares, hashes, orders and prints as the text.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Shared(Arc<str>);

impl Shared {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Shared {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Shared {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Shared {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Shared {
    fn from(text: &str) -> Shared {
        Shared(Arc::from(text))
    }
}

impl From<String> for Shared {
    fn from(text: String) -> Shared {
        Shared(Arc::from(text))
    }
}

impl From<Shared> for String {
    fn from(text: Shared) -> String {
        text.0.to_string()
    }
}

impl PartialEq<str> for Shared {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Shared {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Shared {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The texts a file's rows have held so far, each once: a row's cell is
/// looked up here before a new allocation is made for it. Kept while one
/// file is read and let go after.
#[derive(Debug, Clone, Default)]
pub struct Sharing(HashSet<Shared>);

impl Sharing {
    /// `text`, shared with the rows read before that held it.
    pub fn share(&mut self, text: &str) -> Shared {
        if let Some(held) = self.0.get(text) {
            return held.clone();
        }
        let held = Shared::from(text);
        self.0.insert(held.clone());
        held
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_read_twice_is_held_once_and_still_reads_as_itself() {
        let mut sharing = Sharing::default();
        let a = sharing.share("C2");
        let b = sharing.share("C2");
        let c = sharing.share("E1");
        assert!(Arc::ptr_eq(&a.0, &b.0), "the second C2 points at the first");
        assert!(!Arc::ptr_eq(&a.0, &c.0));
        assert_eq!(a, "C2");
        assert_eq!(a.as_str(), "C2");
        assert_eq!(c.to_string(), "E1");
        assert_eq!(format!("{a:?}"), "\"C2\"");
        assert!(a < c, "ordered as the text");
    }
}
