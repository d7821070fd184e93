//! The node schema's vocabulary, in one place for the guest and the host:
//! a pin's [`DataType`] and [`ValueType`] (together a [`PinType`]), its
//! [`Direction`], and a node's quality [`Scores`]. The engine re-exports
//! these; with the `host` feature they (de)serialise as the definition JSON
//! writes them.

/// What kind of data flows through a pin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "host", derive(serde::Serialize, serde::Deserialize))]
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
    pub const fn is_numeric(self) -> bool {
        matches!(self, DataType::Integer | DataType::Float | DataType::Byte)
    }

    /// The name used in JSON and in messages.
    pub const fn name(self) -> &'static str {
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

impl core::fmt::Display for DataType {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// How many values of the data type a pin carries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "host", derive(serde::Serialize, serde::Deserialize))]
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
    pub const fn name(self) -> &'static str {
        match self {
            ValueType::Normal => "Normal",
            ValueType::Array => "Array",
            ValueType::HashMap => "HashMap",
            ValueType::HashSet => "HashSet",
        }
    }
}

/// The full static type of a pin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "host", derive(serde::Serialize, serde::Deserialize))]
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

impl core::fmt::Display for PinType {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.value {
            ValueType::Normal => write!(f, "{}", self.data),
            ValueType::Array => write!(f, "Array<{}>", self.data),
            ValueType::HashMap => write!(f, "HashMap<{}>", self.data),
            ValueType::HashSet => write!(f, "HashSet<{}>", self.data),
        }
    }
}

/// Whether a pin takes or gives values (`pin_type` in the definition JSON).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "host", derive(serde::Serialize, serde::Deserialize))]
pub enum Direction {
    /// Values (or execution) come in here.
    Input,
    /// Values (or execution) go out here.
    Output,
}

impl Direction {
    /// The name used in JSON.
    pub const fn name(self) -> &'static str {
        match self {
            Direction::Input => "Input",
            Direction::Output => "Output",
        }
    }
}

/// Quality scores, 0 (worst) to 10 (best), as in Flow-Like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "host", derive(serde::Serialize, serde::Deserialize))]
pub struct Scores {
    /// Keeps data private (10 = touches nothing outside the run).
    pub privacy: u8,
    /// Cannot be abused (10 = sandboxed, no host access).
    pub security: u8,
    /// Fast (10 = a few nanoseconds).
    pub performance: u8,
    /// Auditable and predictable.
    pub governance: u8,
    /// Deterministic and robust.
    pub reliability: u8,
    /// Cheap to run.
    pub cost: u8,
}

impl Scores {
    /// Scores of a pure, local, deterministic built-in node.
    pub const BUILTIN: Scores =
        Scores { privacy: 10, security: 10, performance: 10, governance: 10, reliability: 10, cost: 10 };

    /// A sandboxed node that touches nothing outside its inputs.
    pub const SANDBOXED: Scores =
        Scores { privacy: 10, security: 9, performance: 7, governance: 8, reliability: 9, cost: 9 };
}

impl Default for Scores {
    /// Middling scores, for a definition that gives none.
    fn default() -> Self {
        Scores { privacy: 5, security: 5, performance: 5, governance: 5, reliability: 5, cost: 5 }
    }
}
