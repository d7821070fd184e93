//! Floe in the browser: the Leptos app. For now a start page that proves the
//! engine runs in the tab; the editor replaces it.

mod host;

use std::sync::Arc;

use floe_engine::{Board, CancelToken, Catalog, Plan, RunOptions, Value};
use leptos::prelude::*;

const EXAMPLE: &str = include_str!("../../tests/fixtures/boards/temperature.board.json");

fn main() {
    console_error_panic_hook::set_once();
    mount_to_body(App);
}

/// The result of running the example board in the tab.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Idle,
    Running,
    Done(String),
    Failed(String),
}

#[component]
fn App() -> impl IntoView {
    let catalog = Catalog::builtin();
    let node_count = catalog.len();
    let (celsius, set_celsius) = signal(37.5f64);
    let (outcome, set_outcome) = signal(Outcome::Idle);
    let run = move |_| {
        set_outcome.set(Outcome::Running);
        let c = celsius.get_untracked();
        wasm_bindgen_futures::spawn_local(async move {
            set_outcome.set(run_example(c).await);
        });
    };
    view! {
        <main class="start">
            <h1>"Floe"</h1>
            <p class="tagline">"A visual flow editor that runs entirely in this tab."</p>
            <p data-testid="catalog">{format!("{node_count} built-in nodes are ready.")}</p>
            <section class="example">
                <h2>"Try the engine"</h2>
                <label>
                    "Celsius "
                    <input
                        type="number"
                        data-testid="celsius"
                        prop:value=move || celsius.get().to_string()
                        on:input=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse() {
                                set_celsius.set(v);
                            }
                        }
                    />
                </label>
                <button data-testid="run" on:click=run>"Run the temperature board"</button>
                <p data-testid="result">
                    {move || match outcome.get() {
                        Outcome::Idle => String::new(),
                        Outcome::Running => "Running…".to_owned(),
                        Outcome::Done(text) | Outcome::Failed(text) => text,
                    }}
                </p>
            </section>
        </main>
    }
}

/// Compiles and runs the bundled example board in the tab.
async fn run_example(celsius: f64) -> Outcome {
    let board = match Board::from_json(EXAMPLE) {
        Ok(b) => b,
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let plan = match Plan::compile(&board, &Catalog::builtin()) {
        Ok(p) => Arc::new(p),
        Err(d) => return Outcome::Failed(d.to_string()),
    };
    let input = Value::from_json(&serde_json::json!({ "celsius": celsius }));
    let mut runner = plan.runner();
    let opts = RunOptions { input, ..RunOptions::default() };
    let summary = runner.run(&opts, &host::BrowserHost::new(), &mut (), &CancelToken::new()).await;
    match (summary.error, runner.output("fahrenheit")) {
        (None, Some(v)) => {
            Outcome::Done(format!("{celsius} °C = {v} °F (ran in the tab in {:.2} ms)", summary.duration_ms))
        }
        (Some(e), _) => Outcome::Failed(e.to_string()),
        (None, None) => Outcome::Failed("the board produced no output".to_owned()),
    }
}
