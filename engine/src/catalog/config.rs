//! Reading a node's settings with the definition's defaults and clear errors.

use crate::board::{Node, Variable};
use crate::def::NodeDef;

/// A setting had a bad value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("setting `{field}`: {message}")]
pub struct ConfigError {
    /// The setting's name.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

/// One node's settings, falling back to the definition's defaults.
#[derive(Clone, Copy)]
pub struct Config<'a> {
    node: &'a Node,
    def: &'a NodeDef,
    variables: &'a [Variable],
}

static NULL: serde_json::Value = serde_json::Value::Null;

impl<'a> Config<'a> {
    /// Settings of `node`, whose kind is defined by `def`, on a board with `variables`.
    pub fn new(node: &'a Node, def: &'a NodeDef, variables: &'a [Variable]) -> Self {
        Config { node, def, variables }
    }

    /// The board variable named by setting `field`, with its index.
    pub fn variable(&self, field: &str) -> Result<(usize, &'a Variable), ConfigError> {
        let name = self.string(field)?;
        self.variables
            .iter()
            .enumerate()
            .find(|(_, v)| v.name == name)
            .ok_or_else(|| self.error(field, format!("no board variable is called {name:?}")))
    }

    /// The node these settings belong to.
    pub fn node(&self) -> &'a Node {
        self.node
    }

    /// The raw setting, or its default, or `null`.
    pub fn get(&self, field: &str) -> &'a serde_json::Value {
        if let Some(v) = self.node.config.get(field) {
            return v;
        }
        self.def.config.iter().find(|f| f.name == field).and_then(|f| f.default.as_ref()).unwrap_or(&NULL)
    }

    /// An error about `field`.
    pub fn error(&self, field: &str, message: impl Into<String>) -> ConfigError {
        ConfigError { field: field.to_owned(), message: message.into() }
    }

    fn wrong(&self, field: &str, expected: &str) -> ConfigError {
        self.error(field, format!("expected {expected}, got {}", self.get(field)))
    }

    /// A text setting.
    pub fn string(&self, field: &str) -> Result<&'a str, ConfigError> {
        self.get(field).as_str().ok_or_else(|| self.wrong(field, "text"))
    }

    /// A whole number ≥ 0.
    pub fn u64(&self, field: &str) -> Result<u64, ConfigError> {
        self.get(field).as_u64().ok_or_else(|| self.wrong(field, "a whole number ≥ 0"))
    }

    /// A whole number in `min..=max`.
    pub fn u64_in(&self, field: &str, min: u64, max: u64) -> Result<u64, ConfigError> {
        let v = self.u64(field)?;
        if (min..=max).contains(&v) {
            Ok(v)
        } else {
            Err(self.error(field, format!("must be between {min} and {max}, got {v}")))
        }
    }

    /// A whole number, possibly negative.
    pub fn i64(&self, field: &str) -> Result<i64, ConfigError> {
        self.get(field).as_i64().ok_or_else(|| self.wrong(field, "a whole number"))
    }

    /// An optional whole number (`null` or absent gives `None`).
    pub fn opt_i64(&self, field: &str) -> Result<Option<i64>, ConfigError> {
        match self.get(field) {
            serde_json::Value::Null => Ok(None),
            v => v.as_i64().map(Some).ok_or_else(|| self.wrong(field, "a whole number")),
        }
    }

    /// A yes/no setting.
    pub fn bool(&self, field: &str) -> Result<bool, ConfigError> {
        self.get(field).as_bool().ok_or_else(|| self.wrong(field, "true or false"))
    }

    /// A list of texts.
    pub fn strings(&self, field: &str) -> Result<Vec<String>, ConfigError> {
        let list = self.get(field).as_array().ok_or_else(|| self.wrong(field, "a list of texts"))?;
        list.iter().map(|v| v.as_str().map(str::to_owned).ok_or_else(|| self.wrong(field, "a list of texts"))).collect()
    }

    /// One of the setting's declared options.
    pub fn choice(&self, field: &str) -> Result<&'a str, ConfigError> {
        let v = self.string(field)?;
        let options = self.def.config.iter().find(|f| f.name == field).map(|f| &f.options);
        match options {
            Some(opts) if !opts.is_empty() && !opts.iter().any(|o| o == v) => {
                Err(self.error(field, format!("must be one of {}, got {v:?}", opts.join(", "))))
            }
            _ => Ok(v),
        }
    }

    /// Settings the node has that its kind does not declare.
    pub fn unknown_fields(&self) -> impl Iterator<Item = &'a str> {
        let def = self.def;
        self.node.config.keys().filter(move |k| !def.config.iter().any(|f| &f.name == *k)).map(String::as_str)
    }
}
