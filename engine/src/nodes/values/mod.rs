//! Values: constants and board variables.

mod constant;
mod get_variable;
mod set_variable;

pub(crate) fn all() -> Vec<crate::catalog::Builtin> {
    vec![constant::kind(), get_variable::kind(), set_variable::kind()]
}
