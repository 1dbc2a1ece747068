//! Pure path arithmetic on strings, POSIX style (`/` separated).
//!
//! The reference implements `path` with Python's `os.path`, so these follow
//! `posixpath` rule for rule (`join` restarting at an absolute part,
//! `basename("a/")` being `""`, `splitext` ignoring leading dots). They work
//! on `&str` rather than `std::path::Path` because `Path` normalizes while
//! parsing (it drops `.` components and trailing slashes), which would make
//! these rules impossible to reproduce. The one deliberate difference:
//! `normalize` collapses a leading `//` to `/`, as the reference's own
//! documentation promises, where `posixpath` would keep it.

/// `os.path.join`: an absolute part discards everything before it.
pub fn join<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        if part.starts_with('/') {
            out.clear();
        } else if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(part);
    }
    out
}

/// Index just past the last `/` (0 when there is none).
fn tail_start(p: &str) -> usize {
    p.rfind('/').map_or(0, |i| i + 1)
}

/// `os.path.split`: head without trailing slashes (unless it is all
/// slashes), and the part after the last slash.
pub fn split(p: &str) -> (String, String) {
    let i = tail_start(p);
    let (head, tail) = p.split_at(i);
    let trimmed = head.trim_end_matches('/');
    let head = if trimmed.is_empty() { head } else { trimmed };
    (head.to_string(), tail.to_string())
}

pub fn dirname(p: &str) -> String {
    split(p).0
}

/// Everything after the last slash: `basename("a/b/")` is `""`.
pub fn basename(p: &str) -> String {
    p[tail_start(p)..].to_string()
}

/// `os.path.splitext(p)[1]`: the last dot of the final component, unless
/// all that precedes it in the component is dots (`.bashrc` has none).
pub fn extname(p: &str) -> String {
    let name = &p[tail_start(p)..];
    match name.rfind('.') {
        Some(dot) if name[..dot].chars().any(|c| c != '.') => name[dot..].to_string(),
        _ => String::new(),
    }
}

pub fn is_absolute(p: &str) -> bool {
    p.starts_with('/')
}

/// `os.path.normpath`: drops `.` and empty components and resolves `..`
/// lexically; `..` above the root of an absolute path disappears, on a
/// relative path it is kept. The empty path normalizes to `.`.
pub fn normalize(p: &str) -> String {
    let absolute = is_absolute(p);
    let mut comps: Vec<&str> = Vec::new();
    for comp in p.split('/') {
        match comp {
            "" | "." => {}
            ".." if comps.last().is_some_and(|c| *c != "..") => {
                comps.pop();
            }
            ".." if absolute => {}
            other => comps.push(other),
        }
    }
    let body = comps.join("/");
    match (absolute, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".to_string(),
        (false, false) => body,
    }
}

/// `os.path.abspath` relative to `cwd` (an absolute directory).
pub fn absolute(p: &str, cwd: &str) -> String {
    if is_absolute(p) {
        normalize(p)
    } else {
        normalize(&join([cwd, p]))
    }
}

/// `os.path.relpath(to, from)`, both resolved against `cwd` first.
pub fn relative(from: &str, to: &str, cwd: &str) -> String {
    let from = absolute(from, cwd);
    let to = absolute(to, cwd);
    let from: Vec<&str> = from.split('/').filter(|c| !c.is_empty()).collect();
    let to: Vec<&str> = to.split('/').filter(|c| !c.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut rel: Vec<&str> = vec![".."; from.len() - common];
    rel.extend(&to[common..]);
    if rel.is_empty() {
        ".".to_string()
    } else {
        rel.join("/")
    }
}

/// `os.path.expanduser` for `~` and `~/...` (`~user` is left alone).
pub fn expand_user(p: &str, home: Option<&str>) -> String {
    let Some(rest) = p.strip_prefix('~') else {
        return p.to_string();
    };
    if !(rest.is_empty() || rest.starts_with('/')) {
        return p.to_string();
    }
    match home {
        Some(home) => {
            let home = home.trim_end_matches('/');
            if home.is_empty() && rest.is_empty() {
                "/".to_string()
            } else {
                format!("{home}{rest}")
            }
        }
        None => p.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_like_os_path() {
        assert_eq!(join(["a", "b", "c.txt"]), "a/b/c.txt");
        assert_eq!(join(["a/", "b"]), "a/b");
        assert_eq!(join(["a", "/abs", "x"]), "/abs/x");
        assert_eq!(join(["", "x"]), "x");
        assert_eq!(join(["a", ""]), "a/");
    }

    #[test]
    fn splits_names_and_extensions() {
        assert_eq!(split("/p/to/file.txt"), ("/p/to".into(), "file.txt".into()));
        assert_eq!(split("file"), ("".into(), "file".into()));
        assert_eq!(split("//x"), ("//".into(), "x".into()));
        assert_eq!(dirname("a/b//c"), "a/b");
        assert_eq!(dirname("/a"), "/");
        assert_eq!(basename("/p/dir/"), "");
        assert_eq!(extname("a.tar.gz"), ".gz");
        assert_eq!(extname("README"), "");
        assert_eq!(extname(".bashrc"), "");
        assert_eq!(extname("..a"), "");
        assert_eq!(extname("x/.a.b"), ".b");
        assert_eq!(extname("a."), ".");
        assert_eq!(extname("dir.d/file"), "");
    }

    #[test]
    fn normalizes_lexically() {
        assert_eq!(normalize("/path/./to/../file"), "/path/file");
        assert_eq!(normalize("//path//to//file"), "/path/to/file");
        assert_eq!(normalize(""), ".");
        assert_eq!(normalize("a/.."), ".");
        assert_eq!(normalize("../../a"), "../../a");
        assert_eq!(normalize("/../a"), "/a");
        assert_eq!(normalize("a/../../b/"), "../b");
        assert_eq!(normalize("/"), "/");
    }

    #[test]
    fn resolves_against_a_directory() {
        assert_eq!(absolute("x/../y", "/home/u"), "/home/u/y");
        assert_eq!(absolute("/a/./b", "/home/u"), "/a/b");
        assert_eq!(relative("/a/b/c", "/a/b/d/e", "/"), "../d/e");
        assert_eq!(relative("/a/b", "/a/b/c", "/"), "c");
        assert_eq!(relative("/a", "/a", "/"), ".");
        assert_eq!(relative("x", "y/z", "/w"), "../y/z");
    }

    #[test]
    fn expands_the_home_directory() {
        assert_eq!(expand_user("~/x", Some("/home/u/")), "/home/u/x");
        assert_eq!(expand_user("~", Some("/home/u")), "/home/u");
        assert_eq!(expand_user("~", Some("/")), "/");
        assert_eq!(expand_user("~bob/x", Some("/home/u")), "~bob/x");
        assert_eq!(expand_user("a/~", Some("/home/u")), "a/~");
        assert_eq!(expand_user("~/x", None), "~/x");
    }
}
