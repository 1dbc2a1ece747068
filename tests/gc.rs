//! Memory management through the real binary: values nested millions of
//! levels deep are freed, compared, printed and serialized without
//! overflowing the native stack, and the cycle collector frees the old
//! versions of reloaded modules in a REPL session.

use std::path::Path;

mod common;
use common::{run_mlpy, Outcome};

fn run_program(dir: &Path, text: &str) -> Outcome {
    std::fs::write(dir.join("deep.ml"), text).expect("write program");
    run_mlpy(dir, &["run", "deep.ml"], "", &[])
}

/// Levels of nesting: deep enough that every walk goes far past the levels
/// the collector and printer keep on the stack, small enough for a debug
/// build (a release build before the iterative walks aborted at 20 million;
/// the lib tests show the same walks on a 256 KiB stack).
const DEPTH: usize = 1_000_000;

fn assert_clean(out: &Outcome, expected: &str) {
    assert_eq!(
        out.code, 0,
        "stdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
    assert_eq!(out.stdout, expected, "stderr:\n{}", out.stderr);
}

#[test]
fn deeply_nested_arrays_drop_and_compare() {
    let dir = tempfile::tempdir().unwrap();
    let program = format!(
        "x = []; y = [];\n\
         for (i in range({DEPTH})) {{ x = [x]; y = [y]; }}\n\
         print(x == y, x != y, x < y, x <= y);\n\
         y = [y];\n\
         print(x == y, x < y);\n\
         x = null;\n\
         y = 0;\n\
         print(\"dropped\");\n"
    );
    assert_clean(
        &run_program(dir.path(), &program),
        "true false false true\nfalse true\ndropped\n",
    );
}

#[test]
fn deeply_nested_objects_and_closures_drop() {
    let dir = tempfile::tempdir().unwrap();
    let program = format!(
        "o = {{}};\n\
         for (i in range({DEPTH})) {{ o = {{inner: o, i: i}}; }}\n\
         print(o.i, o.inner.i);\n\
         o = null;\n\
         function wrap(g) {{ return fn() => g; }}\n\
         f = null;\n\
         for (i in range({DEPTH})) {{ f = wrap(f); }}\n\
         print(typeof(f()));\n\
         f = null;\n\
         print(\"dropped\");\n"
    );
    assert_clean(
        &run_program(dir.path(), &program),
        &format!("{} {}\nfunction\ndropped\n", DEPTH - 1, DEPTH - 2),
    );
}

#[test]
fn deeply_nested_values_print_and_serialize() {
    let dir = tempfile::tempdir().unwrap();
    let program = format!(
        "import json;\n\
         x = [];\n\
         for (i in range({DEPTH})) {{ x = [x]; }}\n\
         s = str(x);\n\
         print(len(s), s[0:3], s[len(s) - 3:]);\n\
         print(len(repr(x)));\n\
         try {{ json.stringify(x); }} except (e) {{ print(e.type, e.message); }}\n"
    );
    assert_clean(
        &run_program(dir.path(), &program),
        &format!(
            "{} [[[ ]]]\n{}\nValueError JSON serialization failed: nesting too deep\n",
            2 * DEPTH + 2,
            2 * DEPTH + 2
        ),
    );
}

#[test]
fn a_reloaded_module_old_version_is_freed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("m.ml"),
        "data = [1];\ndata.append(data);\nfunction f() { return len(data); }\n",
    )
    .unwrap();
    // `g` keeps the first version's function (and through it that
    // version's globals) after the reload; once it is dropped, only the
    // cycle between those globals and their functions holds them.
    let script = "import gc\n\
                  import m\n\
                  g = m.f\n\
                  before = gc.collect()\n\
                  .reload m\n\
                  g()\n\
                  g = null\n\
                  gc.collect() >= 3\n\
                  m.f()\n";
    let out = run_mlpy(dir.path(), &["repl", "-M", "."], script, &[]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let echoes: Vec<&str> = out.stdout.lines().filter(|l| l.starts_with("=>")).collect();
    assert_eq!(echoes, ["=> 2", "=> true", "=> 2"], "{}", out.stdout);
}
