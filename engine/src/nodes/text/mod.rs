//! Text: building, splitting and searching strings.

mod concat;
mod contains;
mod join;
mod length;
mod lower;
mod regex_match;
mod replace;
mod split;
mod template;
mod trim;
mod upper;

use super::prelude::*;

pub(crate) fn all() -> Vec<Builtin> {
    vec![
        concat::kind(),
        template::kind(),
        split::kind(),
        join::kind(),
        replace::kind(),
        length::kind(),
        upper::kind(),
        lower::kind(),
        trim::kind(),
        contains::kind(),
        regex_match::kind(),
    ]
}

/// `text (String) → text (String)`.
fn map_def(name: &str, friendly: &str, description: &str) -> NodeDef {
    NodeDef::new(name, friendly, "Text", description)
        .icon("type")
        .pin(PinDef::input("text", "Text", STR))
        .pin(PinDef::output("text", "Text", STR))
}
