//! REPL speed: start to first prompt (`mlpy repl` reading `.exit` from a
//! pipe, process start to exit), rendering `.modules` over 10,000
//! discovered modules, and `.vars` / `=>` of huge values. A plain harness (`cargo bench --bench repl`); each
//! measurement is repeated and the median printed.

mod common;

use common::time;
use mlpy::config::{self, CliOptions};
use mlpy::repl::session::Session;
use std::io::Write;
use std::process::{Command, Stdio};

/// `echo .exit | mlpy repl`, whole process.
fn start_to_exit(dir: &std::path::Path) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mlpy"))
        .arg("repl")
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start mlpy");
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(b".exit\n");
    }
    let _ = child.wait();
}

fn generate_tree(root: &std::path::Path, modules: usize) {
    for i in 0..modules {
        let dir = root.join(format!("pkg{}", i / 100));
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join(format!("m{i}.ml")), "x = 1;\n").expect("write");
    }
}

fn main() {
    let empty = tempfile::tempdir().expect("tempdir");
    let t = time(21, || start_to_exit(empty.path()));
    println!("start to first prompt (echo .exit | mlpy repl): {t:.2?}");

    let dir = tempfile::tempdir().expect("tempdir");
    generate_tree(dir.path(), 10_000);
    let cli = CliOptions {
        ml_paths: vec![dir.path().to_path_buf()],
        python_paths: vec![],
        config_file: None,
    };
    let config = config::load(&cli, dir.path(), &|_| None).expect("config");
    let mut session = Session::new(config, &[]);
    session.handle("import pkg0.m0");
    let t = time(9, || session.handle(".modules"));
    println!(".modules over 10,000 modules: {t:.2?}");

    // Values are formatted only as far as they are shown.
    session.handle("big = range(20000000)");
    let t = time(11, || session.handle(".vars"));
    println!(".vars with a 20,000,000-element array: {t:.2?}");
    let t = time(11, || session.handle("big"));
    println!("echo of a 20,000,000-element array: {t:.2?}");
    session.handle("o = {}; for (i in range(3000)) { o[\"k\" + str(i)] = i; }");
    let t = time(11, || session.handle("o"));
    println!("echo of a 3,000-key object: {t:.2?}");
}
