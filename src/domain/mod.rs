//! Pure types and rules of the café: money, menu, orders.
//! Nothing here touches a database, a window, a printer or the network.

pub mod discount;
pub mod journal;
pub mod menu;
pub mod money;
pub mod order;
pub mod returns;
pub mod sale;
pub mod session;
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
