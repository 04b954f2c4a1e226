//! One macro for the enums that files, the command line and the database
//! name by a code and screens by a label (a legal status, an event, a
//! role, ...), so each such enum is one table rather than four hand-written
//! matches that must agree: `ALL`, `code()`, `label()` and `parse()`.
//!
//! ```ignore
//! coded! {
//!     Region, loose, aliases { "wales" => EnglandAndWales };
//!     EnglandAndWales => "england-and-wales", "England and Wales";
//!     Scotland => "scotland", "Scotland";
//! }
//! ```
//!
//! The enum itself stays where it is, with its derives and its variants'
//! comments. After its name comes how `parse` reads text:
//! - `loose`: trimmed, and ASCII case-insensitive on the code (and aliases);
//! - `exact`: the code (or an alias) exactly as written, where a file's
//!   value has always had to be spelt as the code;
//! - `custom`: no `parse` is made; the enum writes its own because it reads
//!   more than codes and aliases (a role's spaces for dashes, say).
//!
//! Rows are `Variant => "code", "label";`, or `Variant => "code";` for an
//! enum without labels (every row alike). An alias names a variant by
//! other words, tried after the codes.

/// Makes `ALL`, `code()`, `label()` (when the rows have labels) and
/// `parse()` (unless `custom`) for an enum, from one table. See the
/// module's header for the syntax.
macro_rules! coded {
    (
        $ty:ident, $mode:ident $(, aliases { $($alias:literal => $target:ident),* $(,)? })?;
        $($variant:ident => $code:literal, $label:literal;)+
    ) => {
        $crate::coded::coded!(@base $ty, $mode, [$($($alias => $target),*)?]; $($variant => $code;)+);
        impl $ty {
            /// How a screen or a report names it.
            pub fn label(self) -> &'static str {
                match self {
                    $($ty::$variant => $label,)+
                }
            }
        }
    };
    (
        $ty:ident, $mode:ident $(, aliases { $($alias:literal => $target:ident),* $(,)? })?;
        $($variant:ident => $code:literal;)+
    ) => {
        $crate::coded::coded!(@base $ty, $mode, [$($($alias => $target),*)?]; $($variant => $code;)+);
    };
    (@base $ty:ident, $mode:ident, [$($alias:literal => $target:ident),*]; $($variant:ident => $code:literal;)+) => {
        impl $ty {
            /// Every value, in the table's order.
            pub const ALL: [$ty; [$($code),+].len()] = [$($ty::$variant),+];

            /// The name files, the command line and the database use.
            pub fn code(self) -> &'static str {
                match self {
                    $($ty::$variant => $code,)+
                }
            }
        }
        $crate::coded::coded!(@parse $mode, $ty, [$($alias => $target),*]);
    };
    (@parse loose, $ty:ident, [$($alias:literal => $target:ident),*]) => {
        impl $ty {
            /// Reads a code (or an alias), trimmed and in any ASCII case.
            pub fn parse(text: &str) -> Option<$ty> {
                let wanted = text.trim();
                $ty::ALL
                    .into_iter()
                    .find(|value| value.code().eq_ignore_ascii_case(wanted))
                    $(.or_else(|| $alias.eq_ignore_ascii_case(wanted).then_some($ty::$target)))*
            }
        }
    };
    (@parse exact, $ty:ident, [$($alias:literal => $target:ident),*]) => {
        impl $ty {
            /// Reads a code (or an alias) exactly as written.
            pub fn parse(text: &str) -> Option<$ty> {
                $ty::ALL
                    .into_iter()
                    .find(|value| value.code() == text)
                    $(.or_else(|| ($alias == text).then_some($ty::$target)))*
            }
        }
    };
    (@parse custom, $ty:ident, []) => {};
}

pub(crate) use coded;

#[cfg(test)]
mod tests {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Colour {
        Red,
        LightBlue,
    }

    coded! {
        Colour, loose, aliases { "sky" => LightBlue, "r" => Red };
        Red => "red", "Red";
        LightBlue => "light-blue", "Light blue";
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Exact {
        One,
        Two,
    }

    coded! {
        Exact, exact, aliases { "uno" => One };
        One => "one";
        Two => "two";
    }

    #[test]
    fn codes_labels_and_parse_come_from_one_table() {
        assert_eq!(Colour::ALL, [Colour::Red, Colour::LightBlue]);
        for colour in Colour::ALL {
            assert_eq!(Colour::parse(colour.code()), Some(colour), "round trip");
        }
        assert_eq!(Colour::LightBlue.code(), "light-blue");
        assert_eq!(Colour::LightBlue.label(), "Light blue");
        assert_eq!(
            Colour::parse("  Light-BLUE "),
            Some(Colour::LightBlue),
            "trimmed, any case"
        );
        assert_eq!(Colour::parse("SKY"), Some(Colour::LightBlue), "an alias");
        assert_eq!(Colour::parse(" r"), Some(Colour::Red));
        assert_eq!(Colour::parse("Light blue"), None, "a label is not a code");
        assert_eq!(Colour::parse("green"), None, "unknown");
        assert_eq!(Colour::parse(""), None);

        assert_eq!(Exact::ALL.map(Exact::code), ["one", "two"]);
        assert_eq!(Exact::parse("two"), Some(Exact::Two));
        assert_eq!(Exact::parse("uno"), Some(Exact::One));
        assert_eq!(Exact::parse("Two"), None, "exact: case counts");
        assert_eq!(Exact::parse(" two"), None, "exact: not trimmed");
        assert_eq!(Exact::parse("three"), None);
    }
}
