//! Where the app is, read from and written to the URL's fragment (so Back works).

/// Where the app is, from the URL's fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `#/` (or nothing): the list of boards.
    Home,
    /// `#/b/<id>`: a stored board, editable.
    Board(String),
    /// `#b=1.…`: a shared board, read-only.
    Shared(String),
}

impl Route {
    /// Reads a fragment (with or without its `#`).
    pub fn parse(hash: &str) -> Route {
        let h = hash.strip_prefix('#').unwrap_or(hash);
        if let Some(id) = h.strip_prefix("/b/").filter(|id| !id.is_empty()) {
            Route::Board(id.to_owned())
        } else if !h.is_empty() && !h.starts_with('/') {
            // Anything else is meant as a share link (`b=1.…`); a bad one gets a clear message.
            Route::Shared(h.to_owned())
        } else {
            Route::Home
        }
    }

    /// The fragment for this place.
    pub fn hash(&self) -> String {
        match self {
            Route::Home => "#/".into(),
            Route::Board(id) => format!("#/b/{id}"),
            Route::Shared(f) => format!("#{f}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_name_places() {
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("#/"), Route::Home);
        assert_eq!(Route::parse("#/b/abc123"), Route::Board("abc123".into()));
        assert_eq!(Route::parse("#/b/"), Route::Home);
        assert_eq!(Route::parse("#b=1.eJx"), Route::Shared("b=1.eJx".into()));
        // A damaged link is still a link (the app says what is wrong with it).
        assert_eq!(Route::parse("#b"), Route::Shared("b".into()));
        for r in [Route::Home, Route::Board("x1".into()), Route::Shared("b=1.abc".into())] {
            assert_eq!(Route::parse(&r.hash()), r);
        }
    }
}
