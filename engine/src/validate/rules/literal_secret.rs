//! `literal-secret` (warning): an inline value or a setting that looks like
//! a key or token written out (`Bearer …`, `sk-…`, `ghp_…`, a long random
//! word), where the vault's `{{secret:NAME}}` belongs: a board is shared as
//! text, so what it holds is not secret. Only the start of the value is
//! shown. The page leaves this rule to the run worker and the CLI (its
//! first paint has a budget); `floe check` reports it.

use crate::validate::{Code, Target};

use super::{Analysis, Sink};

/// The most strings one board's check looks at, and how much of each.
const MAX_STRINGS: usize = 10_000;
const MAX_SCANNED: usize = 4096;

/// Prefixes of well-known credentials.
const PREFIXES: &[&str] =
    &["sk-", "sk_live_", "rk_live_", "ghp_", "gho_", "ghs_", "github_pat_", "glpat-", "xoxb-", "xoxp-", "AKIA", "AIza"];

pub(super) fn check(a: &Analysis<'_>, out: &mut Sink) {
    let mut budget = MAX_STRINGS;
    for node in &a.board.nodes {
        let places = node.inputs.iter().map(|(k, v)| (format!("the inline value of `{k}`"), v));
        let settings = node.config.iter().map(|(k, v)| (format!("the setting `{k}`"), v));
        for (what, value) in places.chain(settings) {
            // An explicit stack: no recursion as deep as the value.
            let mut stack = vec![value];
            while let Some(v) = stack.pop() {
                if budget == 0 {
                    return;
                }
                match v {
                    serde_json::Value::String(s) => {
                        budget -= 1;
                        if let Some(shown) = secret_like(s) {
                            out.warning(
                                Code::LiteralSecret,
                                Target::Node { node: node.id.clone() },
                                format!(
                                    "{what} looks like a key or token written out (`{shown}…`); anyone with the board can read it: keep it in the vault and write {{{{secret:NAME}}}}"
                                ),
                            );
                            break;
                        }
                    }
                    serde_json::Value::Array(items) => stack.extend(items.iter()),
                    serde_json::Value::Object(map) => stack.extend(map.values()),
                    _ => {}
                }
            }
        }
    }
}

/// The first characters of the word in `text` that looks like a credential.
fn secret_like(text: &str) -> Option<String> {
    let text = &text[..text.floor_char_boundary(MAX_SCANNED)];
    let token = |c: char| c.is_ascii_alphanumeric() || "-_+".contains(c);
    for word in text.split(|c: char| !token(c)).filter(|w| w.len() >= 16) {
        let known = PREFIXES.iter().any(|p| word.starts_with(p) && word.len() >= p.len() + 16);
        let (digits, lower, upper) = word.chars().fold((0, 0, 0), |(d, l, u), c| {
            (
                d + usize::from(c.is_ascii_digit()),
                l + usize::from(c.is_ascii_lowercase()),
                u + usize::from(c.is_ascii_uppercase()),
            )
        });
        let random =
            (word.len() >= 32 && digits > 0 && lower + upper > 0 && digits + lower + upper >= word.len() * 3 / 4)
                || (word.len() >= 20 && digits > 0 && lower > 0 && upper > 0 && digits + lower + upper == word.len());
        if known || random {
            return Some(word.chars().take(4).collect());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::test_util::with_code;
    use super::secret_like;
    use serde_json::json;

    #[test]
    fn warns_about_written_out_keys_without_showing_them() {
        let lines = with_code(
            json!({"nodes": [{"id": "req", "kind": "http.request",
                "config": {"url": "https://api.example.com/v1?key=AIzaSyD3xampleKeyThatIsLong123"},
                "inputs": {"headers": {"authorization": "Bearer ghp_16C7e42F292c6912E7710c838347Ae178B4a"}}}]}),
            "literal-secret",
        );
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[0].contains("the inline value of `headers` looks like a key or token written out (`ghp_…`)"),
            "{lines:?}"
        );
        assert!(lines[1].contains("the setting `url`") && lines[1].contains("(`AIza…`)"), "{lines:?}");
        assert!(!lines.concat().contains("16C7e42F"), "the value is not repeated");
    }

    #[test]
    fn placeholders_words_and_ids_are_not_secrets() {
        for text in [
            "Bearer {{secret:API_TOKEN}}",
            "https://api.example.com/v1/items?city=Lyon&units=metric",
            "https://api.example.com/v1/items/12345/details/2026/reports/summary.json",
            "The quick brown fox jumps over the lazy dog",
            "2026-12-05T10:00:00.000Z",
            "application/json",
            "event.board_input",
        ] {
            assert_eq!(secret_like(text), None, "{text}");
        }
        assert!(secret_like("sk-proj-abcdefghijklmnopqrstuvwx").is_some());
        assert!(secret_like("token a8f5f167f44f4964e6c998dee827110c5e2b4c1d").is_some());
    }
}
