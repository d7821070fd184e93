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
    /// A copy for students (an exercise shared by a teacher, or an example
    /// to finish): the instructions and the cases marked `locked` are the
    /// teacher's and cannot be changed; students may add cases of their own.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
}

impl Exercise {
    /// The copy a teacher hands out: locked, with every case the teacher's.
    pub fn for_students(&self) -> Exercise {
        let cases = self.cases.iter().map(|c| TestCase { locked: true, ..c.clone() }).collect();
        Exercise { instructions: self.instructions.clone(), cases, locked: true }
    }
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
    /// A case for one subflow on its own (its id): `input`'s fields are the
    /// subflow's inputs, `expect` names its outputs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subflow: Option<String>,
    /// The teacher's case, in a locked exercise: it cannot be changed or removed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
}
