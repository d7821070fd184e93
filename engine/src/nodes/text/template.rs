//! `text.template`: fills `{{name}}` placeholders; each placeholder becomes an input.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "text.template",
        "Template",
        "Text",
        "Fills a text template: every {{name}} becomes an input pin, and its value (text as is, anything else as JSON) replaces the placeholder.",
    )
    .icon("file-text")
    .setting(ConfigField::new("template", "Template", STR, json!("Hello, {{name}}!")))
    .pin(PinDef::output("text", "Text", STR));
    Builtin::new(def, build).dynamic_pins(|def, c| {
        let names = placeholders(c.string("template")?).map_err(|m| c.error("template", m))?;
        let mut pins: Vec<PinDef> = names.iter().map(|n| PinDef::input(n, n, ANY)).collect();
        pins.push(def.pins[0].clone());
        Ok(pins)
    })
}

/// A template split into literal text and placeholder references.
enum Part {
    Text(String),
    Slot(usize),
}

/// The distinct placeholder names, in order of first appearance.
fn placeholders(template: &str) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    parse(template, &mut names)?;
    Ok(names)
}

fn parse(template: &str, names: &mut Vec<String>) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut seen = std::collections::HashMap::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        parts.push(Part::Text(rest[..start].to_owned()));
        let after = &rest[start + 2..];
        let end = after.find("}}").ok_or_else(|| {
            format!("`{{{{` at character {} is never closed with `}}}}`", template.len() - rest.len() + start)
        })?;
        let name = after[..end].trim();
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return Err(format!("placeholder {{{{{name}}}}} must be a name of letters, digits and _"));
        }
        let slot = match seen.get(name) {
            Some(&i) => i,
            None => {
                seen.insert(name, names.len());
                names.push(name.to_owned());
                names.len() - 1
            }
        };
        parts.push(Part::Slot(slot));
        rest = &after[end + 2..];
    }
    parts.push(Part::Text(rest.to_owned()));
    Ok(parts)
}

fn build(cx: &BuildCx<'_>) -> Result<Box<dyn NodeImpl>, ConfigError> {
    let mut names = Vec::new();
    let parts = parse(cx.config.string("template")?, &mut names).map_err(|m| cx.config.error("template", m))?;
    node(Template(parts))
}

struct Template(Vec<Part>);

impl NodeImpl for Template {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let mut out = TextOut::new(cx);
        for part in &self.0 {
            match part {
                Part::Text(t) => out.push(t)?,
                Part::Slot(i) => out.push_value(cx.input(*i))?,
            }
        }
        cx.set(0, out.finish());
        Ok(Step::Done)
    }
}

#[cfg(test)]
mod tests {
    use super::placeholders;
    use crate::nodes::test_util::eval;
    use serde_json::json;

    #[test]
    fn placeholders_become_inputs() {
        assert_eq!(placeholders("{{a}} and {{ b }} and {{a}}").unwrap(), ["a", "b"]);
        let out = eval("text.template", json!({"name": "Ada", "n": 3}), json!({"template": "{{name}} has {{n}} cats"}))
            .unwrap();
        assert_eq!(out, json!({"text": "Ada has 3 cats"}));
    }

    #[test]
    fn unclosed_placeholders_are_config_errors() {
        let err = eval("text.template", json!({}), json!({"template": "hi {{name"})).unwrap_err();
        assert!(err.contains("setting `template`: `{{` at character 3 is never closed"), "{err}");
    }
}
