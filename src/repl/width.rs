//! How wide the REPL may print, and whether it may colour: the terminal's
//! size when stdout is one (through crossterm), else none (piped output
//! keeps its natural width, so transcripts and snapshots do not depend on
//! who ran them). Also word wrapping for help.

use std::io::IsTerminal;

/// Columns and rows of the terminal on stdout, or `None` when stdout is
/// not a terminal (or reports no size).
pub fn terminal_size() -> Option<(u16, u16)> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    crossterm::terminal::size()
        .ok()
        .filter(|&(cols, rows)| cols > 0 && rows > 0)
}

/// Columns of the terminal on stdout, or `None` when it is not one.
pub fn terminal_width() -> Option<u16> {
    terminal_size().map(|(cols, _)| cols)
}

/// Colours only on a terminal and when `NO_COLOR` is not set (to anything
/// but the empty string, as no-color.org asks).
pub fn use_colour() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// `text` broken at spaces into lines of at most `width` characters (a word
/// longer than that gets a line of its own).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if !line.is_empty() && needed > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_word_boundaries() {
        assert_eq!(
            wrap("reload every imported ML module", 12),
            vec!["reload every", "imported ML", "module"]
        );
        assert_eq!(wrap("a verylongword b", 4), vec!["a", "verylongword", "b"]);
        assert!(wrap("", 10).is_empty());
    }
}
