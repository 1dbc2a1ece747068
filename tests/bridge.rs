//! Python bridge modules with a real `python3` worker: the design
//! document's example modules loaded unchanged, capabilities, Python
//! exceptions, a worker that dies or hangs mid-call, reload, payloads, and
//! sessions without Python.

use mlpy::bridge::{python_traceback, Bridge, BridgeSettings};
mod common;
use common::run_captured;
use mlpy::driver::SharedBuffer;
use mlpy::lang::value::Globals;
use mlpy::lang::vm::Vm;
use mlpy::registry::loader::RegistryLoader;
use mlpy::registry::ModuleRegistry;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// Bridge modules written for these tests (checks of values, errors, crashes).
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bridge")
}

/// The design document's example modules, bundled as examples; every
/// session below also has them on its extension path.
fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/extensions")
}

/// The interpreter behind `python3`, resolved once: launcher shims on the
/// PATH can add half a second to every worker start.
fn python() -> String {
    static PYTHON: OnceLock<String> = OnceLock::new();
    PYTHON
        .get_or_init(|| {
            std::process::Command::new("python3")
                .args(["-c", "import sys; print(sys.executable)"])
                .output()
                .ok()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| "python3".into())
        })
        .clone()
}

struct Session {
    vm: Vm,
    globals: Rc<Globals>,
    out: SharedBuffer,
    bridge: Rc<Bridge>,
    registry: Arc<ModuleRegistry>,
}

impl Session {
    fn new(py_path: &Path) -> Session {
        Session::with(py_path, python(), Duration::from_secs(30))
    }

    fn with(py_path: &Path, python: String, timeout: Duration) -> Session {
        let settings = BridgeSettings {
            python,
            timeout,
            allow_eval: false,
        };
        Session::with_settings(py_path, settings)
    }

    fn with_settings(py_path: &Path, settings: BridgeSettings) -> Session {
        let out = SharedBuffer::default();
        let mut vm = Vm::with_output(Box::new(out.clone()));
        let registry = Arc::new(ModuleRegistry::new(
            vec![],
            vec![py_path.to_path_buf(), examples()],
        ));
        let loader = RegistryLoader::with_bridge(registry.clone(), settings);
        let bridge = loader.bridge.clone();
        loader.install(&mut vm);
        Session {
            vm,
            globals: Rc::new(Globals::default()),
            out,
            bridge,
            registry,
        }
    }

    /// Run `code`; what it printed, or the error message after it.
    fn run(&mut self, code: &str) -> String {
        run_captured(&mut self.vm, &self.globals, &self.out, code)
    }
}

#[test]
fn the_design_documents_crypto_and_validation_modules_work_unchanged() {
    let mut s = Session::new(&fixtures());
    let out = s.run(
        "import crypto; import validation;\n\
         print(crypto.hash_sha256(\"abc\"));\n\
         print(len(crypto.generate_uuid()), len(crypto.random_bytes(4)));\n\
         print(validation.validate_email(\"ada@example.org\"), validation.validate_email(\"not an email\"));\n\
         print(validation.validate_phone(\"5551234567\"), validation.validate_phone(\"12\"));\n\
         print(validation.validate_phone(\"+441234567890\", \"UK\"), validation.validate_phone(\"+441234567890\", \"US\"));",
    );
    assert_eq!(
        out,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n36 8\ntrue false\ntrue false\ntrue false\n"
    );
}

#[test]
fn the_database_module_needs_its_capabilities_and_keeps_its_connections() {
    let mut s = Session::new(&fixtures());
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("users.db").display().to_string();
    let denied = s.run(&format!(
        "import database;\nconn = database.connect(\"{db}\");"
    ));
    assert!(denied.contains("CapabilityError"), "{denied}");
    assert!(denied.contains("database.connect"), "{denied}");
    assert!(!Path::new(&db).exists(), "the call must not reach Python");
    s.vm.grant("database:connect");
    s.vm.grant("database:write");
    let out = s.run(&format!(
        "conn = database.connect(\"{db}\");\n\
         database.execute(conn, \"CREATE TABLE users (name TEXT, email TEXT)\");\n\
         print(database.execute(conn, \"INSERT INTO users VALUES ('ada', 'ada@example.org'), ('bob', 'bob@example.org')\"));\n\
         try {{ database.query(conn, \"SELECT * FROM users\"); }} except (e) {{ print(e.type, e.message); }}"
    ));
    assert_eq!(
        out,
        "2\nCapabilityError capability 'database.read' is not granted\n"
    );
    s.vm.grant("database:read");
    let out = s.run(
        "rows = database.query(conn, \"SELECT name, email FROM users ORDER BY name\");\n\
         print(rows);\nprint(database.close(conn));\n\
         try { database.query(conn, \"SELECT 1\"); } except (e) { print(e.type, e.message); }",
    );
    assert_eq!(
        out,
        "[{'name': 'ada', 'email': 'ada@example.org'}, {'name': 'bob', 'email': 'bob@example.org'}]\n\
         null\nValueError Invalid connection: conn_0\n"
    );
    assert!(Path::new(&db).exists());
}

#[test]
fn module_wide_capabilities_and_allow_eval() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        examples().join("advanced_math.py"),
        dir.path().join("advanced_math.py"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("evaluator.py"),
        "from mlpy import ml_module\n\n@ml_module(name=\"evaluator\",\n           allow_eval=False)\nclass Evaluator:\n    @staticmethod\n    def run(code):\n        return eval(code)\n",
    )
    .unwrap();
    let mut s = Session::new(dir.path());
    let out = s.run("import advanced_math;\nadvanced_math.factorial(5);");
    assert!(
        out.contains("CapabilityError: capability 'math.advanced' is not granted"),
        "{out}"
    );
    s.vm.grant("math.advanced");
    assert_eq!(
        s.run("print(advanced_math.factorial(20), advanced_math.fibonacci(10));"),
        "2432902008176640000 55\n"
    );
    let out = s.run("import evaluator;");
    assert!(out.contains("ImportError"), "{out}");
    assert!(
        out.contains("allow_eval=False but calls eval() at"),
        "{out}"
    );
    assert!(out.contains("evaluator.py:8: return eval(code)"), "{out}");
}

#[test]
fn the_session_allow_eval_setting_gates_modules_that_evaluate_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("calc.py"),
        "from mlpy import ml_module\n\n@ml_module(\"calc\")\nclass Calc:\n    @staticmethod\n    def run(code):\n        return eval(code)\n",
    )
    .unwrap();
    let mut strict = Session::new(dir.path());
    let out = strict.run("import calc;");
    assert!(out.contains("ImportError"), "{out}");
    assert!(
        out.contains("may not evaluate code (security.allow_eval is false) but calls eval() at"),
        "{out}"
    );
    let settings = BridgeSettings {
        python: python(),
        timeout: Duration::from_secs(30),
        allow_eval: true,
    };
    let mut open = Session::with_settings(dir.path(), settings);
    assert_eq!(
        open.run("import calc;\nprint(calc.run(\"6 * 7\"));"),
        "42\n"
    );
}

#[test]
fn python_exceptions_become_ml_errors_named_after_their_class() {
    let mut s = Session::new(&fixtures());
    let out = s.run(
        "import bridge_checks as c;\n\
         try { c.fail(\"bad input\"); } except (e) { print(e.type, \"|\", e.message); }\n\
         try { c.fail_own(\"nope\"); } except (e) { print(e.type, \"|\", e.message); }\n\
         try { c.give_set(); } except (e) { print(e.type, \"|\", e.message); }\n\
         try { c.echo(print); } except (e) { print(e.type, \"|\", e.message); }\n\
         try { c.length(); } except (e) { print(e.type); }\n\
         print(c.give_tuple(), c.chatty());",
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "ValueError | bad input");
    assert_eq!(lines[1], "CheckFailed | nope");
    assert!(
        lines[2].starts_with("TypeError | a Python set cannot be returned to ML"),
        "{out}"
    );
    assert!(
        lines[3].starts_with("TypeError | argument 1 of bridge_checks.echo() is a function"),
        "{out}"
    );
    assert_eq!(lines[4], "TypeError");
    assert_eq!(lines[5], "[1, 'two', [3]] quiet");
    // The traceback is kept on the error but not printed.
    let uncaught = s.run("c.fail(\"deep\");");
    assert!(
        uncaught.starts_with("Error: ValueError: deep"),
        "{uncaught}"
    );
    assert!(!uncaught.contains("Traceback"), "{uncaught}");
    let fail =
        s.vm.loaded_module("bridge_checks")
            .unwrap()
            .globals
            .get("fail")
            .unwrap();
    let err =
        s.vm.call_value(&fail, &[mlpy::Value::str("x")])
            .expect_err("fail raises");
    let tb = python_traceback(&err).expect("a Python traceback");
    assert!(
        tb.contains("Traceback (most recent call last)")
            && tb.contains("raise ValueError(message)"),
        "{tb}"
    );
}

#[test]
fn values_cross_as_json_including_unicode_and_large_payloads() {
    let mut s = Session::new(&fixtures());
    let out = s.run(
        "import bridge_checks as c;\n\
         print(c.echo({a: [1, 2.5, null, true], b: {\"ü\": \"héllo 🌍 中文\"}, n: -7}));\n\
         print(c.describe(1), c.describe(1.0), c.describe(\"s\"), c.describe([]), c.describe({}), c.describe(null));\n\
         big = c.repeat(\"é\", 1000000);\n\
         print(len(big), c.length(big));\n\
         print(c.total(range(100000)), len(c.echo(range(100000))));",
    );
    assert_eq!(
        out,
        "{'a': [1, 2.5, null, true], 'b': {'ü': 'héllo 🌍 中文'}, 'n': -7}\n\
         int float str list dict NoneType\n1000000 1000000\n4999950000 100000\n"
    );
}

#[test]
fn a_worker_that_dies_mid_call_is_replaced_and_modules_are_imported_again() {
    let mut s = Session::new(&fixtures());
    assert_eq!(
        s.run("import bridge_checks as c;\nprint(c.count(), c.count());"),
        "1 2\n"
    );
    let first = s.bridge.worker_pid().expect("a worker runs");
    let out = s.run("c.exit_now(3);");
    assert!(out.contains("RuntimeError: the Python worker stopped during bridge_checks.exit_now() (exit status 3)"), "{out}");
    assert!(!s.bridge.worker_running());
    // A new worker with a fresh instance of the module.
    assert_eq!(s.run("print(c.count());"), "1\n");
    let second = s.bridge.worker_pid().expect("a worker runs again");
    assert_ne!(first, second);
    let out = s.run("import crypto;\nc.kill_self();");
    assert!(out.contains("killed by signal 9"), "{out}");
    assert_eq!(
        s.run("print(len(crypto.hash_sha256(\"x\")), c.count());"),
        "64 1\n"
    );
    assert_eq!(s.bridge.worker_starts().0, 3);
}

#[test]
fn a_call_past_the_time_limit_fails_and_the_next_call_gets_a_new_worker() {
    let mut s = Session::with(&fixtures(), python(), Duration::from_millis(1500));
    assert_eq!(
        s.run("import bridge_checks as c;\nprint(c.sleep(0));"),
        "0\n"
    );
    let out = s.run("c.sleep(60);");
    assert!(
        out.contains(
            "TimeoutError: bridge_checks.sleep() did not finish within 1500 ms (bridge_timeout_ms)"
        ),
        "{out}"
    );
    assert!(!s.bridge.worker_running(), "the hung worker was stopped");
    assert_eq!(s.run("print(c.echo(\"back\"));"), "back\n");
}

#[test]
fn reload_runs_the_edited_file_and_a_broken_edit_keeps_the_old_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("greeter.py");
    let version = |word: &str| {
        format!("from mlpy import ml_module\n\n@ml_module(\"greeter\")\nclass Greeter:\n    def __init__(self):\n        self.n = 0\n\n    def greet(self, name):\n        self.n += 1\n        return \"{word}, \" + name + \" #\" + str(self.n)\n")
    };
    std::fs::write(&file, version("Hello")).unwrap();
    let mut s = Session::new(dir.path());
    assert_eq!(
        s.run("import greeter;\nprint(greeter.greet(\"ada\"), greeter.greet(\"bob\"));"),
        "Hello, ada #1 Hello, bob #2\n"
    );
    std::fs::write(
        &file,
        version("Howdy") + "\n    def shout(self, s):\n        return s.upper()\n",
    )
    .unwrap();
    s.vm.reload("greeter").expect("reload");
    assert_eq!(
        s.run("print(greeter.greet(\"ada\"), greeter.shout(\"hi\"));"),
        "Howdy, ada #1 HI\n"
    );
    std::fs::write(&file, "from mlpy import ml_module\n\n@ml_module(\"greeter\")\nclass Greeter:\n    def greet(self, name)\n        return name\n").unwrap();
    let err = s.vm.reload("greeter").expect_err("a syntax error");
    assert!(
        err.message().contains("failed to load: SyntaxError"),
        "{}",
        err.message()
    );
    assert_eq!(s.run("print(greeter.greet(\"ada\"));"), "Howdy, ada #2\n");
    let entry = s.registry.get("greeter").unwrap();
    assert_eq!(entry.stats().reloads, 1);
}

#[test]
fn sessions_that_import_no_bridge_module_start_no_python() {
    let mut s = Session::new(&fixtures());
    assert_eq!(s.run("import math;\nprint(math.sqrt(16));"), "4.0\n");
    assert!(!s.bridge.worker_running());
    assert_eq!(s.bridge.worker_starts().0, 0);
    s.run("import validation;");
    assert!(s.bridge.worker_running());
}

#[test]
fn without_python_bridge_imports_fail_clearly_and_ml_keeps_working() {
    let mut s = Session::with(
        &fixtures(),
        "mlpy-test-no-such-python".into(),
        Duration::from_secs(5),
    );
    let out = s.run("import validation;");
    assert!(
        out.contains("ImportError: cannot import Python bridge module 'validation': cannot start the Python worker 'mlpy-test-no-such-python' (no such program)"),
        "{out}"
    );
    assert_eq!(s.run("x = [1, 2, 3];\nprint(len(x));"), "3\n");
}

#[cfg(target_os = "linux")]
#[test]
fn ending_the_session_stops_and_reaps_the_worker() {
    let mut s = Session::new(&fixtures());
    s.run("import validation;");
    let pid = s.bridge.worker_pid().expect("a worker runs");
    assert!(Path::new(&format!("/proc/{pid}")).exists());
    drop(s);
    // Reaped, not a zombie: the process entry is gone entirely.
    assert!(!Path::new(&format!("/proc/{pid}")).exists());
}

#[test]
fn reports_show_the_measured_load_and_the_functions() {
    let mut s = Session::new(&fixtures());
    s.run("import database;");
    let entry = s.registry.get("database").unwrap();
    let stats = entry.stats();
    assert!(stats.load_time.is_some());
    assert!(stats.reported_memory.is_some_and(|m| m > 0));
    let text = s.run("print(repr(module_info(\"database\")));");
    for part in [
        "'type': 'python_bridge'",
        "'connect': ['db_path']",
        "'connect': 'Connect to SQLite database'",
        "'query': ['database:read']",
        "'class': 'DatabaseModule'",
    ] {
        assert!(text.contains(part), "{part} missing in {text}");
    }
}

/// `mlpy` with the fixtures on the extension path and the resolved Python.
fn mlpy_command(args: &[&str], dir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_mlpy"));
    cmd.args(args)
        .arg("-E")
        .arg(fixtures())
        .arg("-E")
        .arg(examples())
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("HOME", dir)
        .env("MLPY_PYTHON", python());
    cmd
}

/// Feed `script` to `mlpy repl ARGS` in `dir`; its exit code and stdout.
fn repl_session(args: &[&str], dir: &Path, script: &str) -> (Option<i32>, String) {
    use std::io::Write;
    let mut child = mlpy_command(args, dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start mlpy");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn the_repl_reports_bridge_modules_and_shows_the_last_python_traceback() {
    let dir = tempfile::tempdir().expect("tempdir");
    let script = ".lasterror\nimport database\nimport validation\n.modinfo database\n.perfmon\n\
                  import bridge_checks as c\nc.fail(\"from python\")\n.lasterror\n1 / 0\n.lasterror\n";
    let (code, text) = repl_session(&["repl"], dir.path(), script);
    assert_eq!(code, Some(0), "{text}");
    for part in [
        "No error in this session yet.",
        "┆ Python Bridge ",
        "- connect(db_path)\n    Connect to SQLite database\n    needs: database:connect\n",
        "- close(conn_id)\n    Close database connection\n",
        "database:connect, database:read, database:write",
        "Python Bridge Modules:",
        "Error: ValueError: from python",
        "Python traceback:\nTraceback (most recent call last):\n  File \"",
        "bridge_checks.py\", line 45, in fail\n    raise ValueError(message)\nValueError: from python",
        "(no Python traceback: the error did not come from a Python bridge module)",
    ] {
        assert!(text.contains(part), "{part:?} missing in:\n{text}");
    }
    assert!(
        !text.contains("mlpy_bridge_worker.py"),
        "the worker's own frames are left out:\n{text}"
    );
    let perfmon = &text[text.find("Module Performance Report").unwrap()..];
    assert!(perfmon.contains("│ database"), "{perfmon}");
    assert!(perfmon.contains("│ validation"), "{perfmon}");
}

#[test]
fn mlpy_run_grants_capabilities_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let program = dir.path().join("users.ml");
    std::fs::write(
        &program,
        "import database;\nconn = database.connect(\"users.db\");\n\
         database.execute(conn, \"CREATE TABLE t (x INTEGER)\");\n\
         database.execute(conn, \"INSERT INTO t VALUES (41), (1)\");\n\
         print(database.query(conn, \"SELECT SUM(x) AS s FROM t\"));\n",
    )
    .unwrap();
    let denied = mlpy_command(&["run", "users.ml"], dir.path())
        .output()
        .unwrap();
    assert_eq!(denied.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&denied.stderr)
        .contains("CapabilityError: capability 'database.connect' is not granted"));
    let mut granted = mlpy_command(&["run"], dir.path());
    for cap in ["database:connect", "database:read", "database:write"] {
        granted.args(["--grant", cap]);
    }
    let out = granted.arg("users.ml").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "[{'s': 42}]\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_bundled_example_program_runs_on_the_bundled_extensions() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mlpy"))
        .args(["run", "contacts.ml"])
        .current_dir(&examples)
        .env("MLPY_PYTHON", python())
        .output()
        .expect("run mlpy");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with(
            "ada@example.org: {'email_valid': true, 'phone_valid': true, 'both_valid': true}\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains(
        "sha256(\"abc\") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n"
    ));
    assert!(
        stdout.ends_with("a fresh id has 36 characters\n"),
        "{stdout}"
    );
}

/// A bridge module of a few lines, named `name`, whose text mentions
/// `compile` so that mlpy's eval check has to parse it.
fn write_tiny_module(dir: &Path, name: &str) {
    let source = format!(
        "import re\nfrom mlpy import ml_module\n\n@ml_module(\"{name}\")\nclass Tiny:\n    \
         def hello(self, who):\n        return re.compile(\"x\").pattern + who\n"
    );
    std::fs::write(dir.join(format!("{name}.py")), source).expect("write module");
}

/// One number after `label ` in `text`.
fn figure(text: &str, label: &str) -> f64 {
    let at = text
        .find(&format!("{label} "))
        .unwrap_or_else(|| panic!("{label} in {text}"));
    let rest = &text[at + label.len() + 1..];
    let end = rest.find([' ', '\n']).unwrap_or(rest.len());
    rest[..end]
        .parse()
        .unwrap_or_else(|_| panic!("{label} in {text}"))
}

#[test]
fn the_first_bridge_module_is_not_charged_the_shared_start_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ext = dir.path().join("ext");
    std::fs::create_dir(&ext).unwrap();
    write_tiny_module(&ext, "tiny_first");
    write_tiny_module(&ext, "tiny_second");
    let script = "import tiny_first\nimport tiny_second\n.perfmon\n\
        r = performance_report()\n\
        b = r.python_bridges\n\
        w = r.summary.python_worker\n\
        print(\"row_\" + b[0].name, b[0].memory, b[0].load_time)\n\
        print(\"row_\" + b[1].name, b[1].memory, b[1].load_time)\n\
        print(\"start\", w.start_ms, \"start_memory\", w.start_memory, \"starts\", w.starts)\n";
    let (code, text) = repl_session(&["repl", "-E", ext.to_str().unwrap()], dir.path(), script);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("- Python worker start: ")
            && text.contains("(shared by all bridge modules)\n- Python source checks: "),
        "{text}"
    );
    // The two modules differ only in their names: the first no longer
    // carries the check's `import ast` (it showed 267 KB against 5 KB).
    let (first, second) = (
        figure(&text, "row_tiny_first"),
        figure(&text, "row_tiny_second"),
    );
    assert!(first > 0.0 && second > 0.0, "{text}");
    assert!(first < second * 2.0 && second < first * 2.0, "{text}");
    assert!(figure(&text, "start_memory") > 1_000_000.0, "{text}");
    assert_eq!(figure(&text, "starts"), 1.0, "{text}");
}
