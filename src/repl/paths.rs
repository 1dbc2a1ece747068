//! File-name completion for `.load` and `.save`: the entries of the folder
//! named so far, folders with a trailing `/`, hidden ones only when asked
//! for. Reading a folder stops after [`MAX_ENTRIES`], so Tab in a huge
//! folder cannot stall the prompt.

use std::path::Path;

/// Entries of one folder looked at for one Tab.
const MAX_ENTRIES: usize = 5_000;

/// For the word typed so far: where the completed part starts within it
/// and the candidates that replace it.
pub fn complete(word: &str) -> (usize, Vec<String>) {
    let split = word.rfind('/').map_or(0, |i| i + 1);
    let (folder, partial) = word.split_at(split);
    let dir = if folder.is_empty() {
        Path::new(".")
    } else {
        Path::new(folder)
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (split, Vec::new());
    };
    let mut found: Vec<String> = entries
        .take(MAX_ENTRIES)
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            if !name.starts_with(partial) || (name.starts_with('.') && !partial.starts_with('.')) {
                return None;
            }
            // Follows a link, so a link to a folder completes as a folder.
            let is_dir = entry.path().is_dir();
            Some(if is_dir { format!("{name}/") } else { name })
        })
        .collect();
    found.sort();
    (split, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_files_and_folders_in_the_named_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("script.ml"), "").expect("write");
        std::fs::write(dir.path().join(".hidden.ml"), "").expect("write");
        std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
        let base = format!("{}/", dir.path().display());
        let (at, found) = complete(&format!("{base}s"));
        assert_eq!(at, base.len());
        assert_eq!(found, vec!["script.ml", "sub/"]);
        assert_eq!(complete(&format!("{base}.h")).1, vec![".hidden.ml"]);
        assert!(complete("/no/such/folder/x").1.is_empty());
    }
}
