//! The Python worker cannot be steered by what an ML program may set: its
//! environment is mlpy's own at start without `PYTHON*` variables, Python
//! runs isolated, `PATH` changes cannot swap the interpreter, and its code
//! is never read from a file. `allow_eval: false` refuses eval, exec and
//! compile at run time whatever name the module reaches them by.

use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The real interpreter behind `python3` (launcher shims need their own
/// environment, which these tests replace).
fn python() -> PathBuf {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON
        .get_or_init(|| {
            let out = Command::new("python3")
                .args(["-c", "import sys; print(sys.executable)"])
                .output()
                .expect("python3 runs");
            PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
        })
        .clone()
}

fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    for d in ["data", "ext", "realbin", "fakebin"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    (dir, root)
}

/// `mlpy run ARGS prog.ml` with `program`, `python3` found through a
/// `PATH` holding only the real interpreter; returns stdout and stderr.
fn run(root: &Path, args: &[&str], program: &str) -> (String, String) {
    std::fs::write(root.join("prog.ml"), program).unwrap();
    symlink(python(), root.join("realbin/python3")).ok();
    let out = Command::new(env!("CARGO_BIN_EXE_mlpy"))
        .arg("run")
        .args(["-E", "ext"])
        .args(args)
        .arg("prog.ml")
        .current_dir(root)
        .env_clear()
        .env("HOME", root)
        .env("NO_COLOR", "1")
        .env(
            "PATH",
            format!("{}:/usr/bin:/bin", root.join("realbin").display()),
        )
        .env("MLPY_PYTHON", "python3")
        .output()
        .expect("run mlpy");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const PROBE: &str = r#"import os, sys
from mlpy import ml_module

@ml_module("probe")
class Probe:
    def report(self):
        return {
            "python_vars": sorted(k for k in os.environ if k.startswith("PYTHON")),
            "steer": os.environ.get("MLPY_STEER", "unset"),
            "cwd_on_path": "" in sys.path or os.getcwd() in sys.path,
            "isolated": sys.flags.isolated,
            "executable": os.path.realpath(sys.executable),
        }
"#;

#[test]
fn the_environment_cannot_steer_the_worker() {
    let (_d, root) = project();
    std::fs::write(root.join("ext/probe.py"), PROBE).unwrap();
    let fake = root.join("fakebin/python3");
    std::fs::write(
        &fake,
        format!("#!/bin/sh\ntouch {}/FAKE_RAN\nexit 1\n", root.display()),
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let data = root.join("data").display().to_string();
    let program = format!(
        "import file;\nimport env;\n\
         file.write(\"data/sitecustomize.py\", \"open('{data}/STEERED', 'w').write('x')\\n\");\n\
         file.write(\"data/json.py\", \"open('{data}/SHADOWED', 'w').write('x')\\n\");\n\
         env.set(\"PYTHONPATH\", \"{data}\");\n\
         env.set(\"PYTHONSTARTUP\", \"{data}/sitecustomize.py\");\n\
         env.set(\"PYTHONHOME\", \"{data}\");\n\
         env.set(\"PATH\", \"{root}/fakebin\");\n\
         env.set(\"MLPY_STEER\", \"yes\");\n\
         import probe;\n\
         r = probe.report();\n\
         print(r.python_vars); print(r.steer); print(r.cwd_on_path); print(r.isolated);\n\
         print(r.executable);\n",
        root = root.display()
    );
    let (out, err) = run(
        &root,
        &["--grant", "file.write=data/*.py", "--grant", "env.write"],
        &program,
    );
    let real = std::fs::canonicalize(python()).unwrap();
    let expected = format!("[]\nunset\nfalse\n1\n{}\n", real.display());
    assert_eq!(out, expected, "stderr: {err}");
    for marker in ["data/STEERED", "data/SHADOWED", "FAKE_RAN"] {
        assert!(
            !root.join(marker).exists(),
            "{marker}: the worker was steered"
        );
    }
    // The worker's code is not written anywhere a grant could reach.
    assert!(!root.join(".cache").exists());
}

const EVALS: &str = r#"import builtins, functools
from collections import namedtuple
from dataclasses import dataclass
from mlpy import ml_module

P = namedtuple("P", "x y")

@dataclass
class D:
    x: int

@ml_module("evals")
class Evals:
    def alias(self):
        f = eval
        return f("1 + 1")

    def via_builtins(self):
        ns = {}
        builtins.exec("y = 2", ns)
        return ns["y"]

    def via_getattr(self):
        return getattr(builtins, "ev" + "al")("3")

    def via_partial(self):
        return functools.partial(eval, "4")()

    def via_map(self):
        return list(map(eval, ["5"]))[0]

    def via_compile(self):
        c = compile
        return 6 if c("1", "s", "eval") else 0

    def libraries(self):
        return [D(7).x, P(1, 8).y]
"#;

const CALLS: &[&str] = &[
    "alias",
    "via_builtins",
    "via_getattr",
    "via_partial",
    "via_map",
    "via_compile",
    "libraries",
];

fn eval_program(module: &str) -> String {
    let mut program = format!("import {module};\n");
    for call in CALLS {
        program.push_str(&format!(
            "try {{ print({module}.{call}()); }} except (e) {{ print(e.type + \": \" + e.message); }}\n"
        ));
    }
    program
}

#[test]
fn allow_eval_false_refuses_eval_by_any_name() {
    let (_d, root) = project();
    std::fs::write(root.join("ext/evals.py"), EVALS).unwrap();
    let (out, err) = run(&root, &[], &eval_program("evals"));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), CALLS.len(), "{out}{err}");
    for line in &lines[..6] {
        assert!(
            line.starts_with("SecurityError: evaluating code is refused for")
                && line.contains("evals.py"),
            "{line}"
        );
    }
    assert_eq!(
        lines[6], "[7, 8]",
        "library code that evaluates still works"
    );
}

#[test]
fn allow_eval_true_allows_it_except_in_modules_that_declare_otherwise() {
    let (_d, root) = project();
    std::fs::write(root.join("ext/evals.py"), EVALS).unwrap();
    let strict = EVALS.replace(
        "@ml_module(\"evals\")",
        "@ml_module(\"strict\", allow_eval=False)",
    );
    std::fs::write(root.join("ext/strict.py"), strict).unwrap();
    std::fs::write(
        root.join("mlpy.json"),
        r#"{"security": {"allow_eval": true}}"#,
    )
    .unwrap();
    let (out, err) = run(&root, &[], &eval_program("evals"));
    assert_eq!(out, "2\n2\n3\n4\n5\n6\n[7, 8]\n", "{err}");
    let (out, err) = run(&root, &[], &eval_program("strict"));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), CALLS.len(), "{out}{err}");
    assert!(
        lines[..6].iter().all(|l| l.starts_with("SecurityError")),
        "{out}"
    );
    assert_eq!(lines[6], "[7, 8]");
}
