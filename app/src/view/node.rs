//! One node on the canvas: title bar (category colour, run badge), typed
//! pins with their inline constants, problems and failures, and for Display
//! nodes the value they show.

use floe_editor::Item;
use floe_editor::geometry::ROW;
use floe_engine::{DataType, NodeId, PinType, Severity, ValueType};
use leptos::prelude::*;

use super::canvas::CanvasUi;
use super::display::DisplayValue;
use crate::state::run::duration_text;
use crate::state::{Editor, RunStatus};

/// The CSS class of a pin's type (its colour and shape).
pub fn type_class(ty: PinType) -> String {
    let shape = match ty.value {
        ValueType::Normal => "one",
        ValueType::Array => "array",
        ValueType::HashMap => "map",
        ValueType::HashSet => "set",
    };
    format!("t-{} v-{shape}", ty.data.name().to_lowercase())
}

/// The hue of a palette category.
pub fn category_hue(category: &str) -> u32 {
    match category {
        "Events" => 0,
        "Values" => 200,
        "Math" => 150,
        "Logic" => 280,
        "Text" => 330,
        "Convert" => 60,
        "Data" => 220,
        "Time" => 30,
        "Flow" => 260,
        "Output" => 100,
        "Custom" => 45,
        _ => category.bytes().fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b))) % 360,
    }
}

/// A short text for an inline constant.
fn short(value: &serde_json::Value) -> String {
    let s = match value {
        serde_json::Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    };
    if s.chars().count() > 18 { format!("{}…", s.chars().take(17).collect::<String>()) } else { s }
}

/// Human units for fuel.
pub fn fuel_text(f: u64) -> String {
    match f {
        0..1_000 => format!("{f} fuel"),
        1_000..1_000_000 => format!("{:.1}k fuel", f as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1}M fuel", f as f64 / 1e6),
        _ => format!("{:.1}G fuel", f as f64 / 1e9),
    }
}

/// A node.
#[component]
pub fn NodeView(id: NodeId) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let canvas = expect_context::<CanvasUi>();
    let Some(ui) = editor.node(&id) else { return ().into_any() };
    let item = Item::Node(id.clone());
    let selected = editor.selected.watch(item.clone());
    let layout = Memo::new(move |_| ui.look.with(|l| l.layout.clone()));
    let node_id = id.to_string();
    let worst = Memo::new(move |_| {
        ui.problems.with(|p| {
            if p.iter().any(|(s, _)| *s == Severity::Error) {
                Some(Severity::Error)
            } else if p.is_empty() {
                None
            } else {
                Some(Severity::Warning)
            }
        })
    });
    let badge = move || {
        let r = ui.run.get();
        let mut parts = Vec::new();
        match r.status {
            RunStatus::Running if r.path == Some(floe_engine::CallPath::Native) => {
                parts.push("running compiled".to_owned())
            }
            RunStatus::Running if r.fuel.is_some() => parts.push("running".to_owned()),
            RunStatus::Stopped => parts.push("stopped".to_owned()),
            _ => {}
        }
        if let Some(d) = r.duration_ms.filter(|_| r.status != RunStatus::Running) {
            parts.push(duration_text(d));
        }
        match r.fuel {
            Some(f) => parts.push(fuel_text(f)),
            // Stopped during a call on the browser's engine: its fuel is not known.
            None if r.status == RunStatus::Stopped && r.path == Some(floe_engine::CallPath::Native) => {
                parts.push("compiled".to_owned())
            }
            None => {}
        }
        if r.runs > 1 {
            parts.push(format!("×{}", r.runs));
        }
        parts.join(" · ")
    };
    let pins_view = {
        let id = id.clone();
        move || {
            if !canvas.detail.get() {
                return None;
            }
            let l = layout.get();
            let inputs = l
                .inputs
                .iter()
                .map(|s| {
                    let key = (id.clone(), s.name.clone());
                    let key2 = key.clone();
                    let dim = move || canvas.accepting.with(|a| a.as_ref().is_some_and(|a| !a.ok.contains(&key2)));
                    let constant = {
                        let name = s.name.clone();
                        move || {
                            if canvas.wired.with(|w| w.contains(&key)) {
                                return String::new();
                            }
                            ui.look
                                .with(|l| l.inputs.get(name.as_str()).map(|v| format!("= {}", short(v))))
                                .unwrap_or_default()
                        }
                    };
                    pin_row(&id, s, true, constant, dim)
                })
                .collect::<Vec<_>>();
            let outputs = l
                .outputs
                .iter()
                .map(|s| {
                    let key = (id.clone(), s.name.clone());
                    let dim = move || canvas.accepting.with(|a| a.as_ref().is_some_and(|a| !a.ok.contains(&key)));
                    pin_row(&id, s, false, String::new, dim)
                })
                .collect::<Vec<_>>();
            Some(view! { {inputs} {outputs} })
        }
    };
    let title_id = id.clone();
    let display_id = id.clone();
    view! {
        <div
            class="node"
            data-node=node_id.clone()
            data-testid=format!("node-{node_id}")
            class:selected=move || selected.get()
            class:custom=move || ui.look.with(|l| l.custom)
            class:unknown=move || ui.look.with(|l| !l.known)
            class:has-error=move || worst.get() == Some(Severity::Error)
            class:has-warning=move || worst.get() == Some(Severity::Warning)
            class:compact=move || !canvas.detail.get()
            role="group"
            aria-label=move || ui.look.with(|l| format!("{} node ({})", l.title, l.kind))
            data-run=move || ui.run.with(|r| r.status.class())
            style:transform=move || {
                let p = ui.pos.get();
                format!("translate({}px, {}px)", p.x, p.y)
            }
            style:width=move || format!("{}px", layout.get().width)
            style:height=move || format!("{}px", layout.get().height)
        >
            <div
                class="node-head"
                style=move || format!("--hue: {}", ui.look.with(|l| category_hue(&l.category)))
                title=move || ui.look.with(|l| format!("{} ({})", l.title, l.kind))
            >
                <span class="node-title" data-testid=format!("title-{title_id}")>{move || ui.look.with(|l| l.title.clone())}</span>
                <span class="node-badge">{badge}</span>
            </div>
            {pins_view}
            <Show when=move || ui.look.with(|l| l.display)>
                <div class="node-preview scrolls" style:top=move || format!("{}px", layout.get().height - floe_editor::geometry::PREVIEW)>
                    <DisplayValue id=display_id.clone() />
                </div>
            </Show>
            {move || canvas.detail.get().then(|| value_row(editor, &id, ui))}
        </div>
    }
    .into_any()
}

/// The line under a Constant's pins (its value) or a Board output's (the
/// value it had in the last run, or its name before a run).
fn value_row(editor: Editor, id: &NodeId, ui: crate::state::NodeUi) -> Option<impl IntoView + use<>> {
    let kind = ui.look.with(|l| l.kind.clone());
    if kind != "event.board_output" && kind != "value.constant" {
        return None;
    }
    let top = move || format!("{}px", ui.look.with(|l| l.layout.height) - floe_editor::geometry::VALUE_ROW - 4.0);
    let id = id.clone();
    let text = Memo::new(move |_| {
        editor.revision.track();
        let config = |key: &str| editor.with_board(|b| b.node(&id).and_then(|n| n.config.get(key).cloned()));
        if kind == "value.constant" {
            let v = config("value").unwrap_or(serde_json::json!(0));
            return (format!("= {}", short(&v)), false);
        }
        let name = config("name").and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        match editor.run.record.with(|r| r.as_ref().and_then(|r| r.outputs.get(&name).map(value_text))) {
            Some(v) => (format!("{name} = {v}"), true),
            None if name.is_empty() => ("set its Name in the inspector".to_owned(), false),
            None => (format!("{name} (run to see it)"), false),
        }
    });
    Some(view! {
        <div class="node-value" data-testid="node-value" class:has-result=move || text.with(|t| t.1) style:top=top title=move || text.with(|t| t.0.clone())>
            {move || text.with(|t| t.0.clone())}
        </div>
    })
}

/// The bubble under a node: its failure in the last run, else its first
/// problem. Drawn in a layer above every node, so a neighbour never hides it.
#[component]
pub fn NodeBubble(id: NodeId) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let canvas = expect_context::<CanvasUi>();
    let Some(ui) = editor.node(&id) else { return ().into_any() };
    let bubble = move || {
        if !canvas.detail.get() {
            return None;
        }
        let r = ui.run.get();
        if r.status == RunStatus::Failed {
            return Some((true, r.error.unwrap_or_else(|| "failed".into()), String::new()));
        }
        let problems = ui.problems.get();
        let first = problems.first()?;
        let all = problems.iter().map(|(_, m)| m.clone()).collect::<Vec<_>>().join("\n");
        let more = if problems.len() > 1 { format!(" (+{} more)", problems.len() - 1) } else { String::new() };
        Some((false, format!("{}{more}", first.1), all))
    };
    let error = Memo::new(move |_| ui.problems.with(|p| p.iter().any(|(s, _)| *s == Severity::Error)));
    let node_id = id.to_string();
    view! {
        {move || bubble().map(|(failed, text, all)| {
            let p = ui.pos.get();
            let h = ui.look.with(|l| l.layout.height);
            let style = format!("transform: translate({}px, {}px)", p.x, p.y + h + 4.0);
            if failed {
                view! { <div class="node-error" data-testid="node-error" data-for=node_id.clone() style=style role="alert">{text}</div> }.into_any()
            } else {
                view! { <div class="node-problem" class:error=error data-for=node_id.clone() style=style title=all>{text}</div> }.into_any()
            }
        })}
    }
    .into_any()
}

trait SlotName {
    fn friendly_or_name(&self) -> &str;
}

impl SlotName for floe_editor::geometry::PinSlot {
    fn friendly_or_name(&self) -> &str {
        if self.friendly.is_empty() { &self.name } else { &self.friendly }
    }
}

/// The longest pin label that always fits beside its dot: a node is 200 px
/// wide and a pin row at most 60 % of it; nine of the widest 12 px letters do.
const SHORT_LABEL: usize = 9;

fn pin_row<C, D>(
    node: &NodeId,
    s: &floe_editor::geometry::PinSlot,
    input: bool,
    constant: C,
    dim: D,
) -> impl IntoView + use<C, D>
where
    C: Fn() -> String + Send + Sync + 'static,
    D: Fn() -> bool + Send + Sync + 'static,
{
    let label = if s.ty.data == DataType::Execution && s.friendly.is_empty() {
        String::new()
    } else {
        s.friendly_or_name().to_owned()
    };
    // Only a label that may not fit is clipped (with an ellipsis): every
    // clip is a paint chunk of its own, and the browser sorts all of them
    // into layers on each frame of a drag (a third of a frame's work on the
    // 1,000-node board when every label was clipped).
    let long = label.chars().count() > SHORT_LABEL;
    view! {
        <div
            class=format!("pin {} {}{}", if input { "in" } else { "out" }, type_class(s.ty), if s.ty.is_exec() { " exec" } else { "" })
            class:dim=dim
            role="img"
            aria-label=format!("{} {} ({})", if input { "input" } else { "output" }, s.friendly_or_name(), s.ty)
            data-node=node.to_string()
            data-pin=s.name.clone()
            data-side=if input { "in" } else { "out" }
            style:top=format!("{}px", s.y - ROW / 2.0)
        >
            <span class="dot"></span>
            <span class="pin-label" class:long=long>{label}</span>
            {input.then_some(move || {
                let c = constant();
                (!c.is_empty()).then(|| view! { <span class="pin-const">{c}</span> })
            })}
        </div>
    }
}

/// The tooltip for a pin: its name, type and description, and its last value.
pub fn pin_tip(editor: Editor, node: &NodeId, pin: &str, input: bool) -> Option<String> {
    let ui = editor.node(node)?;
    let slot = ui.look.with_untracked(|l| l.layout.slot(pin, input).cloned())?;
    let mut text = format!("{} ({})", slot.friendly_or_name(), slot.ty);
    if !slot.description.is_empty() {
        text.push_str(&format!(": {}", slot.description));
    }
    if let Some(v) = editor.pin_value(node, pin, input) {
        text.push_str(&format!("\nlast value: {}", value_text(&v)));
    }
    Some(text)
}

/// A value as short JSON text.
pub fn value_text(v: &floe_engine::Value) -> String {
    let text = serde_json::to_string(&v.to_json()).unwrap_or_default();
    if text.chars().count() > 300 { format!("{}…", text.chars().take(300).collect::<String>()) } else { text }
}
