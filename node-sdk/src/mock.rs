//! Run a node natively, without wasm: for the node's own unit tests.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::abi::LogLevel;
use crate::context::{Context, Node, NodeError};
use crate::def::{PinNames, Role};
use crate::protocol::{RunContext, RunResult};
use crate::value::PinValue;

/// A stand-in for Floe: collects inputs and settings, runs a node, reports
/// what it did. Messages go through the same wire encoding as in Floe.
#[derive(Default, Clone)]
pub struct MockHost {
    inputs: Vec<(String, PinValue)>,
    config: Vec<(String, PinValue)>,
}

/// What a mocked run produced.
#[derive(Debug, Clone, PartialEq)]
pub struct MockRun {
    /// Outputs by name.
    pub outputs: Vec<(String, PinValue)>,
    /// The execution output fired, by name.
    pub fired: Option<String>,
    /// Log lines.
    pub logs: Vec<(LogLevel, String)>,
    /// The failure, if the node failed.
    pub error: Option<NodeError>,
}

impl MockRun {
    /// Output `name`, if the node set it.
    pub fn output(&self, name: &str) -> Option<&PinValue> {
        self.outputs.iter().find(|(k, _)| k == name).map(|(_, v)| v).filter(|v| **v != PinValue::Null)
    }
}

impl MockHost {
    /// No inputs, no settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets an input.
    pub fn input(mut self, name: &str, value: impl Into<PinValue>) -> Self {
        self.inputs.push((name.to_owned(), value.into()));
        self
    }

    /// Sets a setting.
    pub fn config(mut self, name: &str, value: impl Into<PinValue>) -> Self {
        self.config.push((name.to_owned(), value.into()));
        self
    }

    /// Runs node `N` once.
    pub fn run<N: Node>(&self) -> MockRun {
        let def: &'static crate::Definition = &N::DEFINITION;
        let mut inputs = vec![PinValue::Null; def.input_count()];
        for (name, v) in &self.inputs {
            match def.input_index(name) {
                Some(i) => inputs[i] = v.clone(),
                None => panic!("MockHost: node `{}` has no input `{name}`", def.name),
            }
        }
        let context = RunContext { inputs, config: self.config.clone(), run_id: "mock".into() }.encode();
        let mut logs = Vec::new();
        let (inputs, outputs, execs) =
            (def.names_of(Role::Input), def.names_of(Role::Output), def.names_of(Role::Exec));
        let names = PinNames { inputs: &inputs, outputs: &outputs, execs: &execs };
        let cx = Context::from_wire(names, &context, Some(&mut logs)).expect("the SDK reads what it writes");
        let mut cx = cx;
        let outcome = N::run(&mut cx);
        let bytes = cx.finish(outcome);
        let result = RunResult::decode(&bytes).expect("the SDK writes a readable result");
        match result.outcome {
            Ok((outputs, fire)) => MockRun {
                outputs: def.output_names().map(str::to_owned).zip(outputs).collect(),
                fired: fire.and_then(|i| execs.get(i as usize).map(|s| (*s).to_owned())),
                logs,
                error: None,
            },
            Err(e) => MockRun { outputs: Vec::new(), fired: None, logs, error: Some(e) },
        }
    }
}
