//! The module registry and layered configuration on real temporary folders:
//! configuration priority, JSON with comments and its errors, discovery,
//! lazy loading, the compile cache, cycles, and compiling from many threads.

mod common;

use mlpy::config::{self, CliOptions, Source};
use mlpy::lang::value::ModuleKind;
use mlpy::registry::ModuleRegistry;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, text).expect("write");
}

fn load_config(
    dir: &Path,
    cli: CliOptions,
    env: &[(&str, &str)],
) -> Result<config::Config, config::ConfigError> {
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    config::load(&cli, dir, &move |var| {
        env.iter().find(|(k, _)| k == var).map(|(_, v)| v.clone())
    })
}

#[test]
fn each_configuration_layer_overrides_the_ones_below() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    for d in [
        "ml_modules",
        "extensions",
        "env_ml",
        "env_py",
        "file_ml",
        "file_py",
        "flag_ml",
        "flag_py",
    ] {
        fs::create_dir_all(root.join(d)).expect("mkdir");
    }
    let env = [
        ("MLPY_ML_MODULE_PATHS", "env_ml"),
        ("MLPY_PYTHON_EXTENSION_PATHS", "env_py"),
    ];
    let flags = CliOptions {
        ml_paths: vec![PathBuf::from("flag_ml")],
        python_paths: vec![PathBuf::from("flag_py")],
        config_file: None,
    };

    let c = load_config(root, CliOptions::default(), &[]).expect("defaults");
    assert_eq!(c.ml_module_paths.value, vec![root.join("ml_modules")]);
    assert_eq!(c.ml_module_paths.source, Source::Default);
    assert_eq!(
        c.python_extension_paths.value,
        vec![root.join("extensions")]
    );

    let c = load_config(root, CliOptions::default(), &env).expect("env");
    assert_eq!(c.ml_module_paths.value, vec![root.join("env_ml")]);
    assert_eq!(c.python_extension_paths.source, Source::Environment);

    write(
        &root.join("mlpy.json"),
        r#"{"ml_module_paths": ["file_ml"], "python_extension_paths": ["file_py"]}"#,
    );
    let c = load_config(root, CliOptions::default(), &env).expect("file");
    assert_eq!(c.ml_module_paths.value, vec![root.join("file_ml")]);
    assert_eq!(c.python_extension_paths.value, vec![root.join("file_py")]);
    assert_eq!(c.ml_module_paths.source, Source::File);

    let c = load_config(root, flags, &env).expect("flags");
    assert_eq!(c.ml_module_paths.value, vec![root.join("flag_ml")]);
    assert_eq!(c.python_extension_paths.value, vec![root.join("flag_py")]);
    assert_eq!(c.python_extension_paths.source, Source::Flag);
}

#[test]
fn config_file_accepts_comments_and_trailing_commas() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        &dir.path().join("mlpy.json"),
        "{\n  // the project\n  \"project_name\": \"demo\", /* inline */\n  \"capabilities\": {\"file:read\": [\"data/*.json\",],},\n}\n",
    );
    let c = load_config(dir.path(), CliOptions::default(), &[]).expect("config");
    assert_eq!(c.project_name.value.as_deref(), Some("demo"));
    assert_eq!(
        c.capabilities.value.get("file.read"),
        Some(&vec!["data/*.json".to_string()])
    );
}

#[test]
fn config_errors_name_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("mlpy.json");
    write(
        &file,
        "{\n  \"project_name\": \"x\"\n  \"ml_module_paths\": []\n}",
    );
    let err = load_config(dir.path(), CliOptions::default(), &[]).unwrap_err();
    assert!(err.0.starts_with("mlpy.json:3:3: "), "{}", err.0);

    write(&file, "{\n  \"ml_module_paths\": \"not-a-list\"\n}");
    let err = load_config(dir.path(), CliOptions::default(), &[]).unwrap_err();
    assert_eq!(
        err.0,
        "mlpy.json:2:3: 'ml_module_paths' must be an array of strings"
    );

    write(&file, "{\"ml_modul_paths\": []}");
    let c = load_config(dir.path(), CliOptions::default(), &[]).expect("unknown key is a warning");
    assert!(
        c.warnings
            .iter()
            .any(|w| w.contains("unknown key 'ml_modul_paths'")
                && w.contains("did you mean 'ml_module_paths'")),
        "{:?}",
        c.warnings
    );
}

#[test]
fn missing_paths_warn_and_a_missing_config_file_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cli = CliOptions {
        ml_paths: vec![PathBuf::from("nowhere")],
        ..CliOptions::default()
    };
    let c = load_config(dir.path(), cli, &[]).expect("config");
    assert!(c.warnings.iter().any(|w| w.contains("does not exist")));
    let cli = CliOptions {
        config_file: Some(PathBuf::from("absent.json")),
        ..CliOptions::default()
    };
    assert!(load_config(dir.path(), cli, &[]).is_err());
}

#[test]
fn discovery_names_nested_modules_and_reports_bad_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ml = dir.path().join("ml");
    let low = dir.path().join("low");
    let py = dir.path().join("py");
    write(&ml.join("algorithms/graph/dijkstra.ml"), "x = 1;");
    write(&ml.join("data-processing.ml"), "x = 1;");
    write(&ml.join(".hidden/secret.ml"), "x = 1;");
    write(&ml.join("UserUtils.ml"), "x = 1;");
    write(&ml.join("shared.ml"), "x = 1;");
    write(&low.join("shared.ml"), "x = 2;");
    write(
        &py.join("tools.py"),
        "from mlpy import ml_module\n@ml_module(\"crypto_tools\")\nclass T: pass\n",
    );
    let registry = ModuleRegistry::new(vec![ml.clone(), low.clone()], vec![py]);
    let names: Vec<String> = registry
        .list(None)
        .iter()
        .map(|e| e.name.to_string())
        .collect();
    assert!(names.contains(&"algorithms.graph.dijkstra".to_string()));
    assert!(names.contains(&"UserUtils".to_string()));
    assert!(!names
        .iter()
        .any(|n| n.contains("secret") || n.contains("data")));
    assert!(names.contains(&"math".to_string()), "builtins are listed");
    let bridge = registry.get("crypto_tools").expect("bridge");
    assert_eq!(bridge.kind, ModuleKind::PythonBridge);
    let shared = registry.get("shared").expect("shared");
    assert_eq!(shared.path.as_deref(), Some(ml.join("shared.ml").as_path()));
    assert_eq!(shared.shadows, vec![low.join("shared.ml")]);
    let problems = registry.problems().join("\n");
    assert!(problems.contains("data-processing.ml"), "{problems}");
    assert!(problems.contains("unconventional"), "{problems}");
}

#[test]
fn compiled_code_is_cached_until_the_file_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("m.ml");
    write(&file, "function f() { return 1; }");
    let registry = ModuleRegistry::new(vec![dir.path().to_path_buf()], vec![]);
    let first = registry.compile("m").expect("compile");
    let again = registry.compile("m").expect("compile");
    assert!(Arc::ptr_eq(&first, &again));
    assert_eq!(registry.get("m").expect("entry").stats().compilations, 1);
    write(&file, "function f() { return 22; }");
    let changed = registry.compile("m").expect("recompile");
    assert!(!Arc::ptr_eq(&first, &changed));
    assert_eq!(registry.get("m").expect("entry").stats().compilations, 2);
}

#[test]
fn a_broken_module_breaks_nothing_until_imported() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("broken.ml"), "x = ;");
    write(&dir.path().join("fine.ml"), "y = 2;");
    let registry = ModuleRegistry::new(vec![dir.path().to_path_buf()], vec![]);
    assert!(registry.get("broken").is_some());
    assert!(registry.compile("fine").is_ok());
    let err = registry.compile("broken").unwrap_err();
    assert!(err.contains("broken.ml:1:5: SyntaxError"), "{err}");
}

#[test]
fn each_module_compiles_once_however_many_threads_ask() {
    let dir = tempfile::tempdir().expect("tempdir");
    let body: String = (0..200)
        .map(|i| format!("function f{i}(x) {{ return x + {i}; }}\n"))
        .collect();
    write(&dir.path().join("big.ml"), &body);
    let registry = Arc::new(ModuleRegistry::new(vec![dir.path().to_path_buf()], vec![]));
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let r = registry.clone();
            std::thread::spawn(move || r.compile("big").expect("compile"))
        })
        .collect();
    let chunks: Vec<_> = handles
        .into_iter()
        .map(|h| h.join().expect("thread"))
        .collect();
    assert!(chunks.windows(2).all(|w| Arc::ptr_eq(&w[0], &w[1])));
    assert_eq!(registry.get("big").expect("entry").stats().compilations, 1);
}

#[test]
fn refresh_finds_new_files_and_drops_deleted_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("old.ml"), "x = 1;");
    let registry = ModuleRegistry::new(vec![dir.path().to_path_buf()], vec![]);
    assert!(registry.get("old").is_some());
    write(&dir.path().join("new.ml"), "x = 1;");
    fs::remove_file(dir.path().join("old.ml")).expect("rm");
    registry.refresh();
    assert!(registry.get("new").is_some());
    let old = registry.get("old").expect("deleted modules stay listed");
    assert!(old.is_missing());
    assert!(registry.compile("old").unwrap_err().contains("deleted"));
}

fn run_in(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mlpy"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run mlpy")
}

#[test]
fn programs_import_ml_modules_through_the_registry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        &root.join("libs/utils/text.ml"),
        "function shout(s) { return s + \"!\"; }",
    );
    write(
        &root.join("libs/stats.ml"),
        "import utils.text;\nloads = 1;\nfunction mean(xs) { return sum(xs) / len(xs); }\nfunction label(x) { return utils.text.shout(str(x)); }",
    );
    write(
        &root.join("app/helper.ml"),
        "function twice(x) { return x * 2; }",
    );
    write(
        &root.join("app/main.ml"),
        "import stats;\nimport stats as s2;\nimport utils.text;\nimport helper;\nprint(stats.label(stats.mean([1, 2, 3])));\nprint(stats == s2, utils.text.shout(\"hi\"), helper.twice(4));\nprint(hasattr(stats, \"len\"), stats.loads);\n",
    );
    let out = run_in(root, &["run", "-M", "libs", "app/main.ml"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "2.0!\ntrue hi! 8\nfalse 1\n",
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn import_errors_name_the_cycle_the_file_and_close_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(&root.join("a.ml"), "import b;");
    write(&root.join("b.ml"), "import a;");
    write(&root.join("broken.ml"), "x = ;");
    write(&root.join("data_processing.ml"), "x = 1;");
    let cases = [
        ("import a;", "circular import: a -> b -> a"),
        ("import broken;", "broken.ml:1:5: SyntaxError"),
        ("import data_procesing;", "did you mean 'data_processing'?"),
    ];
    for (program, expected) in cases {
        write(&root.join("main.ml"), program);
        let out = run_in(root, &["run", "main.ml"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{program}: {stderr}");
        assert!(stderr.contains("ImportError"), "{program}: {stderr}");
        assert!(stderr.contains(expected), "{program}: {stderr}");
    }
}

#[test]
fn a_bad_config_file_stops_with_exit_code_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        &dir.path().join("mlpy.json"),
        "{ \"ml_module_paths\": [1] }",
    );
    write(&dir.path().join("main.ml"), "print(1);");
    let out = run_in(dir.path(), &["run", "main.ml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("mlpy.json:1:3:"));
    assert!(
        out.stdout.is_empty(),
        "nothing runs with a bad configuration"
    );
    let out = run_in(dir.path(), &["config", "-M", "."]);
    assert_eq!(out.status.code(), Some(2));
}

mod reload {
    use super::write;
    use mlpy::driver::SharedBuffer;
    use mlpy::lang::value::Globals;
    use mlpy::lang::vm::Vm;
    use mlpy::registry::loader::RegistryLoader;
    use mlpy::registry::ModuleRegistry;
    use std::rc::Rc;
    use std::sync::Arc;

    /// A VM with a registry over `dir` and a REPL-like global scope.
    struct Session {
        vm: Vm,
        globals: Rc<Globals>,
        out: SharedBuffer,
        registry: Arc<ModuleRegistry>,
    }

    impl Session {
        fn new(dir: &std::path::Path) -> Session {
            let out = SharedBuffer::default();
            let mut vm = Vm::with_output(Box::new(out.clone()));
            let registry = Arc::new(ModuleRegistry::new(vec![dir.to_path_buf()], vec![]));
            RegistryLoader::new(registry.clone()).install(&mut vm);
            Session {
                vm,
                globals: Rc::new(Globals::default()),
                out,
                registry,
            }
        }

        /// Run `code`; return what it printed (or the error message).
        fn run(&mut self, code: &str) -> String {
            super::common::run_captured(&mut self.vm, &self.globals, &self.out, code)
        }
    }

    #[test]
    fn reload_swaps_new_code_into_the_same_module() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a.ml");
        write(
            &a,
            "function f() { return 1; }\nfunction old() { return 0; }",
        );
        write(
            &dir.path().join("b.ml"),
            "import a;\nfunction g() { return a.f() * 10; }",
        );
        let mut s = Session::new(dir.path());
        assert_eq!(
            s.run("import a; import b; kept = a.f; print(a.f(), b.g());"),
            "1 10\n"
        );

        write(
            &a,
            "function f() { return 2; }\nfunction helper() { return 5; }",
        );
        let report = s.vm.reload("a").expect("reload");
        assert!(report.recompiled);
        // The prompt and the importing module both see the new code; a
        // function taken out before the reload keeps the old code.
        assert_eq!(
            s.run("print(a.f(), b.g(), a.helper(), kept());"),
            "2 20 5 1\n"
        );
        assert!(s.run("a.old();").contains("AttributeError"));
        assert_eq!(s.registry.get("a").expect("entry").stats().reloads, 1);
    }

    #[test]
    fn reload_frees_the_old_version_unless_something_still_uses_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a.ml");
        write(
            &a,
            "function f() { return g(); }\nfunction g() { return 1; }",
        );
        let mut s = Session::new(dir.path());
        s.run("import a;");
        let module = s.vm.loaded_module("a").expect("loaded");
        let first = Rc::downgrade(&module.globals.current());

        // Nothing outside the module holds its functions: the old globals
        // (in a cycle with their functions) are freed by the reload.
        write(
            &a,
            "function f() { return g() + 1; }\nfunction g() { return 1; }",
        );
        s.vm.reload("a").expect("reload");
        assert!(first.upgrade().is_none(), "the old version leaked");
        assert_eq!(s.run("print(a.f());"), "2\n");

        // A function taken out keeps its version, helpers included.
        let second = Rc::downgrade(&module.globals.current());
        s.run("kept = a.f;");
        write(&a, "function f() { return 30; }");
        s.vm.reload("a").expect("reload");
        assert!(second.upgrade().is_some(), "still used by `kept`");
        assert_eq!(s.run("print(kept(), a.f());"), "2 30\n");
    }

    #[test]
    fn a_failed_reload_keeps_the_old_version() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a.ml");
        write(&a, "function f() { return 1; }");
        let mut s = Session::new(dir.path());
        assert_eq!(s.run("import a; print(a.f());"), "1\n");

        write(&a, "function f() { return ; ");
        let err = s.vm.reload("a").unwrap_err();
        assert!(err.message().contains("a.ml:1:"), "{}", err.message());
        assert_eq!(s.run("print(a.f());"), "1\n");

        write(&a, "function f() { return 3; }\nthrow \"top level fails\";");
        let err = s.vm.reload("a").unwrap_err();
        assert!(err.message().contains("top level fails"));
        assert_eq!(s.run("print(a.f());"), "1\n");

        write(&a, "function f() { return 4; }");
        s.vm.reload("a").expect("fixed");
        assert_eq!(s.run("print(a.f());"), "4\n");
    }

    #[test]
    fn reload_of_an_unchanged_file_reuses_the_compiled_code() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(&dir.path().join("a.ml"), "n = 1;");
        let mut s = Session::new(dir.path());
        s.run("import a;");
        let report = s.vm.reload("a").expect("reload");
        assert!(!report.recompiled);
        assert_eq!(s.registry.get("a").expect("entry").stats().compilations, 1);
    }

    #[test]
    fn sites_that_read_a_module_many_times_see_the_reloaded_version() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a.ml");
        write(&a, "K = 1;\nfunction f(x) { return x + K; }");
        let mut s = Session::new(dir.path());
        // Each site in `hot` runs many times, so it has found `f` and `K`
        // before the reload.
        s.run(
            "import a; import math;\n\
             function hot() { t = 0; for (i in range(50)) { t = a.f(t) + a.K; } return t; }\n\
             function root() { r = 0; for (i in range(50)) { r = math.floor(2.5); } return r; }",
        );
        assert_eq!(s.run("print(hot(), root());"), "100 2\n");

        // The new version has other names first, so `f` and `K` are at
        // other slots, and the old globals are freed (nothing outside
        // holds them).
        write(
            &a,
            "p = 0;\nq = 0;\nfunction f(x) { return x + 100 + K; }\nK = 3;",
        );
        s.vm.reload("a").expect("reload");
        s.vm.reload("math").expect("reload math");
        assert_eq!(s.run("print(hot(), root());"), "5300 2\n");

        // A version without `K`: the same sites report it missing.
        write(&a, "function f(x) { return x; }");
        s.vm.reload("a").expect("reload");
        assert!(s
            .run("print(hot());")
            .contains("module 'a' has no member 'K'"));
    }

    #[test]
    fn reloading_a_builtin_module_gives_it_fresh_state() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut s = Session::new(dir.path());
        assert_eq!(s.run("import math; print(math.floor(2.5));"), "2\n");
        s.vm.reload("math").expect("reload math");
        assert_eq!(s.run("print(math.floor(3.5), typeof(math));"), "3 module\n");
    }
}

#[test]
fn reports_and_module_info_reflect_what_was_loaded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        &root.join("libs/util.ml"),
        "function double(x) { return 2 * x; }",
    );
    write(
        &root.join("libs/stats.ml"),
        "import util;\ndata = range(1000);\nfunction total() { return sum(data); }",
    );
    write(
        &root.join("main.ml"),
        r#"import stats;
info = module_info("stats");
print(info.type, info.loaded, info.functions, info.imports, info.importers);
print(module_info("util").importers, module_info("util").loaded, module_info("util").parameters);
print(info.load_time_ms >= 0, info.compile_time_ms >= 0, info.needs_recompilation);
r = performance_report();
names = [];
for (row in r.ml_sources) { names = names + [row.name]; }
print(sorted(names), r.summary.total_modules >= 2);
m = memory_report();
print(m.by_type.ml_sources.modules, m.total_memory > 16000);
print(module_info("nonexistent"));
"#,
    );
    let out = run_in(root, &["run", "-M", "libs", "main.ml"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "ml_source true ['total'] ['util'] ['<main>']\n['stats'] true {'double': ['x']}\ntrue true false\n['stats', 'util'] true\n2 true\nnull\n",
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn discovery_waits_for_the_first_question() {
    // Making a registry walks nothing, so `mlpy run` of a program that
    // imports no ML module never scans its folder; the first lookup does.
    let dir = tempfile::tempdir().expect("tempdir");
    let registry = ModuleRegistry::new(vec![dir.path().to_path_buf()], vec![]);
    write(&dir.path().join("late.ml"), "x = 1;");
    assert!(
        registry.get("late").is_some(),
        "written before the first lookup"
    );
    write(&dir.path().join("later.ml"), "x = 2;");
    assert!(registry.get("later").is_none(), "found only by a refresh");
    registry.refresh();
    assert!(registry.get("later").is_some());
}

#[test]
fn importing_a_builtin_walks_no_path_when_no_bridge_could_take_its_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let registry = ModuleRegistry::new(vec![dir.path().to_path_buf()], vec![]);
    assert!(registry.get("math").is_some());
    registry.record_import("<main>", "math");
    write(&dir.path().join("late.ml"), "x = 1;");
    // Had `math` or `<main>` started discovery, `late` would need a refresh.
    assert!(registry.get("late").is_some());
}
