//! Caesar cipher: shifts letters along the alphabet.

use floe_node_sdk::{Context, DataType, Definition, Node, NodeError, Pin, Scores};

/// The node.
pub struct Caesar;

/// Shifts ASCII letters by `shift` places (negative shifts decode), keeping case.
pub fn shift_text(text: &str, shift: i64) -> String {
    let k = shift.rem_euclid(26) as u8;
    text.chars()
        .map(|c| match c {
            'a'..='z' => ((c as u8 - b'a' + k) % 26 + b'a') as char,
            'A'..='Z' => ((c as u8 - b'A' + k) % 26 + b'A') as char,
            other => other,
        })
        .collect()
}

impl Node for Caesar {
    const DEFINITION: Definition = Definition {
        name: "caesar",
        friendly_name: "Caesar cipher",
        description: "Shifts every letter of Text by Shift places along the alphabet (a negative shift decodes).",
        category: "Custom/Text",
        icon: "lock",
        pins: &[
            Pin::input("text", "Text", DataType::String),
            Pin::input("shift", "Shift", DataType::Integer).default("3"),
            Pin::output("text", "Text", DataType::String),
        ],
        scores: Scores::SANDBOXED,
        config: &[],
        type_params: &[],
        http: &[],
        secrets: &[],
    };

    fn run(cx: &mut Context<'_>) -> Result<(), NodeError> {
        let out = shift_text(cx.str("text")?, cx.i64("shift")?);
        cx.set("text", out)
    }
}

floe_node_sdk::export_node!(Caesar);

#[cfg(test)]
mod tests {
    use super::*;
    use floe_node_sdk::MockHost;

    #[test]
    fn shifts_and_unshifts() {
        assert_eq!(shift_text("Hello, World!", 3), "Khoor, Zruog!");
        assert_eq!(shift_text(&shift_text("xyz", 5), -5), "xyz");
        let run = MockHost::new().input("text", "abc").input("shift", 1).run::<Caesar>();
        assert_eq!(run.output("text").and_then(|v| v.as_str()), Some("bcd"));
    }
}
