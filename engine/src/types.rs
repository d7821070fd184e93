//! The pin type system: a data type crossed with a value type.
//!
//! Which pin may connect to which is decided in exactly one place,
//! [`crate::compat::can_connect`].

use std::fmt;

use serde::{Deserialize, Serialize};

/// What kind of data flows through a pin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DataType {
    /// Control flow: no value, only "this happens now".
    Execution,
    /// UTF-8 text.
    String,
    /// A signed 64-bit integer.
    Integer,
    /// A 64-bit float.
    Float,
    /// `true` or `false`.
    Boolean,
    /// An instant in UTC (milliseconds since the Unix epoch; RFC 3339 in JSON).
    Date,
    /// A path, carried as text.
    PathBuf,
    /// A JSON object, optionally constrained by a JSON Schema on the pin.
    Struct,
    /// One byte (0..=255).
    Byte,
    /// Takes the type of whatever it is connected to.
    Generic,
}

impl DataType {
    /// Every data type, in declaration order.
    pub const ALL: [DataType; 10] = [
        DataType::Execution,
        DataType::String,
        DataType::Integer,
        DataType::Float,
        DataType::Boolean,
        DataType::Date,
        DataType::PathBuf,
        DataType::Struct,
        DataType::Byte,
        DataType::Generic,
    ];

    /// Integer, Float or Byte.
    pub fn is_numeric(self) -> bool {
        matches!(self, DataType::Integer | DataType::Float | DataType::Byte)
    }

    /// The name used in JSON and in messages.
    pub fn name(self) -> &'static str {
        match self {
            DataType::Execution => "Execution",
            DataType::String => "String",
            DataType::Integer => "Integer",
            DataType::Float => "Float",
            DataType::Boolean => "Boolean",
            DataType::Date => "Date",
            DataType::PathBuf => "PathBuf",
            DataType::Struct => "Struct",
            DataType::Byte => "Byte",
            DataType::Generic => "Generic",
        }
    }
}

impl fmt::Display for DataType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How many values of the data type a pin carries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ValueType {
    /// A single value.
    #[default]
    Normal,
    /// An ordered list.
    Array,
    /// A map from text keys to values.
    HashMap,
    /// A list without duplicates.
    HashSet,
}

impl ValueType {
    /// The name used in JSON and in messages.
    pub fn name(self) -> &'static str {
        match self {
            ValueType::Normal => "Normal",
            ValueType::Array => "Array",
            ValueType::HashMap => "HashMap",
            ValueType::HashSet => "HashSet",
        }
    }
}

/// The full static type of a pin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PinType {
    /// What kind of data.
    pub data: DataType,
    /// How many of it.
    pub value: ValueType,
}

impl PinType {
    /// Builds a pin type.
    pub const fn new(data: DataType, value: ValueType) -> Self {
        Self { data, value }
    }

    /// A single value of `data`.
    pub const fn normal(data: DataType) -> Self {
        Self::new(data, ValueType::Normal)
    }

    /// An array of `data`.
    pub const fn array(data: DataType) -> Self {
        Self::new(data, ValueType::Array)
    }

    /// The execution pin type.
    pub const EXEC: PinType = PinType::normal(DataType::Execution);

    /// `Generic` + `Normal`: any value.
    pub const ANY: PinType = PinType::normal(DataType::Generic);

    /// Whether this is an execution pin.
    pub fn is_exec(self) -> bool {
        self.data == DataType::Execution
    }

    /// `Generic` + `Normal`: accepts any value at all.
    pub fn is_any(self) -> bool {
        self.data == DataType::Generic && self.value == ValueType::Normal
    }
}

impl fmt::Display for PinType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.value {
            ValueType::Normal => write!(f, "{}", self.data),
            ValueType::Array => write!(f, "Array<{}>", self.data),
            ValueType::HashMap => write!(f, "HashMap<{}>", self.data),
            ValueType::HashSet => write!(f, "HashSet<{}>", self.data),
        }
    }
}
