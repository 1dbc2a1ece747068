//! Profiling through the real binary: `mlpy run --profile`,
//! `--profile-out` (folded stacks), `profile_report()` and the REPL's
//! `.profile`. Counts are asserted exactly; times only against each other
//! (never against a clock).

mod common;
use common::{repl_command, run_mlpy, LiveRepl, Outcome};
use std::path::Path;

const FIB: &str =
    "function fib(n) {\n    if (n < 2) { return n; }\n    return fib(n - 1) + fib(n - 2);\n}\n";

fn run_program(dir: &Path, source: &str, flags: &[&str]) -> Outcome {
    std::fs::write(dir.join("prog.ml"), source).expect("write program");
    let mut args = vec!["run"];
    args.extend_from_slice(flags);
    args.push("prog.ml");
    run_mlpy(dir, &args, "", &[])
}

/// The cells of the table row whose first cell is `name`.
fn table_row(table: &str, name: &str) -> Option<Vec<String>> {
    table.lines().find_map(|line| {
        let cells: Vec<String> = line
            .trim_matches('│')
            .split('┆')
            .map(|c| c.trim().to_string())
            .collect();
        (cells.first().map(String::as_str) == Some(name)).then_some(cells)
    })
}

/// Folded lines as (frames, weight); panics on a line that does not parse.
fn folded(text: &str) -> Vec<(Vec<String>, u64)> {
    text.lines()
        .map(|line| {
            let (stack, weight) = line.rsplit_once(' ').expect("stack and weight");
            let weight: u64 = weight.parse().expect("weight is a whole number");
            let frames: Vec<String> = stack.split(';').map(str::to_string).collect();
            assert!(frames.iter().all(|f| !f.is_empty()), "empty frame: {line}");
            assert!(weight > 0, "zero weight: {line}");
            (frames, weight)
        })
        .collect()
}

#[test]
fn recursive_fib_calls_are_counted_exactly_and_totals_not_double_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = format!(
        "{FIB}print(fib(20));\n\
         rows = {{}};\n\
         for (r in profile_report()) {{ rows[r.name] = r; }}\n\
         print(rows['fib'].calls);\n\
         print(rows['fib'].total_ms <= rows['<main>'].total_ms);\n\
         print(rows['fib'].self_ms <= rows['fib'].total_ms);\n"
    );
    let out = run_program(dir.path(), &source, &["--profile"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let (program, table) = out.stdout.split_once("Profile: ").expect("a table");
    assert_eq!(program, "6765\n21891\ntrue\ntrue\n");
    let fib = table_row(table, "fib").expect("a fib row");
    assert_eq!(fib[1], "21,891");
    let main = table_row(table, "<main>").expect("a <main> row");
    assert_eq!(main[1], "1");
    assert_eq!(
        table_row(table, "profile_report").expect("a native row")[1],
        "1"
    );
}

#[test]
fn folded_stacks_parse_and_follow_the_calls() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = format!(
        "{FIB}function work() {{\n    s = 0;\n    for (i in range(20000)) {{ s = s + i % 7; }}\n    return s + fib(12);\n}}\nprint(work());\n"
    );
    let out = run_program(dir.path(), &source, &["--profile-out", "out.folded"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        !out.stdout.contains("Profile:"),
        "no table without --profile"
    );
    let text = std::fs::read_to_string(dir.path().join("out.folded")).expect("folded file");
    let lines = folded(&text);
    assert!(
        lines.iter().all(|(frames, _)| frames[0] == "<main>"),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|(frames, _)| frames == &["<main>", "work"]),
        "{text}"
    );
    let distinct: std::collections::HashSet<_> = lines.iter().map(|(f, _)| f.clone()).collect();
    assert_eq!(distinct.len(), lines.len(), "one line per stack:\n{text}");
    // fib is only ever called from work (and itself).
    for (frames, _) in &lines {
        if let Some(at) = frames.iter().position(|f| f == "fib") {
            assert_eq!(frames[at - 1], "work", "{text}");
            assert!(frames[at..].iter().all(|f| f == "fib"), "{text}");
        }
    }
}

#[test]
fn frames_unwound_by_an_exception_are_closed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = "function thrower(n) {\n    if (n == 0) { throw 'deep'; }\n    return thrower(n - 1);\n}\n\
        function catcher() {\n    try { thrower(5); } except (e) { return 1; }\n    return 0;\n}\n\
        function after() {\n    s = 0;\n    for (i in range(20000)) { s = s + i; }\n    return s;\n}\n\
        t = 0;\nfor (i in range(10)) { t = t + catcher(); }\nprint(t, after());\n\
        rows = {};\nfor (r in profile_report()) { rows[r.name] = r; }\n\
        print(rows['thrower'].calls, rows['catcher'].calls, rows['after'].calls);\n\
        print(rows['thrower'].total_ms <= rows['catcher'].total_ms);\n";
    let out = run_program(dir.path(), source, &["--profile-out", "out.folded"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "10 199990000\n60 10 1\ntrue\n");
    let text = std::fs::read_to_string(dir.path().join("out.folded")).expect("folded file");
    let lines = folded(&text);
    assert!(
        lines
            .iter()
            .any(|(frames, _)| frames == &["<main>", "after"]),
        "after runs at the top level, not inside the unwound frames:\n{text}"
    );
    assert!(!text.contains("thrower;after") && !text.contains("catcher;after"));
}

#[test]
fn an_uncaught_error_still_reports_the_profile() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = "function f(n) { if (n == 0) { throw 'out'; } return f(n - 1); }\nf(3);\n";
    let out = run_program(dir.path(), source, &["--profile"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("out"), "{}", out.stderr);
    assert_eq!(table_row(&out.stdout, "f").expect("f row")[1], "4");
}

#[test]
fn natives_calling_back_into_ml_nest_their_callbacks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = "import functional;\nimport math;\n\
        total = 0;\nfor (k in range(3)) {\n    ys = functional.map(fn(x) => math.sqrt(x) + x, range(100));\n    total = total + len(ys);\n}\nprint(total);\n";
    let out = run_program(dir.path(), source, &["--profile", "--profile-out", "f.txt"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let table = out.stdout.split_once("Profile: ").expect("table").1;
    assert_eq!(table_row(table, "functional.map").expect("map")[1], "3");
    assert_eq!(table_row(table, "math.sqrt").expect("sqrt")[1], "300");
    assert_eq!(
        table_row(table, "<anonymous prog.ml:5>").expect("lambda")[1],
        "300"
    );
    let text = std::fs::read_to_string(dir.path().join("f.txt")).expect("folded file");
    for (frames, _) in folded(&text) {
        if frames.iter().any(|f| f == "math.sqrt") {
            assert_eq!(
                frames,
                [
                    "<main>",
                    "functional.map",
                    "<anonymous prog.ml:5>",
                    "math.sqrt"
                ]
            );
        }
    }
}

#[test]
fn module_functions_are_named_after_their_module() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("algorithms")).expect("mkdir");
    std::fs::write(
        dir.path().join("algorithms/sorting.ml"),
        "function quicksort(xs) { return sorted(xs); }\n",
    )
    .expect("write module");
    let source = "import algorithms.sorting;\nprint(algorithms.sorting.quicksort([3, 1, 2]));\n";
    let out = run_program(dir.path(), source, &["--profile"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        table_row(&out.stdout, "algorithms.sorting.quicksort").expect("row")[1],
        "1"
    );
    assert!(
        table_row(&out.stdout, "algorithms.sorting.<module>").is_some(),
        "{}",
        out.stdout
    );
}

#[test]
fn an_unwritable_profile_file_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("taken")).expect("mkdir");
    let out = run_program(dir.path(), "print(1);\n", &["--profile-out", "taken"]);
    assert_eq!(out.stdout, "1\n");
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("cannot write profile to taken"),
        "{}",
        out.stderr
    );
}

#[test]
fn profile_report_is_empty_without_a_profile() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run_program(dir.path(), "print(profile_report());\n", &[]);
    assert_eq!(out.stdout, "[]\n");
}

fn repl(dir: &Path) -> LiveRepl {
    LiveRepl::spawn(repl_command(dir))
}

#[test]
fn dot_profile_runs_one_input_and_prints_the_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut session = repl(dir.path());
    session.write(&FIB.replace('\n', " "));
    let lines = session.send(".profile fib(15)", "└");
    assert!(lines.iter().any(|l| l == "=> 610"), "{lines:?}");
    let table = lines.join("\n");
    assert_eq!(table_row(&table, "fib").expect("fib row")[1], "1,973");
    // Off again: the next input is not recorded, and `.profile` alone
    // shows the last table.
    session.send("fib(5)", "=> 5");
    let again = session.send(".profile", "└").join("\n");
    assert_eq!(table_row(&again, "fib").expect("fib row")[1], "1,973");
    let rows = session.send("len(profile_report()) > 0", "=>");
    assert_eq!(rows.last().map(String::as_str), Some("=> true"));
}

#[test]
fn a_reloaded_function_gets_a_row_per_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let module = dir.path().join("m.ml");
    std::fs::write(&module, "function f() { return 1; }\n").expect("write module");
    let mut session = repl(dir.path());
    session.send("import m; m.f()", "=> 1");
    session.send(".profile on", "Profiling on");
    session.send("m.f()", "=> 1");
    std::fs::write(&module, "function f() { return 2; }\n").expect("rewrite module");
    session.write(".reload m");
    session.send("m.f() + m.f()", "=> 4");
    let table = session.send(".profile off", "└").join("\n");
    assert_eq!(table_row(&table, "m.f").expect("first version")[1], "1");
    assert_eq!(
        table_row(&table, "m.f (v2)").expect("second version")[1],
        "2"
    );
    assert_eq!(table_row(&table, "<main>").expect("inputs")[1], "2");
    let lines = session.send(".profile off", "not on");
    assert!(lines.iter().any(|l| l.contains("Profiling is not on")));
}
