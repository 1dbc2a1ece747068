//! Every way a capability can be granted, refused or narrowed, through the
//! real `mlpy` binary: `--grant`, `mlpy.json` (with relative globs), the
//! REPL's `.grant`/`.revoke`, `strict_security: false`, and the path checks
//! that must not be fooled by `..` or symlinks.

use std::path::{Path, PathBuf};

mod common;
use common::{run_mlpy, Outcome};

fn mlpy(cwd: &Path, args: &[&str], stdin: &str) -> Outcome {
    run_mlpy(cwd, args, stdin, &[("MLPY_CAPS_TEST", "visible")])
}

/// A project folder (by its real path) with `data/a.txt`, `data/b.json`
/// and `secret.txt`, and a program `read.ml` that reads the file named by
/// its first argument and prints the content or the error.
fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    std::fs::create_dir_all(root.join("data")).unwrap();
    std::fs::write(root.join("data/a.txt"), "A").unwrap();
    std::fs::write(root.join("data/b.json"), "{}").unwrap();
    std::fs::write(root.join("secret.txt"), "S").unwrap();
    std::fs::write(
        root.join("read.ml"),
        "import file;\nimport args;\n\
         try { print(file.read(args.rest()[0])); } except (e) { print(e.type + \": \" + e.message); }\n",
    )
    .unwrap();
    (dir, root)
}

fn read_with(root: &Path, grants: &[&str], path: &str) -> String {
    let mut args = vec!["run"];
    for g in grants {
        args.push("--grant");
        args.push(g);
    }
    args.extend(["read.ml", path]);
    let out = mlpy(root, &args, "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout.trim_end().to_string()
}

#[test]
fn file_access_is_denied_without_a_grant_and_names_the_path() {
    let (_dir, root) = project();
    let out = read_with(&root, &[], "data/a.txt");
    assert_eq!(
        out,
        format!(
            "CapabilityError: capability 'file.read' is not granted (needed for '{}/data/a.txt')",
            root.display()
        )
    );
}

#[test]
fn a_grant_without_globs_allows_every_path() {
    let (_dir, root) = project();
    assert_eq!(read_with(&root, &["file:read"], "data/a.txt"), "A");
    assert_eq!(read_with(&root, &["file.read"], "secret.txt"), "S");
    assert_eq!(read_with(&root, &["*"], "secret.txt"), "S");
}

#[test]
fn globs_allow_matching_paths_only() {
    let (_dir, root) = project();
    let grant = ["file.read=data/*.txt"];
    assert_eq!(read_with(&root, &grant, "data/a.txt"), "A");
    assert_eq!(
        read_with(&root, &grant, &format!("{}/data/a.txt", root.display())),
        "A"
    );
    let out = read_with(&root, &grant, "data/b.json");
    assert!(
        out.starts_with("CapabilityError: capability 'file.read' does not cover"),
        "{out}"
    );
    assert!(out.contains("data/b.json"), "{out}");
}

#[test]
fn parent_steps_cannot_leave_a_granted_folder() {
    let (_dir, root) = project();
    let out = read_with(&root, &["file.read=data/*.txt"], "data/../secret.txt");
    assert!(
        out.contains(&format!("does not cover '{}/secret.txt'", root.display())),
        "{out}"
    );
    let out = read_with(&root, &["file.read=data/*"], "data/./../data/../secret.txt");
    assert!(out.starts_with("CapabilityError"), "{out}");
}

#[cfg(unix)]
#[test]
fn symlinks_are_checked_at_their_target() {
    let (_dir, root) = project();
    std::os::unix::fs::symlink(root.join("secret.txt"), root.join("data/link.txt")).unwrap();
    let out = read_with(&root, &["file.read=data/*.txt"], "data/link.txt");
    assert!(
        out.contains(&format!("does not cover '{}/secret.txt'", root.display())),
        "{out}"
    );
    // Granting the target makes the link readable.
    let out = read_with(
        &root,
        &["file.read=data/*.txt", "file.read=secret.txt"],
        "data/link.txt",
    );
    assert_eq!(out, "S");
}

#[cfg(unix)]
#[test]
fn writing_a_new_file_through_a_linked_folder_is_checked_at_the_target() {
    let (_dir, root) = project();
    std::fs::create_dir_all(root.join("outside")).unwrap();
    std::os::unix::fs::symlink(root.join("outside"), root.join("data/out")).unwrap();
    std::fs::write(
        root.join("write.ml"),
        "import file;\n\
         try { file.write(\"data/out/new.txt\", \"x\"); print(\"written\"); } \
         except (e) { print(e.type); }\n\
         try { file.write(\"data/new.txt\", \"x\"); print(\"written\"); } \
         except (e) { print(e.type); }\n",
    )
    .unwrap();
    let out = mlpy(
        &root,
        &["run", "--grant", "file.write=data/*", "write.ml"],
        "",
    );
    assert_eq!(out.stdout, "CapabilityError\nwritten\n", "{}", out.stderr);
    assert!(!root.join("outside/new.txt").exists());
    assert!(root.join("data/new.txt").exists());
}

#[test]
fn relative_globs_in_mlpy_json_resolve_against_its_folder() {
    let (_dir, root) = project();
    let project_dir = root.join("proj");
    std::fs::create_dir_all(project_dir.join("data")).unwrap();
    std::fs::write(project_dir.join("data/p.txt"), "P").unwrap();
    std::fs::write(
        project_dir.join("mlpy.json"),
        "{ \"capabilities\": { \"file:read\": [\"./data/*.txt\"] } }",
    )
    .unwrap();
    let config = project_dir.join("mlpy.json");
    let config = config.to_str().unwrap();
    let run = |path: &str| {
        let out = mlpy(&root, &["run", "--config", config, "read.ml", path], "");
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout.trim_end().to_string()
    };
    // The working folder has its own data/a.txt, which the pattern does
    // not name: it names proj/data/*.txt.
    assert_eq!(run("proj/data/p.txt"), "P");
    assert!(run("data/a.txt").starts_with("CapabilityError"));
}

#[test]
fn an_invalid_pattern_in_mlpy_json_stops_with_its_position() {
    let (_dir, root) = project();
    std::fs::write(
        root.join("mlpy.json"),
        "{\n  \"capabilities\": {\n    \"file.read\": [\"data/**x\"]\n  }\n}\n",
    )
    .unwrap();
    let out = mlpy(&root, &["run", "read.ml", "data/a.txt"], "");
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("mlpy.json:3:5: invalid resource pattern 'data/**x'"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_invalid_grant_flag_stops_before_running() {
    let (_dir, root) = project();
    let out = mlpy(&root, &["run", "--grant", "file read", "read.ml", "x"], "");
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("invalid capability name"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn non_strict_security_allows_and_warns_once_per_capability() {
    let (_dir, root) = project();
    std::fs::write(
        root.join("mlpy.json"),
        "{ \"security\": { \"strict_security\": false } }",
    )
    .unwrap();
    std::fs::write(
        root.join("many.ml"),
        "import file;\nimport env;\n\
         print(file.read(\"data/a.txt\"), file.read(\"secret.txt\"), file.read(\"data/a.txt\"));\n\
         print(env.get(\"MLPY_CAPS_TEST\"), env.get(\"HOME\") != null);\n",
    )
    .unwrap();
    let out = mlpy(&root, &["run", "many.ml"], "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "A S A\nvisible true\n");
    let warnings: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains("warning"))
        .collect();
    assert_eq!(warnings.len(), 2, "{}", out.stderr);
    assert!(warnings[0].contains("'file.read'"), "{}", out.stderr);
    assert!(warnings[0].contains("strict_security is false"));
    assert!(warnings[1].contains("'env.read'"), "{}", out.stderr);
}

#[test]
fn environment_and_network_resources_match_as_plain_globs() {
    let (_dir, root) = project();
    std::fs::write(
        root.join("env.ml"),
        "import env;\nimport http;\n\
         print(env.get(\"MLPY_CAPS_TEST\"));\n\
         try { env.get(\"HOME\"); } except (e) { print(e.message); }\n\
         print(keys(env.all()));\n\
         try { http.get(\"https://other.example.org/x\"); } except (e) { print(e.type); }\n",
    )
    .unwrap();
    let out = mlpy(
        &root,
        &[
            "run",
            "--grant",
            "env.read=MLPY_CAPS_*",
            "--grant",
            "network.https=https://api.example.com/*",
            "env.ml",
        ],
        "",
    );
    assert_eq!(
        out.stdout,
        "visible\n\
         capability 'env.read' does not cover 'HOME' (granted for MLPY_CAPS_*)\n\
         ['MLPY_CAPS_TEST']\n\
         CapabilityError\n",
        "{}",
        out.stderr
    );
}

#[test]
fn repl_grant_and_revoke_change_what_runs() {
    let (_dir, root) = project();
    std::fs::write(
        root.join("mlpy.json"),
        "{ \"capabilities\": { \"env.read\": [\"MLPY_*\"] } }",
    )
    .unwrap();
    let script = "import file\n\
                  file.read(\"data/a.txt\")\n\
                  .grant file:read data/*.txt\n\
                  file.read(\"data/a.txt\")\n\
                  file.read(\"secret.txt\")\n\
                  .capabilities\n\
                  getCapabilityInfo(\"file.read\").patterns\n\
                  .revoke file.read\n\
                  file.read(\"data/a.txt\")\n\
                  .revoke file.read\n\
                  .grant\n";
    let out = mlpy(&root, &["repl", "--grant", "network.https"], script);
    assert_eq!(out.code, 0);
    let lines = out.stdout;
    let denied = "Error: CapabilityError: capability 'file.read' is not granted";
    let first_denial = lines.find(denied).expect(&lines);
    let granted = lines
        .find(&format!(
            "Granted 'file.read' for data/*.txt ({}/data/*.txt).",
            root.display()
        ))
        .expect(&lines);
    let read = lines.find("=> 'A'").expect(&lines);
    assert!(first_denial < granted && granted < read, "{lines}");
    assert!(
        lines.contains("Error: CapabilityError: capability 'file.read' does not cover"),
        "{lines}"
    );
    for row in [
        "│ env.read      ┆ MLPY_*",
        "┆ mlpy.json │",
        "│ network.https ┆ (any)",
        "┆ --grant   │",
        "│ file.read     ┆ data/*.txt",
        "┆ .grant    │",
    ] {
        assert!(lines.contains(row), "missing {row:?} in\n{lines}");
    }
    assert!(lines.contains("=> ['data/*.txt']"), "{lines}");
    assert!(lines.contains("Revoked 'file.read'."), "{lines}");
    let after = &lines[lines.find("Revoked").unwrap()..];
    assert!(after.contains(denied), "{lines}");
    assert!(
        after.contains("Error: capability 'file.read' is not granted\n"),
        "{lines}"
    );
    assert!(
        after.contains("usage: .grant CAPABILITY [PATTERN ...]"),
        "{lines}"
    );
}
