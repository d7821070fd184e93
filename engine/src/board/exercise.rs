//! An exercise, as the board carries it: instructions and test cases (an
//! input payload and the board outputs it should produce). Plain data;
//! running the cases and comparing the results is `crate::exercise`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Instructions and test cases.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// What the student should build (shown as text).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub instructions: String,
    /// The cases "Check" runs.
    #[serde(default)]
    pub cases: Vec<TestCase>,
}

/// One case: run with `input`, expect these board outputs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestCase {
    /// A short name.
    pub name: String,
    /// The run's input payload.
    #[serde(default)]
    pub input: serde_json::Value,
    /// Expected board outputs, by name (outputs not listed are not checked).
    #[serde(default)]
    pub expect: BTreeMap<String, serde_json::Value>,
}
