//! Who sets a stored item's deadline (`stored_items.deadline_by`), read
//! back in one place: `law`, `policy`, or NULL for an item with none. Any
//! other value is an error naming the column, so a damaged row is never
//! shown with its deadline called what it is not.

use permanence_domain::set_by::SetBy;

/// A stored `deadline_by`, which may be missing (NULL).
pub(crate) fn optional_set_by(text: Option<&str>, column: &str) -> rusqlite::Result<Option<SetBy>> {
    text.map(|t| {
        SetBy::parse(t).ok_or_else(|| {
            let shown: String = t.chars().take(40).collect();
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("{column}: {shown:?} is neither \"law\" nor \"policy\"").into(),
            )
        })
    })
    .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn law_and_policy_are_read_and_anything_else_is_named() {
        assert_eq!(optional_set_by(Some("law"), "c").ok(), Some(Some(SetBy::Law)));
        assert_eq!(
            optional_set_by(Some("policy"), "c").ok(),
            Some(Some(SetBy::Policy))
        );
        assert_eq!(optional_set_by(None, "c").ok(), Some(None));
        let bad = optional_set_by(Some("statutory"), "deadline_by").unwrap_err();
        assert!(bad.to_string().contains("deadline_by: \"statutory\""), "{bad}");
    }
}
