//! Grants tried as an attacker would, with real files and links through
//! the real `mlpy` binary: dangling links, `..` after links, links to and
//! inside folders, hard links, FIFOs, deletes, copies and moves of links,
//! missing folders outside the grant, a folder replaced by a link between
//! two calls, hidden files and `.revoke` under `*`. Each refusal must be a
//! `CapabilityError` naming the resolved path, with nothing created or
//! removed.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

mod common;
use common::{run_mlpy, LiveRepl};

/// A project by its real path: `data/a.json`, `outside/t.txt` ("T").
fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    std::fs::create_dir_all(root.join("data")).unwrap();
    std::fs::create_dir_all(root.join("outside")).unwrap();
    std::fs::write(root.join("data/a.json"), "{}").unwrap();
    std::fs::write(root.join("outside/t.txt"), "T").unwrap();
    (dir, root)
}

/// Runs each statement of `steps` in its own `try`, printing `ok` or the
/// error, under `grants`; returns the printed lines.
fn attempt(root: &Path, grants: &[&str], imports: &str, steps: &[&str]) -> Vec<String> {
    let mut program = String::new();
    for module in imports.split_whitespace() {
        program.push_str(&format!("import {module};\n"));
    }
    for step in steps {
        program.push_str(&format!(
            "try {{ {step}; print(\"ok\"); }} except (e) {{ print(e.type + \": \" + e.message); }}\n"
        ));
    }
    std::fs::write(root.join("prog.ml"), program).unwrap();
    let mut args = vec!["run"];
    for g in grants {
        args.push("--grant");
        args.push(g);
    }
    args.push("prog.ml");
    let out = run_mlpy(root, &args, "", &[]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    out.stdout.lines().map(str::to_string).collect()
}

fn refused(line: &str, cap: &str, path: &Path) {
    let expected = format!(
        "CapabilityError: capability '{cap}' does not cover '{}'",
        path.display()
    );
    assert!(
        line.starts_with(&expected),
        "expected {expected}\n     got {line}"
    );
}

#[test]
fn a_dangling_link_in_a_granted_folder_is_checked_at_its_target() {
    let (_d, root) = project();
    symlink("../outside/new.txt", root.join("data/evil.json")).unwrap();
    symlink("../outside/new.log", root.join("data/evil.log")).unwrap();
    let out = attempt(
        &root,
        &[
            "file.write=data/*",
            "file.read=data/*",
            "file.append=data/*",
        ],
        "file csv log",
        &[
            "file.write(\"data/evil.json\", \"x\")",
            "file.writeLines(\"data/evil.json\", [\"x\"])",
            "file.writeBytes(\"data/evil.json\", [1])",
            "file.append(\"data/evil.json\", \"x\")",
            "csv.write(\"data/evil.json\", [[1]])",
            "csv.append(\"data/evil.json\", [1])",
            "log.add_file(\"data/evil.log\")",
        ],
    );
    assert_eq!(out.len(), 7, "{out:?}");
    let caps = ["file.write", "file.write", "file.write", "file.append"];
    for (line, cap) in out.iter().zip(caps) {
        refused(line, cap, &root.join("outside/new.txt"));
    }
    refused(&out[4], "file.write", &root.join("outside/new.txt"));
    refused(&out[5], "file.read", &root.join("outside/new.txt"));
    refused(&out[6], "file.write", &root.join("outside/new.log"));
    assert!(!root.join("outside/new.txt").exists());
    assert!(!root.join("outside/new.log").exists());
    // Granted at the target too, the write goes through the link.
    let out = attempt(
        &root,
        &["file.write=data/*", "file.write=outside/*"],
        "file",
        &["file.write(\"data/evil.json\", \"x\")"],
    );
    assert_eq!(out, ["ok"]);
    assert_eq!(
        std::fs::read_to_string(root.join("outside/new.txt")).unwrap(),
        "x"
    );
}

#[test]
fn a_link_to_a_file_is_checked_as_link_and_target_for_writes() {
    let (_d, root) = project();
    symlink("../outside/t.txt", root.join("data/t.json")).unwrap();
    symlink("../data/a.json", root.join("outside/in.json")).unwrap();
    let out = attempt(
        &root,
        &["file.write=data/*", "file.read=data/*"],
        "file",
        &[
            "file.write(\"data/t.json\", \"x\")",
            "file.read(\"data/t.json\")",
            // A link outside the grant that points into it.
            "file.write(\"outside/in.json\", \"x\")",
            "file.read(\"outside/in.json\")",
        ],
    );
    refused(&out[0], "file.write", &root.join("outside/t.txt"));
    refused(&out[1], "file.read", &root.join("outside/t.txt"));
    refused(&out[2], "file.write", &root.join("outside/in.json"));
    assert_eq!(out[3], "ok", "reads are checked at the target only");
    assert_eq!(
        std::fs::read_to_string(root.join("outside/t.txt")).unwrap(),
        "T"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("data/a.json")).unwrap(),
        "{}"
    );
}

#[test]
fn links_to_folders_links_inside_paths_and_parent_steps_after_links() {
    let (_d, root) = project();
    symlink("../outside", root.join("data/ld")).unwrap();
    std::fs::create_dir(root.join("data/deep")).unwrap();
    symlink(root.join("outside"), root.join("data/deep/abs")).unwrap();
    let out = attempt(
        &root,
        &["file.write=data/**", "file.read=data/**"],
        "file",
        &[
            "file.write(\"data/ld/x.json\", \"x\")",
            "file.read(\"data/ld/t.txt\")",
            "file.write(\"data/deep/abs/y.json\", \"x\")",
            // `..` after a link climbs from the link's target.
            "file.read(\"data/ld/../outside/t.txt\")",
            "file.write(\"data/deep/abs/../z.json\", \"x\")",
            "file.write(\"data/ld/new/dir/w.json\", \"x\")",
        ],
    );
    refused(&out[0], "file.write", &root.join("outside/x.json"));
    refused(&out[1], "file.read", &root.join("outside/t.txt"));
    refused(&out[2], "file.write", &root.join("outside/y.json"));
    refused(&out[3], "file.read", &root.join("outside/t.txt"));
    refused(&out[4], "file.write", &root.join("z.json"));
    refused(&out[5], "file.write", &root.join("outside/new/dir/w.json"));
    for p in ["outside/x.json", "outside/y.json", "z.json", "outside/new"] {
        assert!(!root.join(p).exists(), "{p} was created");
    }
    // A link loop is an OS error, and nothing is made.
    symlink("loop2.json", root.join("data/loop1.json")).unwrap();
    symlink("loop1.json", root.join("data/loop2.json")).unwrap();
    let out = attempt(
        &root,
        &["file.write=data/**"],
        "file",
        &[
            "file.write(\"data/loop1.json/x\", \"x\")",
            "file.write(\"data/loop1.json\", \"x\")",
        ],
    );
    for line in &out {
        assert!(
            line.starts_with("RuntimeError: cannot write 'data/loop1.json"),
            "{line}"
        );
    }
}

#[test]
fn missing_folders_are_made_only_where_the_grant_covers_them() {
    let (_d, root) = project();
    let out = attempt(
        &root,
        &["file.write=data/*.json", "file.read=data/*"],
        "file",
        &[
            // Resolves to data/b.json: written, and `made` is never made.
            "file.write(\"made/by/ml/../../../data/b.json\", \"{}\")",
            "file.writeLines(\"data/sub/c.json\", [1])",
            "file.copy(\"data/a.json\", \"new/x/../../data/d.json\")",
            "file.copy(\"data/a.json\", \"other/e.json\")",
        ],
    );
    assert_eq!(out[0], "ok");
    refused(&out[1], "file.write", &root.join("data/sub/c.json"));
    assert_eq!(out[2], "ok");
    refused(&out[3], "file.write", &root.join("other/e.json"));
    assert!(root.join("data/b.json").is_file() && root.join("data/d.json").is_file());
    for p in ["made", "data/sub", "new", "other"] {
        assert!(!root.join(p).exists(), "{p} was created");
    }
    // The file is covered but a folder on the way is not: nothing is made.
    let out = attempt(
        &root,
        &["file.write=data/**/*.json"],
        "file",
        &["file.write(\"data/n1/n2/f.json\", \"x\")"],
    );
    refused(&out[0], "file.write", &root.join("data/n1"));
    assert!(!root.join("data/n1").exists());
    let out = attempt(
        &root,
        &["file.write=data/**"],
        "file",
        &["file.write(\"data/n1/n2/f.json\", \"x\")"],
    );
    assert_eq!(out, ["ok"]);
    assert!(root.join("data/n1/n2/f.json").is_file());
}

#[test]
fn deleting_copying_and_moving_a_link_check_the_link_and_its_target() {
    let (_d, root) = project();
    symlink("../outside/t.txt", root.join("data/link")).unwrap();
    let out = attempt(
        &root,
        &["file.delete=outside/*"],
        "file",
        &["file.delete(\"data/link\")"],
    );
    refused(&out[0], "file.delete", &root.join("data/link"));
    let out = attempt(
        &root,
        &[
            "file.delete=data/*",
            "file.read=data/*",
            "file.write=data/*",
        ],
        "file",
        &[
            "file.delete(\"data/link\")",
            "file.copy(\"data/link\", \"data/copy.txt\")",
            "file.move(\"data/link\", \"data/moved\")",
        ],
    );
    refused(&out[0], "file.delete", &root.join("outside/t.txt"));
    refused(&out[1], "file.read", &root.join("outside/t.txt"));
    refused(&out[2], "file.read", &root.join("outside/t.txt"));
    assert!(root.join("data/link").symlink_metadata().is_ok());
    assert!(!root.join("data/copy.txt").exists() && !root.join("data/moved").exists());
    // Moving a file onto a link outside the grant's reach is refused too.
    symlink("../outside/t.txt", root.join("data/dst")).unwrap();
    let out = attempt(
        &root,
        &[
            "file.delete=data/*",
            "file.read=data/*",
            "file.write=data/*",
        ],
        "file",
        &[
            "file.move(\"data/a.json\", \"data/dst\")",
            "file.copy(\"data/a.json\", \"data/dst\")",
        ],
    );
    refused(&out[0], "file.write", &root.join("outside/t.txt"));
    refused(&out[1], "file.write", &root.join("outside/t.txt"));
    assert_eq!(
        std::fs::read_to_string(root.join("outside/t.txt")).unwrap(),
        "T"
    );
    assert!(root.join("data/a.json").is_file());
    // A dangling link is deleted as a link, checked at its missing target.
    symlink("../outside/gone.txt", root.join("data/dangling")).unwrap();
    let out = attempt(
        &root,
        &["file.delete=data/*"],
        "file",
        &["file.delete(\"data/dangling\")"],
    );
    refused(&out[0], "file.delete", &root.join("outside/gone.txt"));
    assert!(root.join("data/dangling").symlink_metadata().is_ok());
    // Granted on both sides, deleting removes the link and keeps the file.
    let out = attempt(
        &root,
        &["file.delete=data/*", "file.delete=outside/*"],
        "file",
        &["file.delete(\"data/link\")"],
    );
    assert_eq!(out, ["ok"]);
    assert!(root.join("data/link").symlink_metadata().is_err());
    assert!(root.join("outside/t.txt").is_file());
}

#[test]
fn hard_links_fifos_and_copies_onto_themselves_are_not_written() {
    let (_d, root) = project();
    std::fs::hard_link(root.join("outside/t.txt"), root.join("data/h.txt")).unwrap();
    let fifo = std::ffi::CString::new(root.join("data/p.json").to_str().unwrap()).unwrap();
    // SAFETY: a valid C path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    let out = attempt(
        &root,
        &[
            "file.write=data/*",
            "file.read=data/*",
            "file.append=data/*",
        ],
        "file",
        &[
            "file.write(\"data/h.txt\", \"x\")",
            "file.append(\"data/h.txt\", \"x\")",
            "file.read(\"data/h.txt\")",
            "file.write(\"data/p.json\", \"x\")",
            "file.read(\"data/p.json\")",
            "file.copy(\"data/a.json\", \"data/a.json\")",
        ],
    );
    assert!(
        out[0].starts_with("CapabilityError: capability 'file.write' cannot be checked for")
            && out[0].contains("2 hard links"),
        "{}",
        out[0]
    );
    assert!(
        out[1].starts_with("CapabilityError: capability 'file.append'"),
        "{}",
        out[1]
    );
    assert_eq!(out[2], "ok", "reading a hard link reads its one file");
    assert!(
        out[3].starts_with("RuntimeError: cannot write 'data/p.json'"),
        "{}",
        out[3]
    );
    assert!(out[4].contains("not a regular file"), "{}", out[4]);
    assert!(out[5].contains("onto itself"), "{}", out[5]);
    assert_eq!(
        std::fs::read_to_string(root.join("outside/t.txt")).unwrap(),
        "T"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("data/a.json")).unwrap(),
        "{}"
    );
}

#[test]
fn folders_are_created_and_removed_only_where_granted() {
    let (_d, root) = project();
    std::fs::create_dir_all(root.join("outside/keep")).unwrap();
    symlink("../outside", root.join("data/lo")).unwrap();
    let out = attempt(
        &root,
        &["path.write=data/x"],
        "path",
        &[
            "path.createDir(\"data/x/y/z\")",
            "path.createDir(\"data/x\")",
            "path.removeDirRecursive(\"data/lo\")",
        ],
    );
    refused(&out[0], "path.write", &root.join("data/x/y/z"));
    assert_eq!(out[1], "ok");
    refused(&out[2], "path.write", &root.join("data/lo"));
    let out = attempt(
        &root,
        &["path.write=data/**"],
        "path",
        &[
            "path.createDir(\"data/lo/made\")",
            "path.removeDirRecursive(\"data/lo\")",
            "path.removeDir(\"data/lo\")",
            "path.createDir(\"data/x/y/z\")",
            "path.removeDirRecursive(\"data/x\")",
        ],
    );
    refused(&out[0], "path.write", &root.join("outside/made"));
    assert!(
        out[1].starts_with("RuntimeError: cannot remove directory 'data/lo': Not a directory"),
        "{}",
        out[1]
    );
    assert!(out[2].starts_with("RuntimeError"), "{}", out[2]);
    assert_eq!(&out[3..], ["ok", "ok"]);
    assert!(root.join("outside/keep").is_dir() && root.join("outside/t.txt").is_file());
    assert!(!root.join("outside/made").exists() && !root.join("data/x").exists());
}

#[test]
fn hidden_files_need_a_pattern_that_names_the_dot() {
    let (_d, root) = project();
    std::fs::write(root.join("data/.env"), "SECRET").unwrap();
    std::fs::create_dir(root.join("data/.git")).unwrap();
    std::fs::write(root.join("data/.git/config"), "C").unwrap();
    let steps = [
        "print(file.read(\"data/.env\"))",
        "print(file.read(\"data/.git/config\"))",
        "print(file.read(\"data/a.json\"))",
    ];
    let out = attempt(
        &root,
        &["file.read=data/*", "file.read=data/**"],
        "file",
        &steps,
    );
    refused(&out[0], "file.read", &root.join("data/.env"));
    refused(&out[1], "file.read", &root.join("data/.git/config"));
    assert_eq!(&out[2..], ["{}", "ok"]);
    let out = attempt(
        &root,
        &["file.read=data/.*", "file.read=data/.git/*"],
        "file",
        &steps,
    );
    assert_eq!(&out[..4], ["SECRET", "ok", "C", "ok"]);
}

#[test]
fn revoking_a_name_under_star_narrows_the_grant() {
    let (_d, root) = project();
    let out = run_mlpy(
        &root,
        &["repl", "--grant", "*"],
        ".revoke file.read\n.capabilities\nimport file\nfile.read(\"data/a.json\")\n\
         file.write(\"data/n.txt\", \"n\")\n.grant file.read\nfile.read(\"data/n.txt\")\n",
        &[],
    );
    let text = out.stdout;
    assert!(
        text.contains("Revoked 'file.read': the wildcard grants no longer cover it."),
        "{text}"
    );
    assert!(text.contains("* except file.read"), "{text}");
    assert!(
        text.contains("CapabilityError: capability 'file.read' is not granted"),
        "{text}"
    );
    assert!(text.contains("'n'"), "{text}");
    assert_eq!(
        std::fs::read_to_string(root.join("data/n.txt")).unwrap(),
        "n"
    );
}

#[test]
fn a_folder_replaced_by_a_link_between_two_calls_is_refused() {
    let (_d, root) = project();
    std::fs::create_dir(root.join("data/sub")).unwrap();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_mlpy"));
    command
        .args(["repl", "--grant", "file.write=data/**"])
        .current_dir(&root)
        .env("NO_COLOR", "1")
        .env("HOME", &root);
    let mut repl = LiveRepl::spawn(command);
    repl.write("import file");
    repl.send(
        "file.write(\"data/sub/a.json\", \"1\"); print(\"first done\")",
        "first done",
    );
    std::fs::rename(root.join("data/sub"), root.join("data/old")).unwrap();
    symlink("../outside", root.join("data/sub")).unwrap();
    let lines = repl.send("file.write(\"data/sub/b.json\", \"2\")", "Error");
    let last = lines.last().unwrap();
    assert!(
        last.contains(&format!(
            "does not cover '{}'",
            root.join("outside/b.json").display()
        )),
        "{last}"
    );
    assert!(root.join("data/old/a.json").is_file());
    assert!(!root.join("outside/b.json").exists());
}
