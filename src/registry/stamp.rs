//! A file's size and modification time: what changes when it is saved.
//! The registry keeps one with each compiled module (an unchanged stamp
//! means no need to read the file again) and watch mode one per file it
//! has seen; both compare them the same way through this one type.

use std::fs::Metadata;
use std::path::Path;
use std::time::SystemTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStamp {
    pub size: u64,
    /// `None` where the file system keeps no modification time.
    pub modified: Option<SystemTime>,
}

impl FileStamp {
    pub fn of_metadata(meta: &Metadata) -> FileStamp {
        FileStamp {
            size: meta.len(),
            modified: meta.modified().ok(),
        }
    }

    /// The stamp of the file at `path` (following links), if it can be read.
    pub fn of(path: &Path) -> Option<FileStamp> {
        std::fs::metadata(path)
            .ok()
            .map(|m| FileStamp::of_metadata(&m))
    }
}
