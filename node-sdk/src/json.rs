//! A minimal JSON writer (no parser): enough to describe a node in
//! `get_node` without linking a JSON library into every guest.

/// Builds JSON text.
#[derive(Default)]
pub struct Json {
    out: String,
}

impl Json {
    /// An empty document.
    pub fn new() -> Self {
        Json { out: String::new() }
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }

    /// Raw JSON (trusted to be valid).
    pub fn raw(&mut self, s: &str) -> &mut Self {
        self.out.push_str(s);
        self
    }

    /// A JSON string.
    pub fn string(&mut self, s: &str) -> &mut Self {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                c if (c as u32) < 0x20 => self.out.push_str(&format!("\\u{:04x}", c as u32)),
                c => self.out.push(c),
            }
        }
        self.out.push('"');
        self
    }

    /// `"key":` inside an object; prefixes a comma unless `first`.
    pub fn key(&mut self, key: &str, first: bool) -> &mut Self {
        if !first {
            self.out.push(',');
        }
        self.string(key);
        self.out.push(':');
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_strings() {
        let mut j = Json::new();
        j.raw("{").key("q\"\n", true).string("tab\there \u{1}").key("n", false).raw("1").raw("}");
        assert_eq!(j.finish(), r#"{"q\"\n":"tab\there \u0001","n":1}"#);
    }
}
