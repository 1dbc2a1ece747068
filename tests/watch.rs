//! Watch mode and reloads that follow dependencies: piped REPL sessions
//! whose module files are edited on disk while they run, and the library
//! API (`registry::reload`, `registry::changes`).
//!
//! No test sleeps for a fixed time and then asserts: a saved module must be
//! reloaded by the very next input (the session compares the files of its
//! loaded modules before each input), and what only the watcher thread can
//! see (a new file) is awaited by polling with a deadline.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

mod common;
use common::LiveRepl as Live;

/// A `mlpy repl` process, with `--watch` when `watch`, on module folder
/// `dir`; waits for watch mode to say it started.
fn start(dir: &Path, watch: bool) -> Live {
    start_with(dir, watch, &[])
}

fn start_with(dir: &Path, watch: bool, extra: &[&str]) -> Live {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mlpy"));
    cmd.arg("repl").arg("-M").arg(dir).args(extra);
    if watch {
        cmd.arg("--watch");
    }
    cmd.current_dir(dir).env("NO_COLOR", "1").env("HOME", dir);
    let mut live = Live::spawn(cmd);
    if watch {
        live.read_until("Watching ");
    }
    live
}

/// Send `probe` again and again until an answer contains `wanted` (for
/// changes only the watcher thread can see); fails after 10 s.
fn poll(repl: &mut Live, probe: &str, wanted: &str) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut round = 0;
    loop {
        round += 1;
        let marker = format!("=> 'poll {round}'");
        let got = repl.send(&format!("{probe}\n\"poll {round}\""), &marker);
        if got.iter().any(|l| l.contains(wanted)) {
            return got;
        }
        assert!(
            Instant::now() < deadline,
            "no {wanted:?}; output:\n{}",
            repl.seen.join("\n")
        );
        std::thread::sleep(Duration::from_millis(30));
    }
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write module");
}

/// Save as many editors do: write a temporary file, rename it over the old.
fn save_by_rename(path: &Path, text: &str) {
    let temp = path.with_extension("ml.tmp~");
    std::fs::write(&temp, text).expect("write temporary file");
    std::fs::rename(&temp, path).expect("rename over the module");
}

fn count(lines: &[String], part: &str) -> usize {
    lines.iter().filter(|l| l.contains(part)).count()
}

#[test]
fn a_saved_module_runs_its_new_code_on_the_next_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let m = dir.path().join("m.ml");
    write(
        &m,
        "function f() { return 1; }\nfunction _old_helper() { return 0; }\n",
    );
    let mut repl = start(dir.path(), true);
    repl.write("import m");
    repl.send("m.f()", "=> 1");

    save_by_rename(
        &m,
        "function f() { return 2; }\nfunction cube(x) { return x * x * x; }\n",
    );
    let got = repl.send("m.f()", "=> ");
    let reloaded = got
        .iter()
        .find(|l| l.starts_with("[watch] reloaded m ("))
        .unwrap_or_else(|| panic!("{got:?}"));
    assert!(reloaded.ends_with("): ~f, +cube, -_old_helper"), "{got:?}");
    assert_eq!(got.last().map(String::as_str), Some("=> 2"), "{got:?}");

    // Nothing changed since: the next input reloads nothing.
    let got = repl.send("m.cube(3)", "=> 27");
    assert_eq!(count(&got, "[watch]"), 0, "{got:?}");
}

#[test]
fn a_burst_of_writes_is_one_reload_of_the_final_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let m = dir.path().join("m.ml");
    write(&m, "function f() { return 0; }\n");
    let mut repl = start(dir.path(), true);
    repl.write("import m");
    repl.send("m.f()", "=> 0");

    // The input arrives in the middle of the burst: the session waits for
    // the file to settle instead of loading a version half-way through.
    for i in 1..=10 {
        write(&m, &format!("function f() {{ return {i}; }}\n"));
    }
    repl.write("m.f()");
    for i in 11..=20 {
        save_by_rename(&m, &format!("function f() {{ return {i}; }}\n"));
    }
    let got = repl.read_until("=> ");
    assert_eq!(got.last().map(String::as_str), Some("=> 20"), "{got:?}");
    // Late events of the burst change nothing.
    repl.send("m.f() * 2", "=> 40");
    assert_eq!(
        count(&repl.seen, "[watch] reloaded m"),
        1,
        "{:?}",
        repl.seen
    );
}

#[test]
fn a_broken_save_keeps_the_old_code_and_warns_before_every_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let m = dir.path().join("m.ml");
    write(&m, "function f() { return \"old\"; }\n");
    let mut repl = start(dir.path(), true);
    repl.write("import m");
    repl.send("m.f()", "=> 'old'");

    write(&m, "function f() { return ; ;; }}\n");
    let got = repl.send("m.f()", "=> ");
    assert!(
        got.iter()
            .any(|l| l == "[watch] m was not reloaded: its file has errors; the previous version stays in use"),
        "{got:?}"
    );
    assert!(
        count(&got, "m.ml:1:") == 1 && count(&got, "SyntaxError") == 1,
        "{got:?}"
    );
    assert_eq!(got.last().map(String::as_str), Some("=> 'old'"));

    for _ in 0..2 {
        let got = repl.send("m.f()", "=> ");
        assert!(
            got[0].starts_with("[watch] warning: m failed to reload;"),
            "{got:?}"
        );
        assert!(got[1].contains("SyntaxError"), "{got:?}");
        assert_eq!(got.last().map(String::as_str), Some("=> 'old'"));
    }

    write(&m, "function f() { return \"fixed\"; }\n");
    let got = repl.send("m.f()", "=> ");
    assert!(got[0].starts_with("[watch] reloaded m ("), "{got:?}");
    assert_eq!(got.last().map(String::as_str), Some("=> 'fixed'"));
    let got = repl.send("m.f()", "=> ");
    assert_eq!(count(&got, "[watch]"), 0, "the warning stops: {got:?}");
}

/// `base` imported by `left` and `right`, both imported by `top`; each
/// prints its name when its top level runs.
fn diamond(dir: &Path) {
    write(
        &dir.join("base.ml"),
        "print(\"run base\");\nfunction scale() { return 1; }\nfactor = 1;\n",
    );
    write(
        &dir.join("left.ml"),
        "import base;\nprint(\"run left\");\nv = base.factor * 2;\n",
    );
    write(
        &dir.join("right.ml"),
        "import base;\nprint(\"run right\");\nv = base.factor * 3;\n",
    );
    write(
        &dir.join("top.ml"),
        "import right;\nimport left;\nprint(\"run top\");\ntotal = left.v + right.v;\n",
    );
}

#[test]
fn reload_with_deps_reruns_a_diamond_once_each_in_import_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    diamond(dir.path());
    let mut repl = start(dir.path(), false);
    repl.write("import top");
    repl.send("top.total", "=> 5");

    write(
        &dir.path().join("base.ml"),
        "print(\"run base\");\nfunction scale() { return 1; }\nfactor = 10;\n",
    );
    // Without --deps the dependents keep what they computed.
    repl.send(".reload base", "[OK] Module 'base' reloaded");
    repl.send("top.total", "=> 5");

    let got = repl.send(".reload base --deps", "[OK] Dependent 'top' re-run");
    let runs: Vec<&str> = got
        .iter()
        .filter(|l| l.starts_with("run "))
        .map(String::as_str)
        .collect();
    assert_eq!(runs, ["run base", "run left", "run right", "run top"]);
    let reports: Vec<&str> = got
        .iter()
        .filter(|l| l.starts_with("[OK]"))
        .map(|l| l.split(" (").next().unwrap_or(""))
        .collect();
    assert_eq!(
        reports,
        [
            "[OK] Module 'base' reloaded",
            "[OK] Dependent 'left' re-run",
            "[OK] Dependent 'right' re-run",
            "[OK] Dependent 'top' re-run",
        ]
    );
    repl.send("top.total", "=> 50");
    let info = repl.send(".modinfo base", "Imported by (2):");
    assert!(info.last().is_some_and(|l| l == "Imported by (2):"));
    repl.send("1", "- left");
}

#[test]
fn a_failure_in_the_chain_keeps_the_failing_module_and_the_ones_after_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    diamond(dir.path());
    let mut repl = start(dir.path(), false);
    repl.write("import top");
    repl.write("import left");
    repl.write("import right");
    repl.send("top.total", "=> 5");

    // `left` uses `factor`, which the new `base` no longer has.
    write(&dir.path().join("base.ml"), "print(\"run base\");\n");
    let got = repl.send(".reload base --deps", "[KEPT]");
    assert!(
        got.iter()
            .any(|l| l.starts_with("[OK] Module 'base' reloaded") && l.ends_with(": -scale")),
        "{got:?}"
    );
    assert!(
        got.iter().any(|l| l.starts_with("[FAILED] Module 'left'")),
        "{got:?}"
    );
    assert_eq!(
        got.last().map(String::as_str),
        Some("[KEPT] not re-run after the failure of left; the previous version stays in use: right, top")
    );
    assert_eq!(count(&got, "run right") + count(&got, "run top"), 0);
    repl.send("top.total + left.v + right.v", "=> 10");
}

#[test]
fn an_import_cycle_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("a.ml"), "import b;\nx = b.y + 1;\n");
    write(&dir.path().join("b.ml"), "y = 1;\n");
    let mut repl = start(dir.path(), false);
    repl.write("import a");
    repl.send("a.x", "=> 2");

    // `b` now imports `a` too: loading it again closes the cycle.
    write(&dir.path().join("b.ml"), "import a;\ny = 5;\n");
    repl.send(".reload b", "[OK] Module 'b' reloaded");
    let got = repl.send(".reload a --deps", "[CYCLE]");
    assert_eq!(
        got.last().map(String::as_str),
        Some("[CYCLE] import cycle: a -> b -> a")
    );
    assert!(
        got.iter()
            .any(|l| l.starts_with("[OK] Module 'a' reloaded")),
        "{got:?}"
    );
    repl.send("a.x", "=> 6");
}

#[test]
fn watch_mode_reloads_dependents_and_sees_new_and_deleted_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    diamond(dir.path());
    let mut repl = start(dir.path(), true);
    repl.write("import top");
    repl.send("top.total", "=> 5");

    save_by_rename(
        &dir.path().join("base.ml"),
        "print(\"run base\");\nfunction scale() { return 2; }\nfactor = 100;\n",
    );
    let got = repl.send("top.total", "=> ");
    assert_eq!(got.last().map(String::as_str), Some("=> 500"), "{got:?}");
    assert!(
        got.iter()
            .any(|l| l.starts_with("[watch] reloaded base (") && l.ends_with(": ~scale")),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|l| l.starts_with("[watch] re-ran dependent modules: left, right, top (")),
        "{got:?}"
    );

    let extra = dir.path().join("extra.ml");
    write(&extra, "answer = 42;\n");
    poll(&mut repl, "1", "[watch] new module extra");
    repl.write("import extra");
    repl.send("extra.answer", "=> 42");

    std::fs::remove_file(&extra).expect("delete");
    poll(
        &mut repl,
        "1",
        "[watch] the file of module extra was deleted",
    );
    // The loaded version stays usable.
    repl.send("extra.answer", "=> 42");
    repl.send(".watch off", "Watch mode is off.");
}

#[test]
fn a_new_python_bridge_file_is_discovered_while_watching() {
    let dir = tempfile::tempdir().expect("tempdir");
    let extensions = dir.path().join("extensions");
    std::fs::create_dir(&extensions).expect("mkdir");
    let mut repl = start_with(dir.path(), true, &["-E", "extensions"]);
    let watching = repl.seen.last().cloned().unwrap_or_default();
    assert!(watching.contains("extensions"), "{watching}");

    write(
        &extensions.join("geo.py"),
        "from mlpy import ml_module\n\n@ml_module(\"geo\")\nclass Geo:\n    pass\n",
    );
    poll(&mut repl, "1", "[watch] new module geo");
    repl.send(".modules --type python_bridge", "geo");
}

#[test]
fn a_saved_python_bridge_is_imported_again_and_a_broken_one_keeps_the_old_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    let extensions = dir.path().join("extensions");
    std::fs::create_dir(&extensions).expect("mkdir");
    let greeter = extensions.join("greeter.py");
    let version = |word: &str| {
        format!(
            "from mlpy import ml_module\n\n@ml_module(\"greeter\")\nclass Greeter:\n    \
             @staticmethod\n    def hello(name):\n        return \"{word} \" + name\n"
        )
    };
    write(&greeter, &version("hello"));
    let mut repl = start_with(dir.path(), true, &["-E", "extensions"]);
    repl.write("import greeter");
    repl.send("greeter.hello(\"ada\")", "=> 'hello ada'");

    save_by_rename(&greeter, &version("hi"));
    let got = repl.send("greeter.hello(\"ada\")", "=> ");
    assert_eq!(count(&got, "[watch] reloaded greeter ("), 1, "{got:?}");
    assert_eq!(got.last().map(String::as_str), Some("=> 'hi ada'"));

    // Still a bridge module by its decorator, but no longer valid Python.
    save_by_rename(
        &greeter,
        "from mlpy import ml_module\n\n@ml_module(\"greeter\")\nclass Greeter(:\n",
    );
    let got = repl.send("greeter.hello(\"bob\")", "=> ");
    assert_eq!(
        got.last().map(String::as_str),
        Some("=> 'hi bob'"),
        "{got:?}"
    );
    let got = repl.send("1 + 1", "=> 2");
    assert_eq!(
        count(&got, "[watch] warning: greeter failed to reload"),
        1,
        "{got:?}"
    );
}

#[test]
fn watch_reload_dependents_false_reloads_only_the_saved_module() {
    let dir = tempfile::tempdir().expect("tempdir");
    diamond(dir.path());
    write(
        &dir.path().join("mlpy.json"),
        "{ \"watch_reload_dependents\": false }",
    );
    let mut repl = start(dir.path(), true);
    repl.write("import top");
    repl.write("import base");
    repl.send("top.total", "=> 5");
    write(
        &dir.path().join("base.ml"),
        "print(\"run base\");\nfunction scale() { return 1; }\nfactor = 7;\n",
    );
    let got = repl.send("top.total + base.factor", "=> ");
    assert_eq!(got.last().map(String::as_str), Some("=> 12"), "{got:?}");
    assert_eq!(count(&got, "re-ran"), 0, "{got:?}");
}

mod library {
    use mlpy::driver::{run_in_globals, SharedBuffer};
    use mlpy::lang::value::Globals;
    use mlpy::lang::vm::Vm;
    use mlpy::registry::changes::FunctionChanges;
    use mlpy::registry::loader::RegistryLoader;
    use mlpy::registry::reload::{reload_chain, reload_module};
    use mlpy::registry::ModuleRegistry;
    use std::rc::Rc;
    use std::sync::Arc;

    fn session(dir: &std::path::Path) -> (Vm, Arc<ModuleRegistry>, SharedBuffer) {
        let out = SharedBuffer::default();
        let mut vm = Vm::with_output(Box::new(out.clone()));
        let registry = Arc::new(ModuleRegistry::new(vec![dir.to_path_buf()], vec![]));
        RegistryLoader::new(registry.clone()).install(&mut vm);
        (vm, registry, out)
    }

    fn run(vm: &mut Vm, code: &str) {
        let globals = Rc::new(Globals::default());
        run_in_globals(vm, &globals, "<test>", code, false).expect("run");
    }

    fn changes(added: &[&str], removed: &[&str], changed: &[&str]) -> FunctionChanges {
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        FunctionChanges {
            added: list(added),
            removed: list(removed),
            changed: list(changed),
        }
    }

    #[test]
    fn moving_code_is_not_a_change_but_editing_a_body_is() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a.ml");
        std::fs::write(
            &a,
            "n = 2;\nfunction f(x) { return x * n; }\nfunction g() { return f(1); }\n",
        )
        .expect("write");
        let (mut vm, registry, _) = session(dir.path());
        run(&mut vm, "import a;");

        // New lines, spaces and a new global first: every slot moves.
        std::fs::write(
            &a,
            "// header\nextra = 0;\nfunction h() { return 0; }\n\nn = 2;\n\
             function f(x) {\n    return x * n;\n}\nfunction g() { return f(1); }\n",
        )
        .expect("write");
        let done = reload_module(&mut vm, &registry, "a").expect("reload");
        assert!(done.report.recompiled);
        assert_eq!(done.changes, changes(&["h"], &[], &[]));

        std::fs::write(
            &a,
            "n = 2;\nfunction f(x) { return x * n + 1; }\nfunction g() { return f(1); }\n",
        )
        .expect("write");
        let done = reload_module(&mut vm, &registry, "a").expect("reload");
        assert_eq!(done.changes, changes(&[], &["h"], &["f"]));
        assert_eq!(done.changes.to_string(), "~f, -h");
    }

    #[test]
    fn a_write_that_keeps_size_and_timestamp_is_still_seen_after_an_event() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a.ml");
        std::fs::write(&a, "v = 1;").expect("write");
        let registry = ModuleRegistry::new(vec![dir.path().to_path_buf()], vec![]);
        let first = registry.compile("a").expect("compile");
        // Same size, and the timestamp put back: two saves in one tick.
        let stamp = std::fs::metadata(&a)
            .and_then(|m| m.modified())
            .expect("mtime");
        std::fs::write(&a, "v = 2;").expect("write");
        let file = std::fs::File::options().write(true).open(&a).expect("open");
        file.set_modified(stamp).expect("set mtime");
        drop(file);
        let by_stamp = registry.compile("a").expect("compile");
        assert!(Arc::ptr_eq(&first, &by_stamp), "stat cannot tell");
        let read = registry.compile_after_write("a").expect("compile");
        assert!(!Arc::ptr_eq(&first, &read));
        assert_eq!(registry.get("a").expect("entry").stats().compilations, 2);
    }

    #[test]
    fn a_chain_reruns_dependents_once_each_after_their_imports() {
        let dir = tempfile::tempdir().expect("tempdir");
        super::diamond(dir.path());
        let (mut vm, registry, out) = session(dir.path());
        run(&mut vm, "import top;");
        out.0.borrow_mut().clear();

        let chain = reload_chain(&mut vm, &registry, &["base".to_string()], true);
        let order: Vec<(&str, bool)> = chain
            .steps
            .iter()
            .map(|s| (s.name.as_str(), s.dependent))
            .collect();
        assert_eq!(
            order,
            [
                ("base", false),
                ("left", true),
                ("right", true),
                ("top", true)
            ]
        );
        assert!(chain.steps.iter().all(|s| s.outcome.is_ok()));
        assert!(chain.not_run.is_empty() && chain.plan.cycles.is_empty());
        vm.flush();
        let printed = String::from_utf8_lossy(&out.0.borrow()).into_owned();
        assert_eq!(printed, "run base\nrun left\nrun right\nrun top\n");

        // Without dependents only the module itself runs.
        let chain = reload_chain(&mut vm, &registry, &["base".to_string()], false);
        assert_eq!(chain.steps.len(), 1);
    }
}
