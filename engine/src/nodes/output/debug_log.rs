//! `output.debug_log`: writes a value to the run's log.

use super::super::prelude::*;

pub(crate) fn kind() -> Builtin {
    let def = NodeDef::new(
        "output.debug_log",
        "Debug log",
        "Output",
        "Writes Value to the log (the editor's console, the CLI's output), prefixed by `label` when set.",
    )
    .icon("terminal")
    .setting(ConfigField::new("label", "Label", STR, json!("")))
    .setting(ConfigField::new("level", "Level", STR, json!("info")).options(&["debug", "info", "warn", "error"]))
    .pin(exec_in())
    .pin(PinDef::input("value", "Value", ANY))
    .pin(then_out());
    Builtin::new(def, |cx| {
        let level = match cx.config.choice("level")? {
            "debug" => Level::Debug,
            "warn" => Level::Warn,
            "error" => Level::Error,
            _ => Level::Info,
        };
        node(DebugLog { label: cx.config.string("label")?.to_owned(), level })
    })
}

struct DebugLog {
    label: String,
    level: Level,
}

impl NodeImpl for DebugLog {
    fn run(&self, cx: &mut Cx<'_>) -> Result<Step, NodeError> {
        let mut text = TextOut::new(cx);
        if !self.label.is_empty() {
            text.push(&self.label)?;
            text.push(": ")?;
        }
        text.push_value(cx.input(0))?;
        let Value::Str(line) = text.finish() else { unreachable!("TextOut makes text") };
        cx.log(self.level, line.to_string());
        Ok(Step::Done)
    }
}
