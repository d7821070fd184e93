//! Which URLs "Node from URL" may fetch a module from, and the name the
//! module gets. The browser parses the URL (its WHATWG parser); the rule is
//! here, tested natively.

/// A URL as the browser's parser splits it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlParts<'a> {
    /// `https:`, `http:`, ...
    pub protocol: &'a str,
    /// The host without the port (`[::1]` for IPv6).
    pub hostname: &'a str,
    /// The user name in the URL, if any.
    pub username: &'a str,
    /// The password in the URL, if any.
    pub password: &'a str,
    /// The path (`/nodes/add.wat`), without query and fragment.
    pub pathname: &'a str,
}

/// The most bytes a module fetched from a URL may have.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;
/// How long a fetch may take, in milliseconds.
pub const TIMEOUT_MS: u32 = 20_000;

/// Why a URL is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UrlRefusal {
    /// Not http(s), or plain http to another computer.
    #[error("a node can be loaded only over https (or http from this computer), not from a {0} address")]
    Scheme(String),
    /// A user name or password in the URL would be sent along and kept.
    #[error("the address carries a user name or password; remove it")]
    Credentials,
}

/// Whether `url` may be fetched; `Ok` is the module's name: the last part
/// of the path (query and fragment, which may hold tokens, never become part
/// of the board).
pub fn check(url: &UrlParts<'_>) -> Result<String, UrlRefusal> {
    let local = matches!(url.hostname, "localhost" | "127.0.0.1" | "[::1]") || url.hostname.ends_with(".localhost");
    match url.protocol {
        "https:" => {}
        "http:" if local => {}
        "http:" => return Err(UrlRefusal::Scheme("plain http".into())),
        other => return Err(UrlRefusal::Scheme(other.trim_end_matches(':').to_owned())),
    }
    if !url.username.is_empty() || !url.password.is_empty() {
        return Err(UrlRefusal::Credentials);
    }
    let last = url.pathname.rsplit('/').next().unwrap_or("");
    Ok(if last.is_empty() { "module.wasm".to_owned() } else { last.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(protocol: &'a str, hostname: &'a str, pathname: &'a str) -> UrlParts<'a> {
        UrlParts { protocol, hostname, username: "", password: "", pathname }
    }

    #[test]
    fn only_https_or_local_http_and_the_name_has_no_query() {
        assert_eq!(check(&parts("https:", "nodes.example", "/lib/add.wasm")), Ok("add.wasm".into()));
        assert_eq!(check(&parts("http:", "127.0.0.1", "/add.wat")), Ok("add.wat".into()));
        assert_eq!(check(&parts("http:", "localhost", "/")), Ok("module.wasm".into()));
        assert_eq!(
            check(&parts("http:", "nodes.example", "/add.wasm")).unwrap_err().to_string(),
            "a node can be loaded only over https (or http from this computer), not from a plain http address"
        );
        for scheme in ["javascript:", "file:", "data:", "ftp:", "blob:"] {
            assert!(matches!(check(&parts(scheme, "", "/x")), Err(UrlRefusal::Scheme(_))), "{scheme}");
        }
        let with_user = UrlParts { username: "me", ..parts("https:", "h", "/a.wasm") };
        assert_eq!(check(&with_user), Err(UrlRefusal::Credentials));
    }
}
