//! HTTP: requests to origins the node declares and the user granted.

mod http_in;
mod request;
mod response;

pub(crate) fn all() -> Vec<crate::catalog::Builtin> {
    vec![request::kind(), http_in::kind(), response::kind()]
}
