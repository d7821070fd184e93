//! Problems said for people: what happened and what to do, as one
//! sentence, with whatever a decoder or the browser said kept apart as
//! details (shown only behind "details").

use floe_engine::board::BoardError;

use crate::sealed::SealedError;
use crate::share::ShareError;

/// A problem, explained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explained {
    /// What happened and what to do, as sentences.
    pub text: String,
    /// What the decoder, parser or browser said, if anything.
    pub details: Option<String>,
}

impl Explained {
    /// `text` (made a sentence: capital first, full stop last) with `details`.
    pub fn new(text: impl AsRef<str>, details: Option<&str>) -> Self {
        Explained { text: sentence(text.as_ref()), details: details.map(str::to_owned).filter(|d| !d.is_empty()) }
    }
}

/// A share link that cannot be opened.
pub fn share_link(e: &ShareError) -> Explained {
    Explained::new(format!("This share link cannot be opened: {e}. Nothing was changed"), e.details())
}

/// A board shared through a server that cannot be opened.
pub fn server_link(e: &SealedError) -> Explained {
    let details = match e {
        SealedError::Board(b) => b.details(),
        _ => None,
    };
    Explained::new(format!("This shared board cannot be opened: {e}. Nothing was changed"), details)
}

/// A board file (`name`) that cannot be imported.
pub fn board_file(name: &str, e: &BoardError) -> Explained {
    let text = match e {
        BoardError::Json { line, .. } => format!(
            "the file {name} is not a board file: its text is not JSON from line {line} on (cut short, or not a Floe export). \
             Nothing was imported; if someone sent it, ask them to export the board again"
        ),
        BoardError::NotABoard { .. } | BoardError::Shape { .. } => format!(
            "the file {name} is not a Floe board Floe can read (it is JSON, but not a board). Nothing was imported; \
             if someone sent it, ask them to export the board again"
        ),
        BoardError::FutureVersion { .. } => format!(
            "the file {name} was saved by a newer version of Floe. Reload Floe to update it, then import the file again"
        ),
        _ => format!("the file {name} is a board Floe cannot read. Nothing was imported"),
    };
    Explained::new(text, Some(&e.to_string()))
}

/// `text` with a capital first letter and a full stop at the end.
pub fn sentence(text: &str) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    let mut out: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
    if !out.is_empty() && !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use floe_engine::Board;

    #[test]
    fn link_problems_say_what_to_do_and_keep_the_decoder_apart() {
        let e = crate::share::open("b=1.abc$def").unwrap_err();
        let x = share_link(&e);
        assert!(x.text.starts_with("This share link cannot be opened: this link is damaged"), "{}", x.text);
        assert!(x.text.ends_with("Nothing was changed."), "{}", x.text);
        assert!(!x.text.contains("Invalid"), "no decoder words in the message: {}", x.text);
        assert!(x.details.is_some_and(|d| d.contains("Invalid")));
        let future = share_link(&crate::share::open("b=9.abc").unwrap_err());
        assert!(future.text.contains("newer version of Floe") && future.details.is_none(), "{future:?}");
    }

    #[test]
    fn file_problems_name_the_file_and_the_way_out() {
        let json = Board::from_json("{\"nodes\": [").unwrap_err();
        let x = board_file("lesson.json", &json);
        assert!(x.text.starts_with("The file lesson.json is not a board file"), "{}", x.text);
        assert!(x.text.contains("ask them to export the board again") && x.details.is_some(), "{x:?}");
        let shape = Board::from_json("{\"format_version\": 1, \"nodes\": 3}").unwrap_err();
        let x = board_file("b.json", &shape);
        assert!(x.text.contains("not a Floe board") && x.details.unwrap().contains("nodes"));
        let newer = Board::from_json("{\"format_version\": 99, \"nodes\": []}").unwrap_err();
        assert!(board_file("c.json", &newer).text.contains("newer version of Floe"));
    }

    #[test]
    fn sentences() {
        assert_eq!(sentence("the quota is full"), "The quota is full.");
        assert_eq!(sentence("Done!"), "Done!");
        assert_eq!(sentence("  "), "");
    }
}
