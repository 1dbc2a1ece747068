//! The REPL's history file, kept usable whatever state it is found in.
//!
//! A file that cannot be read as history (cut in the middle of a UTF-8
//! sequence, binary junk) would make the line editor refuse to load it and
//! then refuse every later append. Such a file is moved aside to a backup,
//! its readable lines are written to a fresh file (atomically, through a
//! temporary file and a rename), and the user is told once. A file that
//! cannot be written is reported once too; the session keeps its entries.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The backup name for a history file that had to be replaced.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Make `path` loadable: create its folder, and replace a file that is not
/// valid text by its readable lines (the original kept as a backup).
/// Returns a warning to show, if something had to be done or cannot be.
pub fn prepare(path: &Path) -> Option<String> {
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            return Some(format!(
                "the history file {} cannot be read ({e}); this session's inputs are not saved",
                path.display()
            ))
        }
    };
    if std::str::from_utf8(&bytes).is_ok() {
        return None;
    }
    let backup = backup_path(path);
    let kept: Vec<&[u8]> = bytes
        .split(|b| *b == b'\n')
        .filter(|line| std::str::from_utf8(line).is_ok() && !line.is_empty())
        .collect();
    let replaced = std::fs::copy(path, &backup).and_then(|_| write_atomically(path, &kept));
    Some(match replaced {
        Ok(()) => format!(
            "the history file {} was not valid text; it was kept as {} and replaced by its {} \
             readable lines",
            path.display(),
            backup.display(),
            kept.len()
        ),
        Err(e) => format!(
            "the history file {} is not valid text and cannot be replaced ({e}); this \
             session's inputs are not saved",
            path.display()
        ),
    })
}

fn write_atomically(path: &Path, lines: &[&[u8]]) -> std::io::Result<()> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    let temp = path.with_file_name(name);
    let mut file = std::fs::File::create(&temp)?;
    for line in lines {
        file.write_all(line)?;
        file.write_all(b"\n")?;
    }
    file.sync_all()?;
    std::fs::rename(&temp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_utf8_sequence_is_replaced_and_backed_up() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history");
        std::fs::write(&path, b"#V2\nprint(1);\nx = \"\xc3").unwrap();
        let warning = prepare(&path).expect("a warning");
        assert!(
            warning.contains("replaced by its 2 readable lines"),
            "{warning}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "#V2\nprint(1);\n");
        assert_eq!(std::fs::read(backup_path(&path)).unwrap().len(), 20);
        assert_eq!(prepare(&path), None);
    }
}
