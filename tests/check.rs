//! `mlpy check`, through the real binary.
//!
//! Data-driven: every `tests/check/NAME.ml` is checked in its folder and
//! the exit status, standard output and standard error must equal
//! `NAME.out` (set `MLPY_BLESS=1` to write the files after a deliberate
//! change, then review the diff). Also: zero errors on every conformance
//! program and example, JSON output, folders, `--strict`, and chains of
//! 10,000 terms run and check in every build.

mod common;

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn ml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ml"))
        .collect();
    files.sort();
    files
}

fn transcript(out: &common::Outcome) -> String {
    format!(
        "exit {}\n--- stdout\n{}--- stderr\n{}",
        out.code, out.stdout, out.stderr
    )
}

#[test]
fn each_finding_kind_is_reported_as_recorded() {
    let dir = root().join("tests/check");
    let bless = std::env::var_os("MLPY_BLESS").is_some();
    let mut failures = Vec::new();
    let files = ml_files(&dir);
    for file in &files {
        let name = file.file_name().and_then(|n| n.to_str()).expect("name");
        let out = common::run_mlpy(&dir, &["check", name], "", &[]);
        let got = transcript(&out);
        let expected_path = file.with_extension("out");
        if bless {
            std::fs::write(&expected_path, &got).expect("write .out");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} has no .out file", file.display()));
        if got != expected {
            failures.push(format!("--- {name}: expected\n{expected}--- got\n{got}"));
        }
    }
    assert!(files.len() >= 12, "too few check cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `// mlpy-flags: ...` on one of the first three lines of a program.
fn flags_of(file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    text.lines()
        .take(3)
        .find_map(|l| l.strip_prefix("// mlpy-flags:"))
        .map(|f| f.split_whitespace().map(String::from).collect())
        .unwrap_or_default()
}

/// Checks `file` with the module flags it runs with; `(findings, status)`.
fn check_like_run(file: &Path, extra: &[&str]) -> (String, i32) {
    let flags = flags_of(file);
    let mut args: Vec<&str> = vec!["check", "--format", "json"];
    // Only the module-path flags matter to check; grants do not.
    let mut i = 0;
    while i < flags.len() {
        if matches!(flags[i].as_str(), "-M" | "-E") && i + 1 < flags.len() {
            args.push(&flags[i]);
            args.push(&flags[i + 1]);
            i += 1;
        }
        i += 1;
    }
    args.extend_from_slice(extra);
    let name = file.file_name().and_then(|n| n.to_str()).expect("name");
    args.push(name);
    let out = common::run_mlpy(file.parent().expect("dir"), &args, "", &[]);
    (out.stdout, out.code)
}

fn errors_in(json: &str) -> Vec<serde_json::Value> {
    let all: Vec<serde_json::Value> = serde_json::from_str(json).expect("json output");
    all.into_iter()
        .filter(|f| f["severity"] == "error")
        .collect()
}

#[test]
fn conformance_programs_and_examples_have_no_errors() {
    let mut failures = Vec::new();
    let programs = ml_files(&root().join("tests/programs"));
    assert!(programs.len() >= 60);
    for file in &programs {
        let (json, status) = check_like_run(file, &[]);
        let errors = errors_in(&json);
        if status != 0 || !errors.is_empty() {
            failures.push(format!("{} (exit {status}): {errors:?}", file.display()));
        }
    }
    let examples = root().join("examples");
    let mut example_files = ml_files(&examples);
    example_files.extend(ml_files(&examples.join("ml_libs")));
    example_files.extend(ml_files(&examples.join("ml_libs/algorithms")));
    example_files.extend(ml_files(&examples.join("ml_libs/algorithms/graph")));
    assert!(example_files.len() >= 6);
    for file in &example_files {
        let (json, status) = check_like_run(
            file,
            &[
                "-M",
                &examples.join("ml_libs").display().to_string(),
                "-E",
                &examples.join("extensions").display().to_string(),
            ],
        );
        let errors = errors_in(&json);
        if status != 0 || !errors.is_empty() {
            failures.push(format!("{} (exit {status}): {errors:?}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn json_output_has_one_object_per_finding() {
    let dir = root().join("tests/check");
    let out = common::run_mlpy(
        &dir,
        &["check", "--format", "json", "unknown_member.ml"],
        "",
        &[],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let all: Vec<serde_json::Value> = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(all.len(), 3, "{}", out.stdout);
    let first = &all[0];
    assert_eq!(first["file"], "unknown_member.ml");
    assert_eq!(first["line"], 5);
    assert_eq!(first["col"], 15);
    assert_eq!(first["end"]["line"], 5);
    assert_eq!(first["end"]["col"], 19);
    assert_eq!(first["code"], "E003");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["message"], "module 'helpers' has no member 'gret'");
    // A syntax error is a finding too, with code E000 and exit 2.
    let out = common::run_mlpy(
        &dir,
        &["check", "--format", "json", "syntax_error.ml"],
        "",
        &[],
    );
    assert_eq!(out.code, 2);
    let all: Vec<serde_json::Value> = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(all[0]["code"], "E000");
}

#[test]
fn strict_folders_and_missing_paths() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sub = dir.path().join("pkg");
    std::fs::create_dir_all(&sub).expect("mkdir");
    std::fs::write(
        sub.join("a.ml"),
        "function f() { x = 1; return 2; }\nprint(f());\n",
    )
    .expect("write");
    std::fs::write(sub.join("b.ml"), "import a;\nprint(a.f());\n").expect("write");
    std::fs::write(sub.join("notes.txt"), "not ml").expect("write");
    // Warnings alone: 0, or 1 with --strict.
    let out = common::run_mlpy(dir.path(), &["check", "pkg"], "", &[]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("warning[W001]"), "{}", out.stdout);
    assert!(
        out.stdout
            .ends_with("2 files checked: 0 errors, 1 warning\n"),
        "{}",
        out.stdout
    );
    let out = common::run_mlpy(dir.path(), &["check", "--strict", "pkg"], "", &[]);
    assert_eq!(out.code, 1);
    // -M makes `pkg.a` importable from anywhere; the member is checked.
    std::fs::write(
        dir.path().join("c.ml"),
        "import pkg.a;\nprint(pkg.a.g());\n",
    )
    .expect("write");
    let out = common::run_mlpy(dir.path(), &["check", "-M", ".", "c.ml"], "", &[]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("module 'pkg.a' has no member 'g'"),
        "{}",
        out.stdout
    );
    let out = common::run_mlpy(dir.path(), &["check", "nope.ml"], "", &[]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cannot read nope.ml"), "{}", out.stderr);
}

/// Chains the issue names: 10,000-term `+` and `&&` chains, 1,000-link
/// call chains; they run and check in whatever build the tests use.
#[test]
fn ten_thousand_term_chains_run_and_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let n = 10_000;
    let program = format!(
        "t = true;\nx = 1{};\ny = t{};\nz = false{} || 7;\ns = \"ab\"{};\n\
         function f() {{ return f; }}\ng = f{};\nprint(x, y, z, s, typeof(g));\n",
        " + 1".repeat(n - 1),
        " && t".repeat(n - 1),
        " || 0".repeat(n - 1),
        ".upper().lower()".repeat(500),
        "()".repeat(1000),
    );
    std::fs::write(dir.path().join("chains.ml"), &program).expect("write");
    let run = common::run_mlpy(dir.path(), &["run", "chains.ml"], "", &[]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "10000 true 7 ab function\n"),
        "{}",
        run.stderr
    );
    let check = common::run_mlpy(dir.path(), &["check", "chains.ml"], "", &[]);
    assert_eq!((check.code, check.stdout.as_str()), (0, "chains.ml: ok\n"));
    // Real nesting still has a limit, reported at the outermost bracket.
    let deep = format!("x = 1;\ny = {}1{};\n", "(".repeat(300), ")".repeat(300));
    std::fs::write(dir.path().join("deep.ml"), deep).expect("write");
    let run = common::run_mlpy(dir.path(), &["run", "deep.ml"], "", &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("deep.ml:2:5: SyntaxError: expression nested too deeply"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_repl_checks_without_loading_and_reloads_despite_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("tool.ml"),
        "print(\"loaded\");\nfunction f() { return helpr(); }\nfunction helper() { return 1; }\n",
    )
    .expect("write");
    let input = ".check tool\nprint(\"after check\");\n.reload tool\nimport tool;\ntool.helper();\n.check nothing\n";
    let out = common::run_mlpy(dir.path(), &["repl", "-M", "."], input, &[]);
    let checked = out
        .stdout
        .find("error[E002]: undefined name 'helpr'")
        .expect("finding");
    assert!(
        out.stdout.contains("did you mean 'helper'?"),
        "{}",
        out.stdout
    );
    let after = out.stdout.find("after check").expect("prompt came back");
    let loaded = out.stdout.find("loaded").expect("reload ran the module");
    // `.check` did not load the module: its print comes only with `.reload`.
    assert!(checked < after && after < loaded, "{}", out.stdout);
    assert!(
        out.stdout
            .contains("tool: check found 1 error; reloading anyway"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("=> 1"), "{}", out.stdout);
    assert!(
        out.stdout.contains("no module named 'nothing'"),
        "{}",
        out.stdout
    );
}
