//! Watch-mode speed: the time from saving a module file to its new code
//! answering at the prompt, as a user sees it — the save (temporary file
//! renamed over the module, as editors do), the wait for the file to settle
//! (the debounce window), recompiling, reloading the module and its
//! dependents, and running the input; and `.reload base --deps` by hand
//! for comparison. A plain harness (`cargo bench
//! --bench watch`): each measurement is repeated and the median printed.

mod common;

use common::{median, time};
use mlpy::config::{self, CliOptions};
use mlpy::repl::session::Session;
use std::path::Path;
use std::time::{Duration, Instant};

/// A module of 16 functions with loops and branches whose `version()`
/// returns `version`.
fn module(version: usize) -> String {
    let mut out = format!("function version() {{ return {version}; }}\n");
    for f in 0..16 {
        out.push_str(&format!(
            "function f{f}(items, limit) {{\n    total = 0;\n    for (x in items) {{\n        if (x > limit) {{\n            total = total + x * {f};\n        }} else {{\n            total = total - 1;\n        }}\n    }}\n    return total;\n}}\n"
        ));
    }
    out
}

fn save(path: &Path, text: &str) {
    let temp = path.with_extension("ml.tmp~");
    std::fs::write(&temp, text).expect("write");
    std::fs::rename(&temp, path).expect("rename");
}

/// Save version `version`, then run inputs until one sees it; the time
/// from the save to that answer. `settle` is slept (untimed) between save
/// and input, to measure the reload without the debounce wait.
fn save_to_answer(
    session: &mut Session,
    path: &Path,
    version: usize,
    settle: Duration,
) -> Duration {
    let expected = format!("=> {version}");
    let started = Instant::now();
    save(path, &module(version));
    let pause_started = Instant::now();
    std::thread::sleep(settle);
    let paused = pause_started.elapsed();
    loop {
        let notes = session.before_input();
        assert!(!notes.contains("not reloaded"), "{notes}");
        if session.eval("base.version();") == expected {
            return started.elapsed() - paused;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "version {version} never answered"
        );
    }
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = dir.path().join("base.ml");
    std::fs::write(&base, module(0)).expect("write");
    // Two modules import the saved one and are re-run with it.
    for user in ["left", "right"] {
        std::fs::write(
            dir.path().join(format!("{user}.ml")),
            "import base;\nfirst = base.version();\n",
        )
        .expect("write");
    }
    let cli = CliOptions {
        ml_paths: vec![dir.path().to_path_buf()],
        python_paths: vec![],
        config_file: None,
    };
    let config = config::load(&cli, dir.path(), &|_| None).expect("config");
    let mut session = Session::new(config, &[]);
    let started = session.set_watch(true);
    assert!(started.starts_with("Watching"), "{started}");
    session.handle("import base; import left; import right;");

    let mut version = 0;
    let mut run = |settle: Duration, runs: usize| -> Duration {
        median(
            (0..runs)
                .map(|_| {
                    version += 1;
                    save_to_answer(&mut session, &base, version, settle)
                })
                .collect(),
        )
    };
    let immediate = run(Duration::ZERO, 31);
    println!(
        "save -> new code answers, input right after the save (debounce included): {:>7.2} ms",
        immediate.as_secs_f64() * 1e3
    );
    let settled = run(Duration::from_millis(120), 15);
    println!(
        "save -> new code answers, input after the file settled (reload work only): {:>7.2} ms",
        settled.as_secs_f64() * 1e3
    );

    let by_hand = time(31, || session.handle(".reload base --deps"));
    println!(
        ".reload base --deps (unchanged file, 2 dependents):                          {:>7.2} ms",
        by_hand.as_secs_f64() * 1e3
    );
}
