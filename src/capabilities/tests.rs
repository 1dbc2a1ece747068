use super::*;

fn grants(list: &[(&str, &[&str])], base: &Path) -> Grants {
    let mut g = Grants::default();
    for (name, patterns) in list {
        let patterns: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        g.add(Grant::new(name, &patterns, base, GrantSource::Flag).expect("valid grant"));
    }
    g
}

fn denied_message(g: &Grants, name: &str, resource: Option<&str>) -> String {
    let e = g.check(name, resource).expect_err("should be denied");
    assert_eq!(e.type_name(), "CapabilityError");
    e.message().to_string()
}

/// A temporary folder by its real path (the system's temp folder may
/// itself be reached through a link).
fn real_tempdir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let real = std::fs::canonicalize(dir.path()).expect("canonical");
    (dir, real)
}

fn text(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

#[test]
fn nothing_is_granted_by_default() {
    let g = Grants::default();
    let message = denied_message(&g, "env.read", Some("HOME"));
    assert_eq!(
        message,
        "capability 'env.read' is not granted (needed for 'HOME')"
    );
    assert_eq!(
        denied_message(&g, "db:connect", None),
        "capability 'db.connect' is not granted"
    );
}

#[test]
fn colon_and_dot_are_the_same_separator() {
    let g = grants(&[("file:read", &[])], Path::new("/"));
    assert!(g.check("file.read", Some("/etc/hostname")).is_ok());
    assert!(g.check("file:read", Some("/etc/hostname")).is_ok());
    assert!(g.check("file.write", Some("/tmp/x")).is_err());
    assert_eq!(g.names(), vec!["file.read"]);
}

#[test]
fn star_grants_every_capability_and_resource() {
    let g = grants(&[("*", &[])], Path::new("/"));
    assert!(g
        .check("network.https", Some("https://example.com/"))
        .is_ok());
    assert!(g.check("anything.at_all", None).is_ok());
    assert!(g.is_granted("file.delete"));
}

#[test]
fn a_family_glob_covers_its_members_only() {
    let g = grants(&[("file.*", &[])], Path::new("/"));
    assert!(g.check("file.delete", Some("/tmp/x")).is_ok());
    assert!(g.check("env.read", Some("HOME")).is_err());
}

#[test]
fn plain_resources_match_as_globs() {
    let g = grants(
        &[
            ("env.read", &["MLPY_*", "HOME"]),
            ("network.https", &["https://api.example.com/*"]),
        ],
        Path::new("/"),
    );
    assert!(g.check("env.read", Some("MLPY_DEBUG")).is_ok());
    assert!(g.check("env.read", Some("HOME")).is_ok());
    let message = denied_message(&g, "env.read", Some("PATH"));
    assert_eq!(
        message,
        "capability 'env.read' does not cover 'PATH' (granted for MLPY_*, HOME)"
    );
    assert!(g
        .check("network.https", Some("https://api.example.com/v1/users"))
        .is_ok());
    assert!(g
        .check(
            "network.https",
            Some("https://evil.example.org/api.example.com/")
        )
        .is_err());
}

#[test]
fn a_check_without_resource_needs_only_the_name() {
    let g = grants(&[("db.connect", &["prod"])], Path::new("/"));
    assert!(g.check("db:connect", None).is_ok());
    assert!(g.check("db.drop", None).is_err());
}

#[test]
fn path_globs_stay_in_their_folder() {
    let (_dir, root) = real_tempdir();
    std::fs::create_dir_all(root.join("data/sub")).unwrap();
    let pattern = format!("{}/data/*.txt", text(&root));
    let g = grants(&[("file.read", &[&pattern])], Path::new("/"));
    let ok = root.join("data/a.txt");
    assert!(g.check("file.read", Some(&text(&ok))).is_ok());
    assert!(g
        .check("file.read", Some(&text(&root.join("data/sub/a.txt"))))
        .is_err());
    assert!(g
        .check("file.read", Some(&text(&root.join("data/a.json"))))
        .is_err());
    let deep = format!("{}/data/**", text(&root));
    let g = grants(&[("file.read", &[&deep])], Path::new("/"));
    assert!(g
        .check("file.read", Some(&text(&root.join("data/sub/a.txt"))))
        .is_ok());
}

#[test]
fn parent_steps_are_resolved_before_matching() {
    let (_dir, root) = real_tempdir();
    std::fs::create_dir_all(root.join("data")).unwrap();
    std::fs::write(root.join("secret.txt"), "s").unwrap();
    let pattern = format!("{}/data/*.txt", text(&root));
    let g = grants(&[("file.read", &[&pattern])], Path::new("/"));
    let sneaky = format!("{}/data/../secret.txt", text(&root));
    let message = denied_message(&g, "file.read", Some(&sneaky));
    assert!(
        message.contains(&format!("'{}/secret.txt'", text(&root))),
        "{message}"
    );
    // A file that does not exist yet under a folder that does not either.
    let g = grants(&[("file.write", &[&pattern])], Path::new("/"));
    let new = format!("{}/data/new/../../secret.txt", text(&root));
    assert!(g.check("file.write", Some(&new)).is_err());
    let fine = format!("{}/data/new/../b.txt", text(&root));
    assert!(g.check("file.write", Some(&fine)).is_ok());
}

#[cfg(unix)]
#[test]
fn symlinks_are_followed_before_matching() {
    let (_dir, root) = real_tempdir();
    std::fs::create_dir_all(root.join("data")).unwrap();
    std::fs::create_dir_all(root.join("private")).unwrap();
    std::fs::write(root.join("private/key.txt"), "k").unwrap();
    std::os::unix::fs::symlink(root.join("private/key.txt"), root.join("data/key.txt")).unwrap();
    std::os::unix::fs::symlink(root.join("private"), root.join("data/dir")).unwrap();
    let pattern = format!("{}/data/*.txt", text(&root));
    let g = grants(&[("file.read", &[&pattern])], Path::new("/"));
    let through_link = text(&root.join("data/key.txt"));
    let message = denied_message(&g, "file.read", Some(&through_link));
    assert!(message.contains("private/key.txt"), "{message}");
    // A new file in a linked folder is checked at the link's target.
    let new_in_link = text(&root.join("data/dir/new.txt"));
    let g = grants(&[("file.write", &[&pattern])], Path::new("/"));
    assert!(g.check("file.write", Some(&new_in_link)).is_err());
    assert!(g
        .check("file.write", Some(&text(&root.join("data/new.txt"))))
        .is_ok());
}

#[cfg(unix)]
#[test]
fn a_pattern_written_through_a_link_matches_the_real_path() {
    let (_dir, root) = real_tempdir();
    std::fs::create_dir_all(root.join("real")).unwrap();
    std::os::unix::fs::symlink(root.join("real"), root.join("alias")).unwrap();
    let pattern = format!("{}/alias/*.json", text(&root));
    let g = grants(&[("file.read", &[&pattern])], Path::new("/"));
    assert!(g
        .check("file.read", Some(&text(&root.join("real/a.json"))))
        .is_ok());
    assert!(g
        .check("file.read", Some(&text(&root.join("alias/a.json"))))
        .is_ok());
}

#[test]
fn relative_path_patterns_resolve_against_their_base() {
    let (_dir, root) = real_tempdir();
    std::fs::create_dir_all(root.join("data")).unwrap();
    let g = grants(&[("file.read", &["./data/*.json"])], &root);
    assert!(g
        .check("file.read", Some(&text(&root.join("data/x.json"))))
        .is_ok());
    assert_eq!(
        g.list()[0].patterns[0].resolved,
        format!("{}/data/*.json", text(&root))
    );
    assert_eq!(
        g.patterns_of("file:read"),
        Some(vec!["./data/*.json".into()])
    );
}

#[test]
fn revoke_removes_every_grant_of_the_name() {
    let mut g = grants(
        &[("env.read", &["A"]), ("env:read", &[]), ("env.write", &[])],
        Path::new("/"),
    );
    assert_eq!(g.revoke("env:read"), (2, false));
    assert!(!g.is_granted("env.read"));
    assert!(g.is_granted("env.write"));
    assert_eq!(g.revoke("env.read"), (0, false));
}

#[test]
fn an_unrestricted_grant_wins_over_patterns() {
    let g = grants(&[("env.read", &["A"]), ("env.read", &[])], Path::new("/"));
    assert!(g.check("env.read", Some("B")).is_ok());
    assert_eq!(g.patterns_of("env.read"), Some(Vec::new()));
    assert_eq!(g.patterns_of("env.write"), None);
}

#[test]
fn non_strict_security_allows_what_is_not_granted() {
    let g = Grants {
        strict: false,
        ..Grants::default()
    };
    assert!(g.check("file.read", Some("/etc/hostname")).is_ok());
    assert!(g.check("file.read", Some("/etc/hosts")).is_ok());
    assert_eq!(g.warned.borrow().len(), 1);
    assert!(g.check("env.read", Some("HOME")).is_ok());
    assert_eq!(g.warned.borrow().len(), 2);
}

#[test]
fn bad_names_and_patterns_are_refused() {
    let base = Path::new("/");
    assert!(Grant::new("", &[], base, GrantSource::Flag).is_err());
    assert!(Grant::new("file read", &[], base, GrantSource::Flag).is_err());
    let e = Grant::new("file.read", &["/data/**x".into()], base, GrantSource::Flag).unwrap_err();
    assert!(e.contains("invalid resource pattern '/data/**x'"), "{e}");
    assert!(Grant::new("env.read", &["".into()], base, GrantSource::Flag).is_err());
}

#[test]
fn flags_take_an_optional_pattern() {
    let (_dir, root) = real_tempdir();
    let g = Grant::from_flag("file:read=data/*.csv", &root, GrantSource::Flag).unwrap();
    assert_eq!(g.name, "file.read");
    assert_eq!(
        g.patterns[0].resolved,
        format!("{}/data/*.csv", text(&root))
    );
    let g = Grant::from_flag("*", &root, GrantSource::Flag).unwrap();
    assert!(g.patterns.is_empty());
}

#[test]
fn resolve_path_handles_missing_tails_and_parent_steps() {
    let (_dir, root) = real_tempdir();
    std::fs::create_dir_all(root.join("a")).unwrap();
    assert_eq!(
        resolve_path(Path::new("a/b/c/../d.txt"), &root),
        root.join("a/b/d.txt")
    );
    assert_eq!(resolve_path(Path::new("./a/./x"), &root), root.join("a/x"));
    assert_eq!(resolve_path(Path::new("/../.."), &root), PathBuf::from("/"));
}

#[test]
fn revoking_a_name_under_a_wildcard_narrows_it() {
    let (_d, root) = real_tempdir();
    let mut g = grants(&[("*", &[])], &root);
    assert_eq!(g.revoke("file.read"), (0, true));
    assert!(!g.is_granted("file.read"));
    assert!(g.is_granted("file.write"));
    assert!(g.check("file.read", Some("x")).is_err());
    assert_eq!(g.excluded(), ["file.read".to_string()]);
    // A grant of the exact name works again, and so does a new `*`.
    g.add(Grant::new("file.read", &[], &root, GrantSource::Repl).unwrap());
    assert!(g.is_granted("file.read"));
    assert!(g.excluded().is_empty());
    assert_eq!(g.revoke("file.*"), (0, true));
    assert!(!g.is_granted("file.write") && g.is_granted("file.read"));
    g.add(Grant::new("*", &[], &root, GrantSource::Repl).unwrap());
    assert!(g.is_granted("file.write"));
}

#[test]
fn wildcards_do_not_match_hidden_names() {
    let (_d, root) = real_tempdir();
    let data = text(&root.join("data"));
    let g = grants(&[("file.read", &["data/*", "data/**/x"])], &root);
    assert!(g.check("file.read", Some(&format!("{data}/a.txt"))).is_ok());
    assert!(g.check("file.read", Some(&format!("{data}/.env"))).is_err());
    assert!(g
        .check("file.read", Some(&format!("{data}/.git/x")))
        .is_err());
    let g = grants(&[("file.read", &["data/.*", "data/?env"])], &root);
    assert!(g.check("file.read", Some(&format!("{data}/.env"))).is_ok());
    assert!(g.check("file.read", Some(&format!("{data}/xenv"))).is_ok());
}
