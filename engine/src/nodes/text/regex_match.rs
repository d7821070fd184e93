//! `text.regex_match`: matches a regular expression.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "text.regex_match",
        "Regex match",
        "Text",
        "Matches Text against a regular expression: whether it matched, the first match, its capture groups, and every match.",
    )
    .icon("regex")
    .pin(PinDef::input("text", "Text", STR))
    .pin(PinDef::input("pattern", "Pattern", STR))
    .pin(PinDef::output("matched", "Matched", BOOL))
    .pin(PinDef::output("first", "First match", STR))
    .pin(PinDef::output("groups", "Groups", PinType::array(DataType::String)))
    .pin(PinDef::output("all", "All matches", PinType::array(DataType::String)));
    Builtin::new(def, |_| node(RegexMatch))
}

struct RegexMatch;

impl NodeImpl for RegexMatch {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let pattern = cx.str(1)?;
        let re = regex_lite::Regex::new(pattern)
            .map_err(|e| cx.bad_input(1, format!("not a valid regular expression: {e}")))?;
        let text = cx.str(0)?;
        let (first, groups) = match re.captures(text) {
            Some(c) => (
                c.get(0).map(|m| m.as_str()).unwrap_or_default().to_owned(),
                c.iter().skip(1).map(|g| Value::from(g.map(|m| m.as_str()).unwrap_or_default())).collect(),
            ),
            None => (String::new(), Vec::new()),
        };
        let mut all: Vec<Value> = Vec::new();
        for m in re.find_iter(text) {
            cx.check_list(all.len() + 1)?;
            all.push(Value::from(m.as_str()));
        }
        let matched = !all.is_empty();
        cx.set(0, Value::Bool(matched));
        cx.set(1, Value::from(first));
        cx.set(2, Value::array(groups));
        cx.set(3, Value::array(all));
        Ok(Step::Done)
    }
}

#[cfg(test)]
mod tests {
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn captures_and_all_matches() {
        let out =
            eval("text.regex_match", json!({"text": "a1 b22 c333", "pattern": "([a-z])(\\d+)"}), json!({})).unwrap();
        assert_eq!(out, json!({"matched": true, "first": "a1", "groups": ["a", "1"], "all": ["a1", "b22", "c333"]}));
    }

    #[test]
    fn a_bad_pattern_names_the_pin() {
        let err = eval("text.regex_match", json!({"text": "x", "pattern": "("}), json!({})).unwrap_err();
        assert!(err.contains("input `pattern`: not a valid regular expression"), "{err}");
    }
}
