//! What the modules that touch the outside world (`file`, `path`, `csv`,
//! `env`) share: resolving a path argument once, turning I/O errors into ML
//! errors, and reading the common argument shapes.
//!
//! A path argument is resolved once into a [`HostPath`]: the text the user
//! gave (for messages) and the `~`-expanded path the OS sees. Capability
//! checks get the path the OS sees and match it in its canonical form (see
//! `crate::capabilities`).

use super::path::lexical;
use crate::lang::builtins::{opt_arg, str_arg};
use crate::lang::error::RtError;
use crate::lang::value::Value;
use std::path::PathBuf;

/// A path argument as given and as the OS will see it.
pub struct HostPath {
    pub given: String,
    pub expanded: String,
}

impl HostPath {
    pub fn new(given: &str) -> HostPath {
        HostPath {
            given: given.to_string(),
            expanded: lexical::expand_user(given, home_dir().as_deref()),
        }
    }

    pub fn os(&self) -> PathBuf {
        PathBuf::from(&self.expanded)
    }

    /// The absolute, normalized form (for capability resources).
    pub fn absolute(&self) -> String {
        lexical::absolute(&self.expanded, &cwd_or_root())
    }
}

/// Argument `i` of `func` as a path (a string).
pub fn path_arg(func: &str, args: &[Value], i: usize) -> Result<HostPath, RtError> {
    let which = (i + 1).to_string();
    let v = args.get(i).unwrap_or(Value::NULL);
    Ok(HostPath::new(str_arg(func, &which, v)?))
}

/// An optional string argument with a default (absent or null → default).
pub fn opt_str<'a>(
    func: &str,
    args: &'a [Value],
    i: usize,
    default: &'a str,
) -> Result<&'a str, RtError> {
    match opt_arg(args, i) {
        Some(v) => str_arg(func, &(i + 1).to_string(), v),
        None => Ok(default),
    }
}

/// An optional flag argument by truthiness (absent or null → default).
pub fn opt_bool(args: &[Value], i: usize, default: bool) -> bool {
    opt_arg(args, i).map_or(default, Value::truthy)
}

/// The user's home directory (`$HOME`), if known.
pub fn home_dir() -> Option<String> {
    std::env::var("HOME").ok().filter(|h| !h.is_empty())
}

/// The working directory as text; `/` if it cannot be read (it was deleted),
/// which only affects how relative paths are shown.
pub fn cwd_or_root() -> String {
    std::env::current_dir()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| "/".to_string())
}

/// The OS message of an I/O error without Rust's ` (os error N)` suffix,
/// so messages read the same as the system's own.
pub fn os_message(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// `RuntimeError: cannot VERB 'PATH': OS message`.
pub fn io_error(verb: &str, path: &str, err: &std::io::Error) -> RtError {
    RtError::runtime_error(format!("cannot {verb} '{path}': {}", os_message(err)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_messages_drop_the_error_number() {
        let err = std::io::Error::from_raw_os_error(2);
        assert_eq!(os_message(&err), "No such file or directory");
        let e = io_error("read", "x.txt", &err);
        assert_eq!(e.type_name(), "RuntimeError");
        assert_eq!(
            e.message(),
            "cannot read 'x.txt': No such file or directory"
        );
    }

    #[test]
    fn optional_arguments_fall_back_to_defaults() {
        let args = [Value::Null, Value::str(";")];
        assert_eq!(opt_str("f", &args, 0, ",").unwrap(), ",");
        assert_eq!(opt_str("f", &args, 1, ",").unwrap(), ";");
        assert_eq!(opt_str("f", &args, 5, ",").unwrap(), ",");
        assert!(opt_str("f", &[Value::Int(1)], 0, ",").is_err());
        assert!(opt_bool(&args, 0, true));
        assert!(!opt_bool(&[Value::Bool(false)], 0, true));
    }
}
