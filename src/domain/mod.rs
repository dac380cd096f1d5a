//! Pure types and rules of the café: money, menu, orders.
//! Nothing here touches a database, a window, a printer or the network.

pub mod clock;
pub mod discount;
pub mod drill;
pub mod figures;
pub mod journal;
pub mod menu;
pub mod money;
pub mod order;
pub mod people;
pub mod placements;
pub mod returns;
pub mod roster;
pub mod sale;
pub mod session;
pub mod skills;
pub mod staff;

/// Declares a newtype id that is transparent on the wire and in the database.
macro_rules! id_newtype {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}
pub(crate) use id_newtype;

/// Where a syntax error in a text file is, for a person to find it: "line L, column C"
/// (both from 1, columns in characters).
pub fn line_and_column(text: &str, byte_offset: usize) -> String {
    let mut at = byte_offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("line {line}, column {column}")
}

/// Builders shared by the domain's unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    use super::menu::Name;
    use super::money::{Money, Quantity};
    use super::order::OrderLine;

    /// A plain line: one item `x` at `price` kip, `qty` of it.
    pub(crate) fn line(price: i64, qty: i64) -> OrderLine {
        let blank = Name {
            en: String::new(),
            lo: String::new(),
        };
        OrderLine {
            item: "x".into(),
            variant: "v".into(),
            item_name: Name {
                en: "x".into(),
                lo: "x".into(),
            },
            variant_name: blank,
            modifiers: vec![],
            qty: Quantity::new(qty).unwrap(),
            note: String::new(),
            unit_price: Money::lak(price),
            station: None,
        }
    }
}
