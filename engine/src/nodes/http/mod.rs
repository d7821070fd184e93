//! HTTP: requests to origins the node declares and the user granted.

mod request;

pub(crate) fn all() -> Vec<crate::catalog::Builtin> {
    vec![request::kind()]
}
