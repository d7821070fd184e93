//! An input that fits a pin type: text, number, checkbox, date, or JSON
//! (checked as you type). It commits on Enter or when focus leaves, so one
//! edit is one undo step.

use floe_engine::{DataType, PinType, Value, ValueType};
use leptos::prelude::*;

/// Checks typed JSON text against `ty` (and, for a Generic pin bound to a
/// type parameter, against the `allowed` data types): the value, or why it does not fit.
pub fn parse_for(ty: PinType, allowed: Option<&[DataType]>, text: &str) -> Result<serde_json::Value, String> {
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let value = Value::from_json(&json);
    match allowed.filter(|_| ty.data == DataType::Generic) {
        Some(types) => {
            let fits = types.iter().any(|&d| value.clone().coerce(PinType::new(d, ty.value)).is_ok());
            if fits {
                Ok(json)
            } else {
                let names: Vec<&str> = types.iter().map(|d| d.name()).collect();
                let shape =
                    if ty.value == ValueType::Normal { String::new() } else { format!("{} of ", ty.value.name()) };
                Err(format!("expected {shape}{}", names.join(" or ")))
            }
        }
        None => value.coerce(ty).map(|_| json).map_err(|e| e.to_string()),
    }
}

/// The element id of the field whose test id is `testid` (for `<label for>`).
pub fn field_id(testid: &str) -> String {
    format!("field-{testid}")
}

/// An editor for a value of type `ty`. `value` is the current value
/// (`None`: unset, showing `placeholder`); `commit(None)` clears it.
#[component]
pub fn ValueInput(
    ty: PinType,
    #[prop(into)] value: Signal<Option<serde_json::Value>>,
    #[prop(optional)] placeholder: Option<serde_json::Value>,
    #[prop(optional)] options: Vec<String>,
    /// For a Generic pin bound to a type parameter: the data types it takes.
    #[prop(optional)]
    allowed: Option<Vec<DataType>>,
    #[prop(into)] commit: Callback<Option<serde_json::Value>>,
    #[prop(into)] testid: String,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    // Labels point at the field by this id (see [`field_id`]).
    let field_id = field_id(&testid);
    let ph = placeholder.as_ref().map(|p| match p {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    let clear = move |_| {
        error.set(None);
        commit.run(None);
    };
    let clear_button = view! {
        <button class="clear" title="Clear (use the default)" on:click=clear>"×"</button>
    };
    if !options.is_empty() {
        return view! {
            <div class="value-input">
                <select
                    id=field_id.clone()
                    data-testid=testid
                    prop:value=move || value.get().and_then(|v| v.as_str().map(str::to_owned)).or_else(|| ph.clone()).unwrap_or_default()
                    on:change=move |e| commit.run(Some(serde_json::Value::String(event_target_value(&e))))
                >
                    {options.iter().map(|o| view! { <option value=o.clone()>{o.clone()}</option> }).collect::<Vec<_>>()}
                </select>
            </div>
        }
        .into_any();
    }
    let normal = ty.value == ValueType::Normal;
    // A Generic pin that takes only numbers edits as a number.
    let shown = match &allowed {
        Some(a) if ty.data == DataType::Generic && !a.is_empty() && a.iter().all(|d| d.is_numeric()) => {
            if a.contains(&DataType::Float) { DataType::Float } else { DataType::Integer }
        }
        _ => ty.data,
    };
    match shown {
        DataType::Boolean if normal => view! {
            <div class="value-input">
                <input
                    type="checkbox"
                    id=field_id.clone()
                    data-testid=testid
                    prop:checked=move || value.get().and_then(|v| v.as_bool()).or_else(|| placeholder.as_ref().and_then(|p| p.as_bool())).unwrap_or(false)
                    on:change=move |e| commit.run(Some(serde_json::Value::Bool(event_target_checked(&e))))
                />
                {clear_button}
            </div>
        }
        .into_any(),
        DataType::String | DataType::PathBuf if normal => view! {
            <div class="value-input">
                <input
                    type="text"
                    id=field_id.clone()
                    data-testid=testid
                    placeholder=ph.unwrap_or_default()
                    prop:value=move || value.get().map(|v| v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())).unwrap_or_default()
                    on:change=move |e| commit.run(Some(serde_json::Value::String(event_target_value(&e))))
                />
                {clear_button}
            </div>
        }
        .into_any(),
        DataType::Integer | DataType::Float | DataType::Byte if normal => {
            let int = shown != DataType::Float;
            view! {
                <div class="value-input">
                    <input
                        type="number"
                        step=if int { "1" } else { "any" }
                        id=field_id.clone()
                    data-testid=testid
                        class:invalid=move || error.with(Option::is_some)
                        placeholder=ph.unwrap_or_default()
                        prop:value=move || value.get().map(|v| v.to_string()).unwrap_or_default()
                        on:change=move |e| {
                            let text = event_target_value(&e);
                            if text.trim().is_empty() {
                                error.set(None);
                                commit.run(None);
                                return;
                            }
                            match parse_for(ty, allowed.as_deref(), text.trim()) {
                                Ok(v) => {
                                    error.set(None);
                                    commit.run(Some(v));
                                }
                                Err(msg) => error.set(Some(msg)),
                            }
                        }
                    />
                    {clear_button}
                    {move || error.get().map(|m| view! { <div class="input-error">{m}</div> })}
                </div>
            }
            .into_any()
        }
        DataType::Date if normal => view! {
            <div class="value-input">
                <input
                    type="datetime-local"
                    step="1"
                    id=field_id.clone()
                    data-testid=testid
                    prop:value=move || value.get().and_then(|v| v.as_str().map(|s| s.trim_end_matches('Z').chars().take(19).collect::<String>())).unwrap_or_default()
                    on:change=move |e| {
                        let t = event_target_value(&e);
                        if t.is_empty() {
                            commit.run(None);
                        } else {
                            let t = if t.len() == 16 { format!("{t}:00") } else { t };
                            commit.run(Some(serde_json::Value::String(format!("{t}Z"))));
                        }
                    }
                />
                {clear_button}
            </div>
        }
        .into_any(),
        _ => {
            // Structs, collections, Generic: JSON, checked as you type.
            let draft = RwSignal::new(None::<String>);
            let allowed2 = allowed.clone();
            let allowed3 = allowed.clone();
            view! {
                <div class="value-input json">
                    <textarea
                        id=field_id.clone()
                    data-testid=testid
                        rows="3"
                        spellcheck="false"
                        class:invalid=move || error.with(Option::is_some)
                        placeholder=ph.unwrap_or_else(|| "JSON".into())
                        prop:value=move || draft.get().unwrap_or_else(|| value.get().map(|v| serde_json::to_string_pretty(&v).unwrap_or_default()).unwrap_or_default())
                        on:input=move |e| {
                            let text = event_target_value(&e);
                            error.set(if text.trim().is_empty() { None } else { parse_for(ty, allowed2.as_deref(), &text).err() });
                            draft.set(Some(text));
                        }
                        on:change=move |e| {
                            let text = event_target_value(&e);
                            draft.set(None);
                            if text.trim().is_empty() {
                                error.set(None);
                                commit.run(None);
                            } else if let Ok(v) = parse_for(ty, allowed3.as_deref(), &text) {
                                commit.run(Some(v));
                            }
                        }
                    ></textarea>
                    {clear_button}
                    {move || error.get().map(|m| view! { <div class="input-error" data-testid="json-error">{m}</div> })}
                </div>
            }
            .into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_is_checked_against_the_pin() {
        let int = PinType::normal(DataType::Integer);
        assert_eq!(parse_for(int, None, "42"), Ok(serde_json::json!(42)));
        assert!(parse_for(int, None, "4.5").is_err());
        assert!(parse_for(int, None, "{").unwrap_err().starts_with("not JSON"));
        let list = PinType::array(DataType::Float);
        assert!(parse_for(list, None, "[1, 2.5]").is_ok());
        assert!(parse_for(list, None, "[\"a\"]").is_err());
        let numbers = PinType::array(DataType::Generic);
        let allowed = [DataType::Integer, DataType::Float];
        assert!(parse_for(numbers, Some(&allowed), "[1, 2.5]").is_ok());
        assert_eq!(parse_for(numbers, Some(&allowed), "[\"a\"]"), Err("expected Array of Integer or Float".into()));
    }
}
