//! JSON Schema checks for Struct pins.
//!
//! A focused validator for the keywords pin contracts use (draft 2020-12
//! semantics): `type, enum, const, properties, required, additionalProperties,
//! items, prefixItems, minItems, maxItems, uniqueItems, minLength, maxLength,
//! pattern, minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf,
//! allOf, anyOf, oneOf, not, format: date-time|date, $ref` to `#/$defs/..` or
//! `#/definitions/..`. Annotations (`title`, `description`, `default`,
//! `examples`, `$schema`, `$id`, `$comment`) are ignored; any other keyword
//! is reported by [`check_schema`] so nothing is silently skipped.
//!
//! Why not the `jsonschema` crate: it adds 667 KB gzip to the browser bundle
//! (measured with wasm32, opt-level z, LTO), more than half of the editor's
//! 1.2 MB first-load budget.

use std::fmt;

use crate::value::{Value, parse_date};

/// A value does not satisfy a schema.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if path.is_empty() { String::new() } else { format!("at {path}: ") })]
pub struct SchemaViolation {
    /// JSON pointer to the offending part of the value (`/items/2/age`).
    pub path: String,
    /// What is wrong there.
    pub message: String,
}

/// The schema itself is unusable.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid schema at {path}: {message}")]
pub struct SchemaError {
    /// JSON pointer into the schema.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "default",
    "examples",
    "$schema",
    "$id",
    "$comment",
    "$defs",
    "definitions",
    "readOnly",
    "writeOnly",
    "deprecated",
];
const KEYWORDS: &[&str] = &[
    "type",
    "enum",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "format",
    "$ref",
];

/// Checks that `schema` is well-formed and uses only supported keywords.
pub fn check_schema(schema: &serde_json::Value) -> Result<(), SchemaError> {
    walk_schema(schema, schema, "")
}

fn walk_schema(root: &serde_json::Value, s: &serde_json::Value, path: &str) -> Result<(), SchemaError> {
    let err = |p: &str, m: String| SchemaError { path: if p.is_empty() { "/".into() } else { p.into() }, message: m };
    let obj = match s {
        serde_json::Value::Bool(_) => return Ok(()),
        serde_json::Value::Object(o) => o,
        other => return Err(err(path, format!("a schema is an object or a boolean, got {other}"))),
    };
    for (k, v) in obj {
        let here = format!("{path}/{k}");
        if ANNOTATIONS.contains(&k.as_str()) {
            if k == "$defs" || k == "definitions" {
                for (name, sub) in v.as_object().into_iter().flatten() {
                    walk_schema(root, sub, &format!("{here}/{name}"))?;
                }
            }
            continue;
        }
        if !KEYWORDS.contains(&k.as_str()) {
            return Err(err(&here, format!("keyword `{k}` is not supported")));
        }
        match k.as_str() {
            "properties" => {
                let props = v.as_object().ok_or_else(|| err(&here, "expected an object".into()))?;
                for (name, sub) in props {
                    walk_schema(root, sub, &format!("{here}/{name}"))?;
                }
            }
            "items" | "additionalProperties" | "not" => walk_schema(root, v, &here)?,
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                let list = v.as_array().ok_or_else(|| err(&here, "expected a list of schemas".into()))?;
                for (i, sub) in list.iter().enumerate() {
                    walk_schema(root, sub, &format!("{here}/{i}"))?;
                }
            }
            "pattern" => {
                let p = v.as_str().ok_or_else(|| err(&here, "expected text".into()))?;
                check_pattern(p).map_err(|e| err(&here, format!("bad pattern: {e}")))?;
            }
            "$ref" => {
                let r = v.as_str().ok_or_else(|| err(&here, "expected text".into()))?;
                resolve_ref(root, r).ok_or_else(|| {
                    err(&here, format!("cannot resolve `{r}` (only #/$defs/... and #/definitions/... are supported)"))
                })?;
            }
            "type" => {
                let ok = |t: &serde_json::Value| {
                    matches!(
                        t.as_str(),
                        Some("object" | "array" | "string" | "integer" | "number" | "boolean" | "null")
                    )
                };
                let valid = match v {
                    serde_json::Value::Array(a) => a.iter().all(ok),
                    t => ok(t),
                };
                if !valid {
                    return Err(err(&here, format!("unknown type {v}")));
                }
            }
            "required" | "enum" if !v.is_array() => return Err(err(&here, "expected a list".into())),
            _ => {}
        }
    }
    Ok(())
}

fn resolve_ref<'a>(root: &'a serde_json::Value, r: &str) -> Option<&'a serde_json::Value> {
    if r == "#" {
        return Some(root);
    }
    let pointer = r.strip_prefix('#')?;
    if !(pointer.starts_with("/$defs/") || pointer.starts_with("/definitions/")) {
        return None;
    }
    root.pointer(pointer)
}

/// How many steps (a schema applied to a part of a value) one check may take.
pub const CHECK_STEPS: u64 = 1_000_000;

/// Checks `value` against `schema`; the error names the first offending
/// place. The check takes at most [`CHECK_STEPS`] steps, so a schema whose
/// combinators branch (`oneOf` of `$ref`s to itself, say) ends with an error
/// instead of running for ever.
pub fn validate(schema: &serde_json::Value, value: &Value) -> Result<(), SchemaViolation> {
    let mut budget = CHECK_STEPS;
    validate_within(schema, value, &mut budget)
}

/// [`validate`] drawing on a shared `budget` of steps (validation of a whole
/// board shares one), which it lowers by what it used.
pub fn validate_within(schema: &serde_json::Value, value: &Value, budget: &mut u64) -> Result<(), SchemaViolation> {
    let mut path = Path(Vec::new());
    let mut cx = Check { root: schema, budget };
    cx.check(schema, value, &mut path, 0).map_err(|e| match e {
        Stop::Violation(v) => v,
        Stop::Budget => SchemaViolation {
            path: String::new(),
            message: format!(
                "checking the value against its schema took more than its budget of {CHECK_STEPS} steps \
                 (the schema is too complex, or recursive)"
            ),
        },
    })
}

/// Why a check stopped.
enum Stop {
    Violation(SchemaViolation),
    /// The step budget ran out (never caught by `anyOf`/`oneOf`/`not`).
    Budget,
}

impl From<SchemaViolation> for Stop {
    fn from(v: SchemaViolation) -> Self {
        Stop::Violation(v)
    }
}

struct Check<'a> {
    root: &'a serde_json::Value,
    budget: &'a mut u64,
}

struct Path(Vec<String>);

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.0 {
            write!(f, "/{p}")?;
        }
        Ok(())
    }
}

fn fail(path: &Path, message: String) -> Result<(), Stop> {
    Err(Stop::Violation(SchemaViolation { path: path.to_string(), message }))
}

fn type_matches(t: &str, v: &Value) -> bool {
    match (t, v) {
        ("object", Value::Map(_))
        | ("array", Value::Array(_))
        | ("boolean", Value::Bool(_))
        | ("null", Value::Null) => true,
        ("string", Value::Str(_) | Value::Date(_)) => true,
        ("integer", Value::Int(_)) => true,
        ("integer", Value::Float(f)) => f.fract() == 0.0,
        ("number", Value::Int(_) | Value::Float(_)) => true,
        _ => false,
    }
}

impl Check<'_> {
    fn check(&mut self, s: &serde_json::Value, v: &Value, path: &mut Path, depth: u32) -> Result<(), Stop> {
        if *self.budget == 0 {
            return Err(Stop::Budget);
        }
        *self.budget -= 1;
        if depth > 64 {
            return fail(path, "schema nests too deeply (is a $ref recursive?)".into());
        }
        let root = self.root;
        let obj = match s {
            serde_json::Value::Bool(true) => return Ok(()),
            serde_json::Value::Bool(false) => return fail(path, "no value is allowed here".into()),
            serde_json::Value::Object(o) => o,
            _ => return Ok(()),
        };
        if let Some(r) = obj.get("$ref").and_then(|r| r.as_str()) {
            match resolve_ref(root, r) {
                Some(target) => self.check(target, v, path, depth + 1)?,
                None => return fail(path, format!("cannot resolve `{r}`")),
            }
        }
        if let Some(t) = obj.get("type") {
            let types: Vec<&str> = match t {
                serde_json::Value::Array(a) => a.iter().filter_map(|x| x.as_str()).collect(),
                other => other.as_str().into_iter().collect(),
            };
            if !types.iter().any(|t| type_matches(t, v)) {
                return fail(path, format!("expected {}, got {}", types.join(" or "), v.describe()));
            }
        }
        if let Some(list) = obj.get("enum").and_then(|e| e.as_array())
            && !list.iter().any(|e| Value::from_json(e).loose_eq(v))
        {
            let shown: Vec<String> = list.iter().map(|e| e.to_string()).collect();
            return fail(path, format!("must be one of {}, got {}", shown.join(", "), v.describe()));
        }
        if let Some(c) = obj.get("const")
            && !Value::from_json(c).loose_eq(v)
        {
            return fail(path, format!("must be {c}, got {}", v.describe()));
        }
        match v {
            Value::Map(m) => {
                for name in
                    obj.get("required").and_then(|r| r.as_array()).into_iter().flatten().filter_map(|n| n.as_str())
                {
                    if !m.contains_key(name) {
                        return fail(path, format!("missing required field `{name}`"));
                    }
                }
                let props = obj.get("properties").and_then(|p| p.as_object());
                for (k, item) in m.iter() {
                    path.0.push(k.clone());
                    match props.and_then(|p| p.get(k)) {
                        Some(sub) => self.check(sub, item, path, depth + 1)?,
                        None => match obj.get("additionalProperties") {
                            Some(serde_json::Value::Bool(false)) => {
                                let r = fail(path, format!("field `{k}` is not allowed"));
                                path.0.pop();
                                return r;
                            }
                            Some(sub) => self.check(sub, item, path, depth + 1)?,
                            None => {}
                        },
                    }
                    path.0.pop();
                }
            }
            Value::Array(items) => {
                let n = items.len() as u64;
                if let Some(min) = obj.get("minItems").and_then(|x| x.as_u64()).filter(|min| n < *min) {
                    return fail(path, format!("needs at least {min} items, has {n}"));
                }
                if let Some(max) = obj.get("maxItems").and_then(|x| x.as_u64()).filter(|max| n > *max) {
                    return fail(path, format!("allows at most {max} items, has {n}"));
                }
                if obj.get("uniqueItems").and_then(|x| x.as_bool()) == Some(true) {
                    for (i, a) in items.iter().enumerate() {
                        if items[..i].iter().any(|b| b.loose_eq(a)) {
                            return fail(path, format!("item {i} repeats an earlier item"));
                        }
                    }
                }
                let prefix = obj.get("prefixItems").and_then(|p| p.as_array()).map(Vec::as_slice).unwrap_or(&[]);
                for (i, item) in items.iter().enumerate() {
                    let sub = prefix.get(i).or_else(|| obj.get("items"));
                    if let Some(sub) = sub {
                        path.0.push(i.to_string());
                        self.check(sub, item, path, depth + 1)?;
                        path.0.pop();
                    }
                }
            }
            Value::Str(text) => {
                let len = text.chars().count() as u64;
                if let Some(min) = obj.get("minLength").and_then(|x| x.as_u64()).filter(|m| len < *m) {
                    return fail(path, format!("needs at least {min} characters, has {len}"));
                }
                if let Some(max) = obj.get("maxLength").and_then(|x| x.as_u64()).filter(|m| len > *m) {
                    return fail(path, format!("allows at most {max} characters, has {len}"));
                }
                if let Some(p) = obj.get("pattern").and_then(|p| p.as_str()) {
                    match matches_pattern(p, text) {
                        Ok(false) => return fail(path, format!("does not match pattern {p:?}")),
                        Err(e) => return fail(path, format!("bad pattern {p:?}: {e}")),
                        Ok(true) => {}
                    }
                }
                match obj.get("format").and_then(|f| f.as_str()) {
                    Some("date-time") if chrono::DateTime::parse_from_rfc3339(text).is_err() => {
                        return fail(path, format!("{text:?} is not an RFC 3339 date-time"));
                    }
                    Some("date") if parse_date(text).is_none() => return fail(path, format!("{text:?} is not a date")),
                    _ => {}
                }
            }
            Value::Int(_) | Value::Float(_) => {
                let x = v.as_f64().unwrap_or(f64::NAN);
                let num = |k: &str| obj.get(k).and_then(|n| n.as_f64());
                if let Some(m) = num("minimum").filter(|m| x < *m) {
                    return fail(path, format!("must be ≥ {m}, got {x}"));
                }
                if let Some(m) = num("maximum").filter(|m| x > *m) {
                    return fail(path, format!("must be ≤ {m}, got {x}"));
                }
                if let Some(m) = num("exclusiveMinimum").filter(|m| x <= *m) {
                    return fail(path, format!("must be > {m}, got {x}"));
                }
                if let Some(m) = num("exclusiveMaximum").filter(|m| x >= *m) {
                    return fail(path, format!("must be < {m}, got {x}"));
                }
                if let Some(m) = num("multipleOf").filter(|m| *m > 0.0 && ((x / m) - (x / m).round()).abs() > 1e-9) {
                    return fail(path, format!("must be a multiple of {m}, got {x}"));
                }
            }
            _ => {}
        }
        if let Some(all) = obj.get("allOf").and_then(|a| a.as_array()) {
            for sub in all {
                self.check(sub, v, path, depth + 1)?;
            }
        }
        if let Some(any) = obj.get("anyOf").and_then(|a| a.as_array()) {
            let mut last = None;
            for sub in any {
                match self.attempt(sub, v, path, depth + 1)? {
                    None => {
                        last = None;
                        break;
                    }
                    Some(e) => last = Some(e),
                }
            }
            if let Some(e) = last {
                return fail(path, format!("matches none of the anyOf schemas (last: {e})"));
            }
        }
        if let Some(one) = obj.get("oneOf").and_then(|a| a.as_array()) {
            let mut n = 0;
            for sub in one {
                if self.attempt(sub, v, path, depth + 1)?.is_none() {
                    n += 1;
                }
            }
            if n != 1 {
                return fail(path, format!("must match exactly one oneOf schema, matches {n}"));
            }
        }
        if let Some(not) = obj.get("not")
            && self.attempt(not, v, path, depth + 1)?.is_none()
        {
            return fail(path, "matches a schema it must not match".into());
        }
        Ok(())
    }

    /// Tries one branch of a combinator: `None` when `v` matches `s`, the
    /// violation when not; only a spent budget is an error. The path is as it was.
    fn attempt(
        &mut self,
        s: &serde_json::Value,
        v: &Value,
        path: &mut Path,
        depth: u32,
    ) -> Result<Option<SchemaViolation>, Stop> {
        let len = path.0.len();
        let r = self.check(s, v, path, depth);
        path.0.truncate(len);
        match r {
            Ok(()) => Ok(None),
            Err(Stop::Violation(e)) => Ok(Some(e)),
            Err(Stop::Budget) => Err(Stop::Budget),
        }
    }
}

/// Whether `p` is a regular expression Floe reads. The page (no `run`
/// feature) links no regex engine: it leaves `pattern` to the run worker,
/// whose plan checks every schema again before a run, so a bad pattern or
/// a constant that does not match it is reported when the board is run.
#[cfg(feature = "run")]
fn check_pattern(p: &str) -> Result<(), String> {
    regex_lite::Regex::new(p).map(|_| ()).map_err(|e| e.to_string())
}

#[cfg(not(feature = "run"))]
fn check_pattern(_: &str) -> Result<(), String> {
    Ok(())
}

/// Whether `text` matches pattern `p` (see [`check_pattern`] for the page).
#[cfg(feature = "run")]
fn matches_pattern(p: &str, text: &str) -> Result<bool, String> {
    regex_lite::Regex::new(p).map(|re| re.is_match(text)).map_err(|e| e.to_string())
}

#[cfg(not(feature = "run"))]
fn matches_pattern(_: &str, _: &str) -> Result<bool, String> {
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn v(j: serde_json::Value) -> Value {
        Value::from_json(&j)
    }

    fn person() -> serde_json::Value {
        json!({
            "type": "object",
            "required": ["name", "age"],
            "additionalProperties": false,
            "properties": {
                "name": {"type": "string", "minLength": 1},
                "age": {"type": "integer", "minimum": 0},
                "tags": {"type": "array", "items": {"$ref": "#/$defs/tag"}}
            },
            "$defs": {"tag": {"type": "string", "pattern": "^[a-z]+$"}}
        })
    }

    #[test]
    fn a_valid_value_passes() {
        validate(&person(), &v(json!({"name": "Ada", "age": 36, "tags": ["math"]}))).unwrap();
    }

    #[test]
    fn violations_name_the_path() {
        let e = validate(&person(), &v(json!({"name": "Ada", "age": -1}))).unwrap_err();
        assert_eq!(e.to_string(), "at /age: must be ≥ 0, got -1");
        let e = validate(&person(), &v(json!({"name": "Ada", "age": 1, "tags": ["ok", "NO"]}))).unwrap_err();
        assert_eq!(e.to_string(), "at /tags/1: does not match pattern \"^[a-z]+$\"");
        let e = validate(&person(), &v(json!({"name": "Ada"}))).unwrap_err();
        assert_eq!(e.to_string(), "missing required field `age`");
        let e = validate(&person(), &v(json!({"name": "Ada", "age": 2, "x": 1}))).unwrap_err();
        assert_eq!(e.to_string(), "at /x: field `x` is not allowed");
    }

    #[test]
    fn combinators() {
        let s = json!({"oneOf": [{"type": "integer"}, {"type": "string"}]});
        validate(&s, &v(json!(3))).unwrap();
        assert!(validate(&s, &v(json!(true))).is_err());
        let s = json!({"not": {"const": 0}});
        assert!(validate(&s, &v(json!(0))).is_err());
        let s = json!({"enum": ["a", "b"]});
        assert_eq!(
            validate(&s, &v(json!("c"))).unwrap_err().to_string(),
            "must be one of \"a\", \"b\", got String \"c\""
        );
    }

    #[test]
    fn unsupported_keywords_are_reported_not_ignored() {
        let e = check_schema(&json!({"type": "object", "dependentRequired": {}})).unwrap_err();
        assert_eq!(e.to_string(), "invalid schema at /dependentRequired: keyword `dependentRequired` is not supported");
        let e = check_schema(&json!({"$ref": "https://example.com/s.json"})).unwrap_err();
        assert!(e.message.contains("cannot resolve"), "{e}");
        check_schema(&person()).unwrap();
    }

    /// Regression: a 168-character share link whose input schema branched
    /// on `$ref "#"` made validation run for ever.
    #[test]
    fn branching_recursion_ends_within_the_budget() {
        let s = json!({"oneOf": [{"$ref": "#"}, {"$ref": "#"}]});
        let t = std::time::Instant::now();
        let e = validate(&s, &v(json!(1))).unwrap_err();
        assert!(e.message.contains("budget"), "{e}");
        assert!(t.elapsed().as_secs_f64() < 5.0, "took {:?}", t.elapsed());
        let s = json!({"anyOf": [{"$ref": "#"}, {"$ref": "#"}]});
        assert!(validate(&s, &v(json!([1, 2]))).unwrap_err().message.contains("budget"));
        // A shared budget is lowered by what each check used.
        let mut budget = 10;
        assert!(validate_within(&json!({"type": "integer"}), &v(json!(1)), &mut budget).is_ok());
        assert_eq!(budget, 9);
    }

    #[test]
    fn recursive_refs_stop() {
        let s = json!({"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/a"}}});
        let e = validate(&s, &v(json!(1))).unwrap_err();
        assert!(e.message.contains("nests too deeply"), "{e}");
    }
}
