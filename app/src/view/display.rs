//! What a Display node shows after a run: text, a table for a list of
//! Structs, a bar chart for a list of numbers (its `as` setting can force one).

use floe_engine::NodeId;
use leptos::prelude::*;

use crate::state::Editor;

/// How to show a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Pretty text.
    Text,
    /// A table (list of objects).
    Table,
    /// A bar chart (list of numbers).
    Chart,
}

/// Picks how to show `v` (`auto`, or what the setting says when it fits).
pub fn shape(v: &serde_json::Value, wanted: &str) -> Shape {
    let table = v.as_array().is_some_and(|a| !a.is_empty() && a.iter().all(serde_json::Value::is_object));
    let chart = v.as_array().is_some_and(|a| !a.is_empty() && a.iter().all(serde_json::Value::is_number));
    match wanted {
        "text" => Shape::Text,
        "table" if table => Shape::Table,
        "chart" if chart => Shape::Chart,
        _ if table => Shape::Table,
        _ if chart => Shape::Chart,
        _ => Shape::Text,
    }
}

/// The value a Display node received in the last run.
#[component]
pub fn DisplayValue(id: NodeId) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let node = id.clone();
    let value = Memo::new(move |_| editor.pin_value(&node, "value", true).map(|v| v.to_json()));
    let wanted = move || {
        editor.revision.track();
        editor
            .with_board(|b| b.node(&id).and_then(|n| n.config.get("as")).and_then(|v| v.as_str().map(str::to_owned)))
            .unwrap_or_else(|| "auto".into())
    };
    view! {
        <div class="display" data-testid="display">
            {move || match value.get() {
                None => view! { <span class="muted">"Run the board to see the value here."</span> }.into_any(),
                Some(v) => render(&v, shape(&v, &wanted())),
            }}
        </div>
    }
}

fn cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn render(v: &serde_json::Value, shape: Shape) -> AnyView {
    match shape {
        Shape::Text => {
            let text = match v {
                serde_json::Value::String(s) => s.clone(),
                other => serde_json::to_string_pretty(other).unwrap_or_default(),
            };
            view! { <pre class="display-text">{text}</pre> }.into_any()
        }
        Shape::Table => {
            let rows = v.as_array().cloned().unwrap_or_default();
            let mut cols: Vec<String> = Vec::new();
            for r in &rows {
                for k in r.as_object().into_iter().flat_map(|o| o.keys()) {
                    if !cols.contains(k) {
                        cols.push(k.clone());
                    }
                }
            }
            let head = cols.iter().map(|c| view! { <th>{c.clone()}</th> }).collect::<Vec<_>>();
            let body = rows
                .iter()
                .take(200)
                .map(|r| {
                    let cells = cols
                        .iter()
                        .map(|c| view! { <td>{r.get(c).map(cell).unwrap_or_default()}</td> })
                        .collect::<Vec<_>>();
                    view! { <tr>{cells}</tr> }
                })
                .collect::<Vec<_>>();
            view! { <table class="display-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table> }
                .into_any()
        }
        Shape::Chart => {
            let nums: Vec<f64> =
                v.as_array().into_iter().flatten().filter_map(serde_json::Value::as_f64).take(400).collect();
            let (lo, hi) = nums.iter().fold((0.0f64, 0.0f64), |(l, h), &x| (l.min(x), h.max(x)));
            let span = (hi - lo).max(f64::EPSILON);
            let (w, h) = (180.0, 110.0);
            let bw = w / nums.len().max(1) as f64;
            let zero = h - (0.0 - lo) / span * h;
            let bars = nums
                .iter()
                .enumerate()
                .map(|(i, &x)| {
                    let y = h - (x - lo) / span * h;
                    let (top, height) = if y < zero { (y, zero - y) } else { (zero, y - zero) };
                    view! {
                        <rect x=format!("{:.2}", i as f64 * bw + bw * 0.1) y=format!("{top:.2}") width=format!("{:.2}", bw * 0.8) height=format!("{:.2}", height.max(0.5))>
                            <title>{format!("[{i}] {x}")}</title>
                        </rect>
                    }
                })
                .collect::<Vec<_>>();
            view! {
                <svg class="display-chart" viewBox=format!("0 0 {w} {h}") preserveAspectRatio="none">{bars}</svg>
                <div class="muted">{format!("{} values, {lo} … {hi}", nums.len())}</div>
            }
            .into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shapes_follow_the_value_and_the_setting() {
        assert_eq!(shape(&json!([{"a": 1}, {"a": 2}]), "auto"), Shape::Table);
        assert_eq!(shape(&json!([1, 2.5, -3]), "auto"), Shape::Chart);
        assert_eq!(shape(&json!([1, 2]), "text"), Shape::Text);
        assert_eq!(shape(&json!("hi"), "chart"), Shape::Text, "a chart of text falls back to text");
        assert_eq!(shape(&json!([]), "auto"), Shape::Text);
    }
}
