//! Word frequencies: how often each word occurs, and the most frequent ones.

use std::collections::BTreeMap;

use floe_node_sdk::{Context, DataType, Definition, Node, NodeError, Pin, PinValue, Scores};

/// The node.
pub struct WordFreq;

/// Counts words (letters, digits and apostrophes), case-insensitively.
pub fn count_words(text: &str) -> BTreeMap<String, i64> {
    let mut counts = BTreeMap::new();
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '\'')).filter(|w| !w.is_empty()) {
        *counts.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    counts
}

impl Node for WordFreq {
    const DEFINITION: Definition = Definition {
        name: "word_freq",
        friendly_name: "Word frequencies",
        description: "Counts how often each word occurs in Text (ignoring case) and lists the Top most frequent words.",
        category: "Custom/Text",
        icon: "bar-chart",
        pins: &[
            Pin::input("text", "Text", DataType::String),
            Pin::input("top", "Top", DataType::Integer).default("3"),
            Pin::output("counts", "Counts", DataType::Integer).map(),
            Pin::output("top_words", "Top words", DataType::String).array(),
            Pin::output("total", "Total words", DataType::Integer),
        ],
        scores: Scores::SANDBOXED,
        config: &[],
        type_params: &[],
        http: &[],
        secrets: &[],
    };

    fn run(cx: &mut Context<'_>) -> Result<(), NodeError> {
        let counts = count_words(cx.str("text")?);
        let top = cx.i64("top")?;
        if top < 0 {
            return Err(NodeError::new("bad-input", format!("input `top` must not be negative, got {top}")));
        }
        let mut ranked: Vec<(&String, &i64)> = counts.iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let top_words = ranked.iter().take(top as usize).map(|(w, _)| PinValue::Text((*w).clone())).collect();
        let total: i64 = counts.values().sum();
        cx.set("counts", PinValue::Map(counts.into_iter().map(|(k, v)| (k, PinValue::Int(v))).collect()))?;
        cx.set("top_words", PinValue::List(top_words))?;
        cx.set("total", total)
    }
}

floe_node_sdk::export_node!(WordFreq);

#[cfg(test)]
mod tests {
    use super::*;
    use floe_node_sdk::MockHost;

    #[test]
    fn counts_and_ranks() {
        let run = MockHost::new().input("text", "The cat and the hat. THE end!").input("top", 2).run::<WordFreq>();
        assert_eq!(run.error, None);
        assert_eq!(run.output("total").and_then(|v| v.as_i64()), Some(7));
        assert_eq!(run.output("counts").and_then(|v| v.get("the")).and_then(|v| v.as_i64()), Some(3));
        assert_eq!(run.output("top_words"), Some(&PinValue::List(vec!["the".into(), "and".into()])));
    }

    #[test]
    fn negative_top_is_an_error() {
        let run = MockHost::new().input("text", "a").input("top", -1).run::<WordFreq>();
        assert_eq!(run.error.unwrap().code, "bad-input");
    }
}
