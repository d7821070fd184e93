//! The inspector: the selected node (description, inline constants, settings,
//! its last run, and for custom nodes their module, scores and budgets), or
//! with nothing selected, the board (name, description, variables, modules).

use floe_editor::Command;
use floe_editor::panels::Side;
use floe_engine::{DataType, NodeId, PinId, PinType, ValueType, Variable};
use leptos::prelude::*;

use super::node::fuel_text;
use super::value_input::ValueInput;
use crate::state::Editor;

/// The right sidebar.
#[component]
pub fn Inspector() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let selected = Memo::new(move |_| editor.selection.with(|s| s.only_node().cloned()));
    let count = Memo::new(move |_| editor.selection.with(|s| s.len()));
    let open = Memo::new(move |_| editor.panels.with(|p| p.inspector));
    view! {
        <aside class="inspector" class:collapsed=move || !open.get() data-testid="inspector" aria-label="Inspector">
            <super::side::SideToggle side=Side::Inspector name="inspector" />
            // A read-only board (a shared link, another tab's) shows its fields disabled.
            <fieldset class="side-body scrolls" class:hidden=move || !open.get() disabled=move || editor.read_only.get()>
            {move || match selected.get() {
                Some(id) => view! { <NodeInspector id=id /> }.into_any(),
                None if count.get() > 1 => view! {
                    <h2>{move || format!("{} items selected", count.get())}</h2>
                    <p class="muted">"Drag to move them together; Delete removes them; Ctrl+C copies them."</p>
                    <button data-testid="make-subflow" title="Shift+G" on:click=move |_| editor.make_subflow()>"Make subflow"</button>
                    <p class="hint">"Make subflow: these nodes become one node, a subflow you can reuse; wires crossing the selection become its pins."</p>
                }
                .into_any(),
                None => view! { <BoardInspector /> }.into_any(),
            }}
            </fieldset>
        </aside>
    }
}

#[component]
fn NodeInspector(id: NodeId) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let Some(ui) = editor.node(&id) else { return ().into_any() };
    let node = {
        let id = id.clone();
        Memo::new(move |_| {
            editor.revision.track();
            editor.with_board(|b| b.node(&id).cloned())
        })
    };
    let def = Memo::new(move |_| {
        editor.catalog_rev.track();
        let kind = ui.look.with(|l| l.kind.clone());
        editor.catalog.with_value(|c| c.get(&kind).map(|k| k.def().clone()))
    });
    let id_label = id.clone();
    let label_id = id.clone();
    let pins_id = id.clone();
    // Which inputs are wired, from where: follows every wire added or removed.
    let wired = {
        let id = id.clone();
        Memo::new(move |_| {
            editor.edges.track();
            editor.with_board(|b| {
                b.edges
                    .iter()
                    .filter(|e| e.to.node == id)
                    .map(|e| (e.to.pin.to_string(), format!("{}.{}", e.from.node, e.from.pin)))
                    .collect::<Vec<_>>()
            })
        })
    };
    let inputs = {
        let id = id.clone();
        move || {
            let layout = ui.look.with(|l| l.layout.clone());
            let wired = wired.get();
            let defaults = def.get().map(|d| d.pins).unwrap_or_default();
            layout
                .inputs
                .iter()
                .filter(|s| !s.ty.is_exec())
                .map(|s| {
                    let pin = s.name.clone();
                    let wired_from = wired.iter().find(|(p, _)| *p == pin).map(|(_, from)| from.clone());
                    let label = if s.friendly.is_empty() { s.name.clone() } else { s.friendly.clone() };
                    let ty = s.ty;
                    let allowed = s.allowed.clone();
                    let body = match wired_from {
                        Some(from) => view! { <span class="wired">{format!("← {from}")}</span> }.into_any(),
                        None => {
                            let (n1, p1, p2) = (id.clone(), pin.clone(), pin.clone());
                            let value = Signal::derive(move || node.with(|n| n.as_ref().and_then(|n| n.inputs.get(p2.as_str()).cloned())));
                            let placeholder = defaults.iter().find(|p| p.name == pin).and_then(|p| p.default.clone());
                            let commit = Callback::new(move |v: Option<serde_json::Value>| {
                                editor.apply(Command::SetInput { node: n1.clone(), pin: PinId::from(p1.as_str()), value: v });
                            });
                            let testid = format!("input-{}", s.name);
                            match (placeholder, allowed) {
                                (Some(ph), Some(a)) => view! { <ValueInput ty=ty value=value placeholder=ph allowed=a commit=commit testid=testid /> }.into_any(),
                                (Some(ph), None) => view! { <ValueInput ty=ty value=value placeholder=ph commit=commit testid=testid /> }.into_any(),
                                (None, Some(a)) => view! { <ValueInput ty=ty value=value allowed=a commit=commit testid=testid /> }.into_any(),
                                (None, None) => view! { <ValueInput ty=ty value=value commit=commit testid=testid /> }.into_any(),
                            }
                        }
                    };
                    let type_text = match &s.allowed {
                        Some(a) if ty.data == DataType::Generic && !a.is_empty() => {
                            let names = a.iter().map(|d| d.name()).collect::<Vec<_>>().join(" or ");
                            if ty.value == ValueType::Normal { names } else { format!("{} of {names}", ty.value.name()) }
                        }
                        _ => ty.to_string(),
                    };
                    view! {
                        <div class="field" title=s.description.clone()>
                            <label for=super::value_input::field_id(&format!("input-{}", s.name))>{label} <span class="type">{type_text}</span></label>
                            {body}
                        </div>
                    }
                })
                .collect::<Vec<_>>()
        }
    };
    let settings = {
        let id = id.clone();
        move || {
            let Some(d) = def.get() else { return Vec::new() };
            // A subflow's boundary edits its pins with the pin editor below.
            let boundary = matches!(d.name.as_str(), "subflow.inputs" | "subflow.outputs");
            d.config
                .iter()
                .filter(|f| !(boundary && f.name == "pins"))
                .map(|f| {
                    let (n1, key) = (id.clone(), f.name.clone());
                    let k2 = key.clone();
                    let value = Signal::derive(move || node.with(|n| n.as_ref().and_then(|n| n.config.get(&k2).cloned())));
                    let commit = Callback::new(move |v: Option<serde_json::Value>| {
                        editor.apply(Command::SetConfig { node: n1.clone(), key: key.clone(), value: v });
                    });
                    let ty = PinType::new(f.data_type, f.value_type);
                    let input = match f.default.clone() {
                        Some(ph) => view! { <ValueInput ty=ty value=value placeholder=ph options=f.options.clone() commit=commit testid=format!("setting-{}", f.name) /> }.into_any(),
                        None => view! { <ValueInput ty=ty value=value options=f.options.clone() commit=commit testid=format!("setting-{}", f.name) /> }.into_any(),
                    };
                    view! {
                        <div class="field" title=f.description.clone()>
                            <label for=super::value_input::field_id(&format!("setting-{}", f.name))>{f.friendly_name.clone()}</label>
                            {input}
                            {(!f.description.is_empty()).then(|| view! { <p class="hint">{f.description.clone()}</p> })}
                        </div>
                    }
                })
                .collect::<Vec<_>>()
        }
    };
    let module = move || {
        let kind = ui.look.with(|l| l.kind.clone());
        editor.catalog_rev.track();
        editor.module_info(&kind).map(|m| {
            let s = m.scores;
            let bar = |name: &'static str, v: u8| {
                view! {
                    <div class="score"><span>{name}</span><meter min="0" max="10" value=v.to_string()></meter><span>{v}</span></div>
                }
            };
            let hash = m.hash;
            view! {
                <section class="module" data-testid="module-info">
                    <h3>"Custom node"</h3>
                    <p><b>{m.name.clone()}</b>" · "{if m.wasi { "WASI program" } else { "Floe ABI node" }}" · "{format!("{} bytes", m.size)}</p>
                    <p class="hash" title="The module's content hash">{m.hash.to_string()}</p>
                    <div class="scores">
                        {bar("privacy", s.privacy)}
                        {bar("security", s.security)}
                        {bar("performance", s.performance)}
                        {bar("governance", s.governance)}
                        {bar("reliability", s.reliability)}
                        {bar("cost", s.cost)}
                    </div>
                    {m.is_text.then(|| view! {
                        <button data-testid="edit-wat" on:click=move |_| editor.wat_open.set(Some(hash))>"Edit WebAssembly text…"</button>
                    })}
                    <p class="hint">"Budgets are the Fuel budget and Memory limit settings below."</p>
                </section>
            }
        })
    };
    let run = move || {
        let r = ui.run.get();
        (r.runs > 0 || r.error.is_some() || r.path.is_some()).then(|| {
            view! {
                <section class="last-run">
                    <h3>"Last run"</h3>
                    <p>
                        {format!("{} time(s)", r.runs)}
                        {r.duration_ms.map(|d| format!(" · {d:.2} ms"))}
                        {r.fuel.map(|f| format!(" · {}", fuel_text(f)))}
                    </p>
                    {r.path.map(|p| view! { <p class="call-path">{call_path_text(p)}</p> })}
                    {r.error.map(|e| view! { <p class="error-text">{e}</p> })}
                </section>
            }
        })
    };
    // A subflow instance: open it, unpack it, or give it a definition of its own.
    let instance = {
        let id = id.clone();
        move || {
            let kind = ui.look.with(|l| l.kind.clone());
            floe_engine::board::subflow_of(&kind)?;
            let (a, b, c) = (id.clone(), id.clone(), id.clone());
            Some(view! {
                <section class="instance" data-testid="instance-actions">
                    <h3>"Subflow"</h3>
                    <p class="hint">"Edit it once: every instance follows. Its settings below are this instance's parameters."</p>
                    <div class="row">
                        <button data-testid="open-subflow" on:click=move |_| editor.open_instance(&a)>"Open"</button>
                        <button data-testid="unpack-subflow" title="Put its nodes back in its place" on:click=move |_| editor.unpack(&b)>"Unpack"</button>
                        <button data-testid="copy-subflow" title="Give this instance a subflow of its own" on:click=move |_| editor.independent_copy(&c)>"Make independent copy"</button>
                    </div>
                </section>
            })
        }
    };
    view! {
        <div class="node-inspector">
            <input
                class="title-input"
                aria-label="Node title"
                data-testid="node-label"
                title="The node's title (empty: the kind's name)"
                prop:value=move || ui.look.with(|l| l.title.clone())
                on:change=move |e| {
                    editor.apply(Command::SetLabel { node: label_id.clone(), label: Some(event_target_value(&e)) });
                }
            />
            <p class="kind">{move || ui.look.with(|l| format!("{} · {}", l.kind, l.category))}" · id "{id_label.to_string()}</p>
            <p class="description">{move || def.with(|d| d.as_ref().map(|d| d.description.clone()).unwrap_or_else(|| "This node's kind is not available: load its module, or delete the node.".into()))}</p>
            {run}
            {instance}
            {module}
            <section>
                <h3>"Inputs"</h3>
                {inputs}
            </section>
            {move || ui.look.with(|l| matches!(l.kind.as_str(), "subflow.inputs" | "subflow.outputs")).then(|| {
                view! { <PinsEditor id=pins_id.clone() /> }
            })}
            <section>
                <h3>"Settings"</h3>
                {settings}
            </section>
        </div>
    }
    .into_any()
}

#[component]
fn BoardInspector() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let lib = expect_context::<crate::state::library::Library>();
    let meta = Memo::new(move |_| {
        editor.revision.track();
        editor.with_board(|b| (b.meta.name.clone(), b.meta.description.clone()))
    });
    let variables = Memo::new(move |_| {
        editor.revision.track();
        editor.with_board(|b| b.variables.clone())
    });
    let modules = Memo::new(move |_| {
        editor.revision.track();
        editor.with_board(|b| {
            b.modules
                .iter()
                .map(|m| (m.hash, m.name.clone(), b.nodes.iter().filter(|n| n.kind == m.hash.kind_name()).count()))
                .collect::<Vec<_>>()
        })
    });
    let set_vars = move |vars: Vec<Variable>| {
        editor.apply(Command::SetVariables { variables: vars });
    };
    let add_var = move |_| {
        let mut vars = variables.get_untracked();
        let name = (1..).map(|i| format!("var{i}")).find(|n| !vars.iter().any(|v| &v.name == n)).unwrap_or_default();
        vars.push(Variable {
            name,
            data_type: DataType::Integer,
            value_type: ValueType::Normal,
            default: 0.into(),
            description: String::new(),
        });
        set_vars(vars);
    };
    view! {
        <div class="board-inspector">
            <h2>{move || if editor.scope.with(Option::is_some) { "Subflow" } else { "Board" }}</h2>
            <div class="field">
                <label for="board-name">"Name"</label>
                <input
                    type="text"
                    id="board-name"
                    data-testid="board-name"
                    prop:value=move || meta.get().0
                    on:change=move |e| {
                        let (_, d) = meta.get_untracked();
                        editor.apply(Command::SetMeta { name: event_target_value(&e), description: d });
                    }
                />
            </div>
            <div class="field">
                <label for="board-description">"Description"</label>
                <textarea
                    id="board-description"
                    rows="3"
                    prop:value=move || meta.get().1
                    on:change=move |e| {
                        let (n, _) = meta.get_untracked();
                        editor.apply(Command::SetMeta { name: n, description: event_target_value(&e) });
                    }
                ></textarea>
            </div>
            <section>
                <h3>"Variables"</h3>
                {move || {
                    variables.get().into_iter().enumerate().map(|(i, v)| {
                        let ty = v.pin_type();
                        let commit_default = Callback::new(move |d: Option<serde_json::Value>| {
                            let mut vars = variables.get_untracked();
                            vars[i].default = d.unwrap_or(serde_json::Value::Null);
                            set_vars(vars);
                        });
                        let default = Signal::derive(move || variables.with(|vs| vs.get(i).map(|v| v.default.clone())));
                        view! {
                            <div class="variable">
                                <input type="text" class="var-name" aria-label="Variable name" prop:value=v.name.clone() on:change=move |e| {
                                    let mut vars = variables.get_untracked();
                                    vars[i].name = event_target_value(&e);
                                    set_vars(vars);
                                } />
                                <select aria-label="Variable type" prop:value=v.data_type.name() on:change=move |e| {
                                    let mut vars = variables.get_untracked();
                                    if let Some(t) = DataType::ALL.iter().find(|t| t.name() == event_target_value(&e)) {
                                        vars[i].data_type = *t;
                                        vars[i].default = default_for(*t);
                                    }
                                    set_vars(vars);
                                }>
                                    {DataType::ALL.iter().filter(|t| **t != DataType::Execution).map(|t| view! { <option value=t.name()>{t.name()}</option> }).collect::<Vec<_>>()}
                                </select>
                                <button title="Remove the variable" aria-label="Remove the variable" on:click=move |_| {
                                    let mut vars = variables.get_untracked();
                                    vars.remove(i);
                                    set_vars(vars);
                                }>"×"</button>
                                <label class="var-default" for=super::value_input::field_id(&format!("var-default-{i}"))>"Starts as"</label>
                                <ValueInput ty=ty value=default commit=commit_default testid=format!("var-default-{i}") />
                            </div>
                        }
                    }).collect::<Vec<_>>()
                }}
                <button data-testid="add-variable" on:click=add_var>"Add variable"</button>
            </section>
            <section data-testid="subflow-list">
                <h3>"Subflows"</h3>
                {move || {
                    editor.revision.track();
                    lib.subflow_library.track();
                    let (list, exercise, students) = editor.with_document(|b| {
                        let list = b.subflows
                            .iter()
                            .map(|s| {
                                let users = b.nodes.iter().filter(|n| floe_engine::board::subflow_of(&n.kind) == Some(s.id.as_str())).count();
                                (s.clone(), users)
                            })
                            .collect::<Vec<_>>();
                        (list, b.exercise.is_some(), b.exercise.as_ref().is_some_and(|e| e.locked))
                    });
                    if list.is_empty() {
                        return view! { <p class="muted">"None. Select nodes and press Shift+G to make one."</p> }.into_any();
                    }
                    list.into_iter().map(|(s, users)| {
                        let id = s.id.clone();
                        let black_box = s.locked && students;
                        // A teacher locks a subflow of an exercise: students use it as a black box.
                        let lock = (exercise && !students).then(|| {
                            let def = s.clone();
                            view! {
                                <label class="lock" title="Students use it as a black box: its inside is hidden and read-only in their copy">
                                    <input type="checkbox" data-testid=format!("lock-subflow-{}", s.id) prop:checked=s.locked on:change=move |e| {
                                        let locked = event_target_checked(&e);
                                        editor.apply(Command::SetSubflow { subflow: Box::new(floe_engine::Subflow { locked, ..def.clone() }), at: None });
                                    } />
                                    "lock for students"
                                </label>
                            }
                        });
                        // The library has a newer version of it: what differs, and Update.
                        let newer = lib.subflow_library.with(|entries| {
                            floe_editor::library::updates(&floe_engine::Board { subflows: vec![s.clone()], ..Default::default() }, entries)
                                .first()
                                .map(|(_, e)| (e.hash.clone(), floe_editor::library::interface_diff(&s, &e.subflow)))
                        });
                        let (save_id, update_id) = (s.id.clone(), s.id.clone());
                        let offer = newer.map(|(hash, diff)| {
                            let what = if diff.is_empty() { "same pins".to_owned() } else { diff.join("; ") };
                            view! {
                                <p class="hint library-offer" data-testid=format!("subflow-update-{}", s.id)>
                                    {format!("A newer version is in your library ({what}). ")}
                                    <button data-testid=format!("update-subflow-{}", s.id) on:click=move |_| lib.update_subflow(&update_id, &hash)>"Update"</button>
                                </p>
                            }
                        });
                        view! {
                            <div class="module-row" data-testid=format!("subflow-row-{}", s.id)>
                                <span>{if black_box { format!("🔒 {}", s.name) } else { s.name.clone() }}</span>
                                <span class="muted">{format!("{users} instance(s) here")}</span>
                                {(!black_box).then(|| view! {
                                    <button data-testid=format!("open-subflow-{id}") title="Open it to edit; every instance follows" on:click=move |_| editor.open_subflow(&id, None)>"Open"</button>
                                    <button data-testid=format!("save-subflow-{save_id}") title="Keep it in this browser's library, to add it to other boards" on:click=move |_| lib.save_subflow(save_id.clone())>"Save to library"</button>
                                })}
                                {lock}
                                {offer}
                            </div>
                        }
                    }).collect::<Vec<_>>().into_any()
                }}
            </section>
            <section>
                <h3>"Custom node modules"</h3>
                {move || {
                    let list = modules.get();
                    if list.is_empty() {
                        return view! { <p class="muted">"None. Drop a .wasm or .wat file on the page to add one."</p> }.into_any();
                    }
                    list.into_iter().map(|(hash, name, users)| {
                        view! {
                            <div class="module-row">
                                <span title=hash.to_string()>{name}</span>
                                <span class="muted">{format!("{users} node(s)")}</span>
                                <button title="Remove the module from the board" on:click=move |_| {
                                    editor.apply(Command::RemoveModule { hash });
                                }>"×"</button>
                            </div>
                        }
                    }).collect::<Vec<_>>().into_any()
                }}
            </section>
        </div>
    }
}

fn default_for(t: DataType) -> serde_json::Value {
    match t {
        DataType::Integer | DataType::Byte => 0.into(),
        DataType::Float => 0.0.into(),
        DataType::Boolean => false.into(),
        DataType::String | DataType::PathBuf => "".into(),
        DataType::Date => "1970-01-01T00:00:00Z".into(),
        DataType::Struct => serde_json::json!({}),
        _ => serde_json::Value::Null,
    }
}

/// Which engine ran a custom node's last call, for its details.
fn call_path_text(path: floe_engine::CallPath) -> &'static str {
    match path {
        floe_engine::CallPath::Interpreter => {
            "Ran on the interpreter (wasmi): sliced by fuel; a node whose calls are heavy moves to the browser's engine"
        }
        floe_engine::CallPath::Native => "Ran on the browser's WebAssembly engine (compiled, metered by the same fuel)",
    }
}

/// A subflow's interface pins, on its inputs or outputs node: name, type
/// and shape of each, add and remove; a renamed pin keeps its wires.
#[component]
fn PinsEditor(id: NodeId) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let pins = {
        let id = id.clone();
        Memo::new(move |_| {
            editor.revision.track();
            editor.with_board(|b| {
                b.node(&id)
                    .and_then(|n| {
                        floe_engine::InterfacePin::list_from(n.config.get("pins").unwrap_or(&serde_json::Value::Null))
                            .ok()
                    })
                    .unwrap_or_default()
            })
        })
    };
    let set = {
        let id = id.clone();
        move |list: Vec<floe_engine::InterfacePin>, renamed: Option<(String, String)>| {
            let cmd = editor.with_board(|b| {
                floe_editor::edit::set_pins(b, &id, &list, renamed.as_ref().map(|(a, b)| (a.as_str(), b.as_str())))
            });
            match cmd {
                Ok(cmd) => {
                    editor.apply(cmd);
                }
                Err(e) => editor.notify(e.to_string(), true),
            }
        }
    };
    let types: Vec<&'static str> = DataType::ALL.iter().map(|d| d.name()).collect();
    let rows = {
        let set = set.clone();
        move || {
            let list = pins.get();
            list.iter()
                .enumerate()
                .map(|(i, p)| {
                    let (s1, s2, s3, s4) = (set.clone(), set.clone(), set.clone(), set.clone());
                    let (l1, l2, l3, l4) = (list.clone(), list.clone(), list.clone(), list.clone());
                    let old = p.name.clone();
                    let data = p.data_type.name();
                    let shape = p.value_type.name();
                    view! {
                        <div class="pin-row" data-testid=format!("pin-row-{}", p.name)>
                            <input class="pin-name" aria-label="Pin name" data-testid=format!("pin-name-{}", p.name) prop:value=p.name.clone()
                                on:change=move |e| {
                                    let mut l = l1.clone();
                                    l[i].name = event_target_value(&e).trim().to_owned();
                                    let new = l[i].name.clone();
                                    s1(l, Some((old.clone(), new)));
                                } />
                            <select aria-label="Pin type" data-testid=format!("pin-type-{}", p.name) on:change=move |e| {
                                let mut l = l2.clone();
                                if let Ok(t) = serde_json::from_value(serde_json::Value::String(event_target_value(&e))) {
                                    l[i].data_type = t;
                                    s2(l, None);
                                }
                            }>
                                {types.iter().map(|t| view! { <option value=*t selected=*t == data>{*t}</option> }).collect::<Vec<_>>()}
                            </select>
                            <select aria-label="Pin shape" on:change=move |e| {
                                let mut l = l3.clone();
                                if let Ok(v) = serde_json::from_value(serde_json::Value::String(event_target_value(&e))) {
                                    l[i].value_type = v;
                                    s3(l, None);
                                }
                            }>
                                {["Normal", "Array", "HashMap", "HashSet"].iter().map(|v| view! { <option value=*v selected=*v == shape>{*v}</option> }).collect::<Vec<_>>()}
                            </select>
                            <button title="Remove this pin" aria-label="Remove pin" on:click=move |_| {
                                let mut l = l4.clone();
                                l.remove(i);
                                s4(l, None);
                            }>"×"</button>
                        </div>
                    }
                })
                .collect::<Vec<_>>()
        }
    };
    let add = move |_| {
        let mut l = pins.get_untracked();
        let name = floe_editor::ids::suffixed("pin", |s| l.iter().any(|p| p.name == s));
        l.push(floe_engine::InterfacePin {
            name,
            label: String::new(),
            data_type: DataType::Generic,
            value_type: ValueType::Normal,
        });
        set(l, None);
    };
    view! {
        <section class="pins-editor" data-testid="pins-editor">
            <h3>"Pins"</h3>
            <p class="hint">"The subflow's pins, as its instances show them. Renaming one keeps its wires inside."</p>
            {rows}
            <button data-testid="add-pin" on:click=add>"+ Add pin"</button>
        </section>
    }
}
