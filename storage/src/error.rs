//! What can go wrong with the browser's storage, said so a person can act on it.

/// A storage failure. The message says what happened and what to do; the
/// last good version of every board is untouched.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// No IndexedDB (a private window, or storage turned off).
    #[error(
        "this browser does not let Floe store boards here (a private window, or storage turned off); your work stays in this tab until you export it"
    )]
    Unavailable(String),
    /// Another tab holds an older version of the database open.
    #[error("Floe was updated in another tab, which still holds its storage open; close or reload the other Floe tabs")]
    Blocked,
    /// The storage quota is used up.
    #[error(
        "the browser's storage for Floe is full, so the last change was not saved; export the board, or delete old boards and versions"
    )]
    Full,
    /// A saved record cannot be read.
    #[error(
        "{what} is damaged and cannot be opened; the other boards are fine. Restore one of its versions, or delete it"
    )]
    Damaged {
        /// Which record.
        what: String,
        /// Why.
        reason: String,
    },
    /// No such board or version.
    #[error("there is no saved board or version `{0}`")]
    NotFound(String),
    /// Anything else the database reports.
    #[error("the browser could not save or read the board; try again, and export the board to keep it safe")]
    Failed(String),
}

impl StorageError {
    /// What the browser said, for a "details" view (never the main message).
    pub fn details(&self) -> Option<&str> {
        match self {
            StorageError::Unavailable(d) | StorageError::Failed(d) => Some(d),
            StorageError::Damaged { reason, .. } => Some(reason),
            _ => None,
        }
    }

    /// Classifies an `idb` error (the browser's DOMException names the cause).
    pub fn from_idb(e: idb::Error) -> Self {
        Self::from_message(&e.to_string())
    }

    /// Classifies a DOMException (or error text) by the name the browser gives it.
    pub fn from_message(text: &str) -> Self {
        if text.contains("QuotaExceededError") || text.contains("quota") {
            StorageError::Full
        } else if text.contains("VersionError")
            || text.contains("blocked")
            || text.contains("InvalidStateError") && text.contains("closing")
        {
            StorageError::Blocked
        } else if text.contains("SecurityError") || text.contains("UnknownError") && text.contains("backing store") {
            StorageError::Unavailable(text.to_owned())
        } else {
            StorageError::Failed(text.to_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_errors_are_classified_by_name() {
        assert_eq!(StorageError::from_message("QuotaExceededError: The quota has been exceeded."), StorageError::Full);
        assert_eq!(StorageError::from_message("VersionError: The requested version is less"), StorageError::Blocked);
        assert!(matches!(StorageError::from_message("SecurityError: access denied"), StorageError::Unavailable(_)));
        assert!(matches!(StorageError::from_message("AbortError"), StorageError::Failed(_)));
        assert!(StorageError::Full.to_string().contains("not saved"));
        let failed = StorageError::from_message("AbortError: the transaction was aborted");
        assert!(
            !failed.to_string().contains("AbortError")
                && failed.details() == Some("AbortError: the transaction was aborted")
        );
    }
}
