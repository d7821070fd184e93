//! `math.random`: seeded, reproducible random numbers.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "math.random",
        "Random",
        "Math",
        "A random number between Min and Max: Integers include both ends, Floats exclude Max. Seeded, so the same board and seed always give the same numbers; set `seed` to change them.",
    )
    .icon("dice")
    .type_param("T", &[DataType::Integer, DataType::Float])
    .setting(ConfigField::new("seed", "Seed", INT, json!(null)).describe("Leave empty to derive the seed from the run's seed and this node's id."))
    .pin(PinDef::input("min", "Min", ANY).param("T").default_value(json!(0)))
    .pin(PinDef::input("max", "Max", ANY).param("T").default_value(json!(1)))
    .pin(PinDef::output("value", "Value", ANY).param("T"));
    Builtin::new(def, |cx| {
        let seed = cx.config.opt_i64("seed")?.map(|s| s as u64);
        let node_hash = fnv1a(cx.config.node().id.as_str());
        node(Random { seed, node_hash })
    })
}

struct Random {
    seed: Option<u64>,
    node_hash: u64,
}

impl NodeImpl for Random {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let seed = self.seed.unwrap_or(cx.seed() ^ self.node_hash);
        let v = match (cx.input(0).clone(), cx.input(1).clone()) {
            (Value::Int(lo), Value::Int(hi)) => {
                if lo > hi {
                    return Err(NodeError::failed("bad-bounds", format!("min ({lo}) is above max ({hi})")));
                }
                Value::Int(cx.state(|| ChaCha8Rng::seed_from_u64(seed)).random_range(lo..=hi))
            }
            _ => {
                let (lo, hi) = (cx.f64(0)?, cx.f64(1)?);
                if lo >= hi {
                    return Err(NodeError::failed("bad-bounds", format!("min ({lo}) must be below max ({hi})")));
                }
                Value::Float(cx.state(|| ChaCha8Rng::seed_from_u64(seed)).random_range(lo..hi))
            }
        };
        cx.set(0, v);
        Ok(Step::Done)
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn seeded_results_repeat_and_stay_in_range() {
        let a = eval("math.random", json!({"min": 1, "max": 6}), json!({"seed": 42})).unwrap();
        let b = eval("math.random", json!({"min": 1, "max": 6}), json!({"seed": 42})).unwrap();
        assert_eq!(a, b);
        let v = a["value"].as_i64().unwrap();
        assert!((1..=6).contains(&v), "{v}");
        let f = eval("math.random", json!({"min": 0.0, "max": 1.0}), json!({})).unwrap()["value"].as_f64().unwrap();
        assert!((0.0..1.0).contains(&f), "{f}");
    }
}
