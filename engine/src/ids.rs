//! Typed identifiers. A `NodeId` can never be passed where an `EdgeId` is expected.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// Reference-counted: cloning an id never copies its text.
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Arc<str>);

        impl $name {
            /// Creates an id from anything string-like.
            pub fn new(s: impl AsRef<str>) -> Self {
                Self(Arc::from(s.as_ref()))
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(Arc::from(s))
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(Arc::from(s))
            }
        }
    };
}

string_id!(
    /// Identifies a node within one board.
    NodeId
);
string_id!(
    /// Identifies an edge (wire) within one board.
    EdgeId
);
string_id!(
    /// Identifies a comment or group within one board.
    CommentId
);
string_id!(
    /// Names a pin within one node (unique per node and direction).
    PinId
);

/// Joins an instance's id and an inner node's id in a flattened board
/// (`calc›add` is node `add` inside subflow instance `calc`).
pub const PATH_SEP: char = '›';

impl NodeId {
    /// The id for messages: a node inside subflow instances as a path,
    /// `calc › add`.
    pub fn as_path(&self) -> impl fmt::Display + '_ {
        struct Path<'a>(&'a str);
        impl fmt::Display for Path<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                for (i, part) in self.0.split(PATH_SEP).enumerate() {
                    if i > 0 {
                        f.write_str(" › ")?;
                    }
                    f.write_str(part)?;
                }
                Ok(())
            }
        }
        Path(&self.0)
    }
}

/// One end of an edge: a pin on a node.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PinRef {
    /// The node the pin belongs to.
    pub node: NodeId,
    /// The pin's name on that node.
    pub pin: PinId,
}

impl PinRef {
    /// Builds a pin reference.
    pub fn new(node: impl Into<NodeId>, pin: impl Into<PinId>) -> Self {
        Self { node: node.into(), pin: pin.into() }
    }
}

impl fmt::Display for PinRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.node, self.pin)
    }
}
