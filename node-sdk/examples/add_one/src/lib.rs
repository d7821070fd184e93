//! The smallest useful node: adds one. Its cost is almost all call overhead,
//! which is what the sandbox benchmark measures. It is a lean node: `no_std`
//! in its wasm build, so Rust's panic and formatting machinery stays out of
//! the module (see `export_node!`).

#![cfg_attr(target_arch = "wasm32", no_std)]

use floe_node_sdk::{Context, DataType, Definition, Node, NodeError, Pin, Scores};

/// The node.
pub struct AddOne;

impl Node for AddOne {
    const DEFINITION: Definition = Definition {
        name: "add_one",
        friendly_name: "Add one",
        description: "Adds one to an Integer (a custom node in its smallest form).",
        category: "Custom/Math",
        icon: "plus",
        pins: &[Pin::input("x", "X", DataType::Integer).default("0"), Pin::output("y", "Y", DataType::Integer)],
        scores: Scores::SANDBOXED,
        config: &[],
        type_params: &[],
        http: &[],
        secrets: &[],
    };

    fn run(cx: &mut Context<'_>) -> Result<(), NodeError> {
        let x = cx.i64("x")?;
        let y =
            x.checked_add(1).ok_or_else(|| NodeError::new("integer-overflow", "x + 1 does not fit in an Integer"))?;
        cx.set("y", y)
    }
}

floe_node_sdk::export_node!(AddOne, no_std);

#[cfg(test)]
mod tests {
    use super::*;
    use floe_node_sdk::MockHost;

    #[test]
    fn adds_one() {
        assert_eq!(MockHost::new().input("x", 41).run::<AddOne>().output("y").and_then(|v| v.as_i64()), Some(42));
        assert_eq!(MockHost::new().input("x", i64::MAX).run::<AddOne>().error.unwrap().code, "integer-overflow");
    }
}
