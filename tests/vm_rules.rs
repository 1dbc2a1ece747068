//! The VM's control-flow rules, one small program each: `finally` on every
//! exit path (spec 3.12), closures and scope (3.8, 3.9), the recursion limit
//! and tracebacks. Programs run in-process through `driver::run_capture`,
//! except the two that probe for crashes, which run the real binary so that
//! a stack overflow kills a child process rather than the test harness.

use mlpy::driver::{run_capture, Failure};
use std::process::Command;

/// Run `src`, require that it finishes without an error, return its stdout.
fn run_ok(src: &str) -> String {
    let (out, failure) = run_capture("test.ml", src);
    if let Some(f) = failure {
        panic!("unexpected failure: {}\n--- stdout:\n{out}", f.message());
    }
    out
}

/// Run `src`, require an uncaught runtime error; return stdout and the
/// rendered error.
fn run_err(src: &str) -> (String, String) {
    let (out, failure) = run_capture("test.ml", src);
    let Some(f) = failure else {
        panic!("expected an uncaught error\n--- stdout:\n{out}");
    };
    assert!(
        matches!(f, Failure::Runtime(_)),
        "expected a runtime error, got: {}",
        f.message()
    );
    assert_eq!(f.exit_code(), 1);
    (out, f.message().to_string())
}

// ----- finally on every exit path -----

#[test]
fn finally_runs_on_normal_exit() {
    let out = run_ok(
        r#"
try { print("body"); } finally { print("finally"); }
print("after");
"#,
    );
    assert_eq!(out, "body\nfinally\nafter\n");
}

#[test]
fn finally_runs_on_return_and_keeps_the_value() {
    let out = run_ok(
        r#"
function f() { try { return "value"; } finally { print("finally"); } }
print(f());
"#,
    );
    assert_eq!(out, "finally\nvalue\n");
}

#[test]
fn return_value_is_computed_before_finally_runs() {
    let out = run_ok(
        r#"
function f() { x = 1; try { return x; } finally { x = 2; } }
print(f());
"#,
    );
    assert_eq!(out, "1\n");
}

#[test]
fn finally_runs_on_break() {
    let out = run_ok(
        r#"
for (x in [1, 2, 3]) {
    try { if (x == 2) { break; } print("body", x); } finally { print("finally", x); }
}
print("after", x);
"#,
    );
    assert_eq!(out, "body 1\nfinally 1\nfinally 2\nafter 2\n");
}

#[test]
fn finally_runs_on_continue() {
    let out = run_ok(
        r#"
i = 0;
while (i < 3) {
    i = i + 1;
    try { if (i == 2) { continue; } print("body", i); } finally { print("finally", i); }
}
"#,
    );
    assert_eq!(out, "body 1\nfinally 1\nfinally 2\nbody 3\nfinally 3\n");
}

#[test]
fn finally_runs_after_a_caught_error() {
    let out = run_ok(
        r#"
try { print("body"); throw "boom"; print("unreached"); }
except (e) { print("caught", e); }
finally { print("finally"); }
print("after");
"#,
    );
    assert_eq!(out, "body\ncaught boom\nfinally\nafter\n");
}

#[test]
fn uncaught_error_propagates_after_finally_ran() {
    let (out, err) = run_err(
        r#"
try { print("body"); x = [1][5]; } finally { print("finally"); }
print("unreached");
"#,
    );
    assert_eq!(out, "body\nfinally\n");
    assert!(
        err.starts_with("Error: IndexError: "),
        "wrong error rendered: {err}"
    );
}

#[test]
fn error_through_finally_is_catchable_outside_unchanged() {
    let out = run_ok(
        r#"
function f() { try { throw {type: "Custom", message: "m", code: 7}; } finally { print("finally"); } }
try { f(); } except (e) { print(e.type, e.message, e.code); }
"#,
    );
    assert_eq!(out, "finally\nCustom m 7\n");
}

#[test]
fn return_in_finally_overrides_a_returned_value() {
    let out = run_ok(
        r#"
function f() { try { return "a"; } finally { return "b"; } }
print(f());
"#,
    );
    assert_eq!(out, "b\n");
}

#[test]
fn return_in_finally_swallows_an_error() {
    let out = run_ok(
        r#"
function f() { try { throw "boom"; } finally { return "swallowed"; } }
function g() { try { x = {}["k"]; } except (e) { throw e; } finally { return "also"; } }
print(f(), g());
"#,
    );
    assert_eq!(out, "swallowed also\n");
}

#[test]
fn throw_in_finally_replaces_the_pending_outcome() {
    let out = run_ok(
        r#"
function f() { try { return "value"; } finally { throw "from finally"; } }
function g() { try { throw "first"; } finally { throw "second"; } }
try { f(); } except (e) { print(e); }
try { g(); } except (e) { print(e); }
"#,
    );
    assert_eq!(out, "from finally\nsecond\n");
}

#[test]
fn break_in_finally_cancels_a_return() {
    let out = run_ok(
        r#"
function f() {
    for (x in [1, 2, 3]) { try { return x; } finally { break; } }
    return "after loop";
}
print(f());
"#,
    );
    assert_eq!(out, "after loop\n");
}

#[test]
fn continue_in_finally_cancels_an_error() {
    let out = run_ok(
        r#"
seen = [];
for (x in [1, 2, 3]) {
    try { throw "e" + x; } finally { seen = seen + [x]; continue; }
}
print(seen);
"#,
    );
    assert_eq!(out, "[1, 2, 3]\n");
}

#[test]
fn break_in_finally_targets_the_loop_around_the_try() {
    let out = run_ok(
        r#"
for (outer in [1, 2]) {
    try {
        for (inner in [1, 2, 3]) { print(outer, inner); }
    } finally {
        print("finally", outer);
        break;
    }
}
print("done");
"#,
    );
    assert_eq!(out, "1 1\n1 2\n1 3\nfinally 1\ndone\n");
}

#[test]
fn nested_finally_blocks_run_inner_first() {
    let out = run_ok(
        r#"
function f() {
    try {
        try { return "r"; } finally { print("inner"); }
    } finally { print("outer"); }
}
print(f());
try {
    try { throw "x"; } finally { print("inner2"); }
} except (e) { print("caught", e); } finally { print("outer2"); }
for (i in [1]) {
    try { try { break; } finally { print("inner3"); } } finally { print("outer3"); }
}
"#,
    );
    assert_eq!(
        out,
        "inner\nouter\nr\ninner2\ncaught x\nouter2\ninner3\nouter3\n"
    );
}

#[test]
fn error_in_except_runs_finally_then_propagates() {
    let out = run_ok(
        r#"
function f() {
    try { throw "first"; }
    except (e) { print("handler", e); throw {type: "Second", message: "from handler"}; }
    finally { print("finally"); }
    print("unreached");
}
try { f(); } except (e) { print("outside", e.type, e.message); }
"#,
    );
    assert_eq!(out, "handler first\nfinally\noutside Second from handler\n");
}

#[test]
fn uncaught_error_in_except_is_reported_after_finally() {
    let (out, err) = run_err(
        r#"
try { throw "first"; } except (e) { throw "second"; } finally { print("finally"); }
"#,
    );
    assert_eq!(out, "finally\n");
    assert!(
        err.starts_with("Error: Error: second"),
        "wrong error rendered: {err}"
    );
}

#[test]
fn rethrow_keeps_type_message_and_payload() {
    let out = run_ok(
        r#"
try {
    try { throw {type: "MyError", message: "m", code: 5}; } except (e) { throw e; }
} except (e2) { print(e2.type, e2.message, e2.code, typeof(e2)); }
try {
    try { x = [1][9]; } except (e) { throw e; }
} except (e2) { print(e2.type, e2.message); }
"#,
    );
    assert_eq!(
        out,
        "MyError m 5 error\nIndexError array index out of range\n"
    );
}

#[test]
fn try_in_a_loop_with_continue_in_except() {
    let out = run_ok(
        r#"
ok = [];
for (x in [1, 0, 2, 0, 4]) {
    try { r = 4 / x; } except (e) { print("skip", e.type); continue; }
    ok = ok + [r];
}
print(ok);
"#,
    );
    assert_eq!(
        out,
        "skip ZeroDivisionError\nskip ZeroDivisionError\n[4.0, 2.0, 1.0]\n"
    );
}

#[test]
fn returning_out_of_loops_and_trys_keeps_the_stack_balanced() {
    let out = run_ok(
        r#"
function find(xs, want) {
    try {
        for (x in xs) {
            try { if (x == want) { return x * 10; } } finally { probe = x; }
        }
    } finally { cleaned = true; }
    return -1;
}
function guarded(xs) {
    try { for (x in xs) { if (x == 2) { return x; } } } except (e) { return "stale"; }
    return 0;
}
total = 0;
i = 0;
while (i < 1000) {
    total = total + find([1, 2, 3], 2) + guarded([1, 2, 3]);
    i = i + 1;
}
print(total);
print(1 + 2 * 3, [10, 20, 30][1], sum([1, 2, 3]), max(4, 9, 2));
try { x = [][0]; } except (e) { print("caught", e.type); }
"#,
    );
    assert_eq!(out, "22000\n7 20 6 9\ncaught IndexError\n");
}

#[test]
fn no_stale_handler_after_returning_from_try() {
    let (out, err) = run_err(
        r#"
function k() { try { return 1; } except (e) { print("stale handler ran"); } }
for (i in range(100)) { k(); }
x = null.field;
"#,
    );
    assert_eq!(out, "");
    assert!(err.starts_with("Error: AttributeError: "), "got: {err}");
}

#[test]
fn errors_cross_function_frames() {
    let out = run_ok(
        r#"
function a() { return b() + 1; }
function b() { return c() + 1; }
function c() { return {}["missing"]; }
try { a(); } except (e) { print(e.type); }
print(a == a, 1 + 1);
"#,
    );
    assert_eq!(out, "KeyError\ntrue 2\n");
}

#[test]
fn errors_cross_native_callbacks() {
    let out = run_ok(
        r#"
import functional;
try {
    functional.map(fn(x) => x == 2 ? [1][5] : x, [1, 2, 3]);
} except (e) { print("caught", e.type); }
function check(x) { if (x == 3) { throw {type: "Custom", message: "three"}; } return true; }
try { functional.filter(check, [1, 2, 3, 4]); } except (e) { print(e.type, e.message); }
caught = 0;
for (k in range(5)) {
    try { functional.forEach(fn(x) => x / 0, [k]); } except (e) { caught = caught + 1; }
}
print(caught);
print(functional.map(fn(x) => x * 2, [1, 2, 3]));
print(functional.reduce(fn(a, b) => a + b, [1, 2, 3], 0));
"#,
    );
    assert_eq!(out, "caught IndexError\nCustom three\n5\n[2, 4, 6]\n6\n");
}

// ----- closures and scope -----

#[test]
fn closures_in_a_loop_bind_late() {
    let out = run_ok(
        r#"
fs = [];
for (i in range(3)) { fs = fs + [fn() => i]; }
print(fs[0](), fs[1](), fs[2]());
function inside() {
    gs = [];
    j = 0;
    while (j < 3) { gs = gs + [fn() => j]; j = j + 1; }
    return [gs[0](), gs[2]()];
}
print(inside());
"#,
    );
    assert_eq!(out, "2 2 2\n[3, 3]\n");
}

#[test]
fn two_closures_from_one_call_share_variables() {
    let out = run_ok(
        r#"
function counter() {
    n = 0;
    function inc() { nonlocal n; n = n + 1; return n; }
    function get() { return n; }
    return {inc: inc, get: get};
}
c = counter();
c.inc(); c.inc();
print(c.get());
"#,
    );
    assert_eq!(out, "2\n");
}

#[test]
fn closures_from_two_calls_are_independent() {
    let out = run_ok(
        r#"
function counter() {
    n = 0;
    return fn() => { nonlocal n; n = n + 1; return n; };
}
a = counter();
b = counter();
a(); a(); a();
print(a(), b());
"#,
    );
    assert_eq!(out, "4 1\n");
}

#[test]
fn nonlocal_binds_the_nearest_enclosing_function() {
    let out = run_ok(
        r#"
function outer() {
    v = "outer";
    function middle() {
        v = "middle";
        function inner() { nonlocal v; v = "inner"; }
        inner();
        return v;
    }
    m = middle();
    return [v, m];
}
print(outer());
function skip() {
    w = "outer";
    function mid() { function inner() { nonlocal w; w = "changed"; } inner(); }
    mid();
    return w;
}
print(skip());
"#,
    );
    assert_eq!(out, "['outer', 'inner']\nchanged\n");
}

#[test]
fn nonlocal_falls_back_to_the_module_global() {
    let out = run_ok(
        r#"
g = 10;
function setg() { nonlocal g; g = g + 5; }
setg();
setg();
print(g);
"#,
    );
    assert_eq!(out, "20\n");
}

#[test]
fn reading_a_local_before_assignment_is_a_name_error() {
    let out = run_ok(
        r#"
z = "global";
function f() { r = z; z = "local"; return r; }
try { f(); } except (e) { print(e.type); print(e.message); }
"#,
    );
    assert_eq!(
        out,
        "NameError\nlocal variable 'z' referenced before assignment\n"
    );
}

#[test]
fn uncaught_unbound_local_names_the_variable() {
    let (_, err) = run_err(
        r#"
function f() { print(y); y = 1; }
f();
"#,
    );
    assert!(
        err.contains("NameError") && err.contains("'y' referenced before assignment"),
        "got: {err}"
    );
}

#[test]
fn named_function_expression_recurses_through_its_own_name() {
    let out = run_ok(
        r#"
fact = function f(n) { return n <= 1 ? 1 : n * f(n - 1); };
saved = fact;
fact = null;
print(saved(5));
f = "outer f untouched";
print(saved(3), f);
"#,
    );
    assert_eq!(out, "120\n6 outer f untouched\n");
}

#[test]
fn closures_capture_parameters() {
    let out = run_ok(
        r#"
function adder(x) { return fn(y) => x + y; }
add3 = adder(3);
add10 = adder(10);
print(add3(4), add10(4));
function bump(p) { function inc() { nonlocal p; p = p + 1; } inc(); inc(); return p; }
print(bump(5));
"#,
    );
    assert_eq!(out, "7 14\n7\n");
}

#[test]
fn three_level_closure_chain_through_a_middle_level() {
    let out = run_ok(
        r#"
function level1() {
    v = "deep";
    function level2() {
        function level3() { return v; }
        return level3;
    }
    f = level2();
    v = "late";
    return f;
}
print(level1()());
"#,
    );
    assert_eq!(out, "late\n");
}

#[test]
fn closure_sees_assignment_made_after_its_creation() {
    let out = run_ok(
        r#"
function f() { g = fn() => later; later = 42; return g(); }
print(f());
"#,
    );
    assert_eq!(out, "42\n");
}

#[test]
fn except_binding_and_loop_variable_can_be_captured() {
    let out = run_ok(
        r#"
function f() {
    try { throw "E1"; } except (e) { g = fn() => e.message; }
    hs = [];
    for (c in "ab") { hs = hs + [fn() => c]; }
    return [g(), hs[0](), hs[1]()];
}
print(f());
"#,
    );
    assert_eq!(out, "['E1', 'b', 'b']\n");
}

// ----- recursion -----

#[test]
fn recursion_limit_is_a_catchable_recursion_error() {
    let out = run_ok(
        r#"
function down(n) { return down(n + 1); }
try { down(0); } except (e) { print(e.type); }
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
print(fib(15));
try { down(0); } except (e) { print(e.type); }
print(fib(10));
"#,
    );
    assert_eq!(out, "RecursionError\n610\nRecursionError\n55\n");
}

#[test]
fn recursion_5000_deep_succeeds() {
    let out = run_ok(
        r#"
function depth(n) { return n == 0 ? 0 : 1 + depth(n - 1); }
print(depth(5000));
"#,
    );
    assert_eq!(out, "5000\n");
}

#[test]
fn mutual_recursion_with_functions_declared_later() {
    let out = run_ok(
        r#"
function is_even(n) { return n == 0 ? true : is_odd(n - 1); }
function is_odd(n) { return n == 0 ? false : is_even(n - 1); }
print(is_even(10), is_odd(7), is_even(301));
"#,
    );
    assert_eq!(out, "true true false\n");
}

// ----- tracebacks -----

#[test]
fn traceback_lists_frames_outermost_first() {
    let (out, err) = run_err(
        r#"function a() { b(); }
function b() {
    c();
}
function c() { x = null; return x.y; }
print("start");
a();
"#,
    );
    assert_eq!(out, "start\n");
    let at: Vec<&str> = err
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("at "))
        .collect();
    let lines: Vec<&str> = at
        .iter()
        .map(|l| {
            let loc = l.split_whitespace().next().unwrap_or("");
            let mut parts = loc.splitn(3, ':');
            assert_eq!(parts.next(), Some("test.ml"), "bad frame line: {l}");
            parts.next().unwrap_or("")
        })
        .collect();
    assert_eq!(lines, ["7", "1", "3", "5"], "traceback was:\n{err}");
    assert!(
        err.starts_with("Error: AttributeError: "),
        "wrong header: {err}"
    );
}

#[test]
fn traceback_survives_a_finally_on_the_way_out() {
    // Spec 3.12: the error propagates after `finally` ran; it is the same
    // error, so its traceback should still start where it was raised.
    let (out, err) = run_err(
        r#"function inner() { return [][1]; }
function outer() {
    try { inner(); } finally { print("finally"); }
}
outer();
"#,
    );
    assert_eq!(out, "finally\n");
    let frames: Vec<&str> = err.lines().filter(|l| l.contains("at test.ml:")).collect();
    assert_eq!(frames.len(), 3, "traceback was:\n{err}");
    assert!(frames[2].contains("test.ml:1:"), "traceback was:\n{err}");
}

// ----- fused instructions keep the operators' meaning -----

#[test]
fn subtracting_a_constant_inside_a_function_is_still_subtraction() {
    // `x - k` on a local is compiled to a fused instruction; it must not
    // turn into `x + (-k)` (string concatenation, `-0.0 + 0`).
    let out = run_ok(
        r#"
function minus_one(x) { return x - 1; }
function minus_zero(x) { y = x - 0; return y; }
function dec(x) { x = x - 1; return x; }
for (v in ["s", "", [1], null]) {
    try { print(minus_one(v)); } except (e) { print(e.type, e.message); }
}
try { print(dec("t")); } except (e) { print(e.type, e.message); }
print(minus_zero(-0.0), minus_one(2.5), dec(true));
"#,
    );
    assert_eq!(
        out,
        "TypeError unsupported operand types for -: 'string' and 'number'\n\
         TypeError unsupported operand types for -: 'string' and 'number'\n\
         TypeError unsupported operand types for -: 'array' and 'number'\n\
         TypeError unsupported operand types for -: 'null' and 'number'\n\
         TypeError unsupported operand types for -: 'string' and 'number'\n\
         -0.0 1.5 0\n"
    );
}

// ----- crash probes (real binary) -----

fn run_binary(source: &str, name: &str) -> std::process::Output {
    let dir = std::env::temp_dir().join(format!("mlpy-vm-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create temp dir");
    let file = dir.join(name);
    std::fs::write(&file, source).expect("write program");
    let output = Command::new(env!("CARGO_BIN_EXE_mlpy"))
        .arg("run")
        .arg(&file)
        .output()
        .expect("run mlpy");
    let _ = std::fs::remove_file(&file);
    output
}

#[test]
fn deeply_nested_parentheses_are_a_syntax_error_not_a_crash() {
    let n = 100_000;
    let source = format!("x = {}1{};\n", "(".repeat(n), ")".repeat(n));
    let output = run_binary(&source, "parens.ml");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr:.500}");
    assert!(!stderr.contains("panicked"), "stderr: {stderr:.500}");
    assert!(output.stdout.is_empty());
}

#[test]
fn deeply_nested_array_is_built_and_dropped_without_crashing() {
    let source = r#"
a = [];
i = 0;
while (i < 100000) { a = [a]; i = i + 1; }
print(len(a));
"#;
    let output = run_binary(source, "deep_array.ml");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr: {stderr:.500}");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "1\n");
}

// ----- crash probes (in-process, on an ordinary thread) -----

/// Set in the child copy of this test binary that `in_child_process` starts.
const CHILD_ENV: &str = "MLPY_VM_RULES_CHILD";

/// Run `body` in a child copy of this test binary, on a thread with an
/// ordinary 2 MiB stack (what `cargo test` threads and most embedders get,
/// unlike the 1 GiB thread of `mlpy run`). A stack overflow aborts the whole
/// process, so running it in a child fails only this test.
fn in_child_process(test_name: &str, body: fn()) {
    if std::env::var_os(CHILD_ENV).is_some() {
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(body)
            .expect("spawn thread")
            .join()
            .expect("body panicked");
        return;
    }
    let output = Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", test_name, "--test-threads=1", "--nocapture"])
        .env(CHILD_ENV, "1")
        .output()
        .expect("run child test");
    assert!(
        output.status.success(),
        "child test {test_name} failed ({:?}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn run_capture_drops_a_deeply_nested_array_on_a_small_stack() {
    in_child_process(
        "run_capture_drops_a_deeply_nested_array_on_a_small_stack",
        || {
            let out =
                run_ok("a = []; i = 0; while (i < 100000) { a = [a]; i = i + 1; } print(len(a));");
            assert_eq!(out, "1\n");
        },
    );
}

#[test]
fn run_capture_reports_native_reentrant_recursion_on_a_small_stack() {
    // ML calls do not recurse on the Rust stack, but a callback given to a
    // native does; the depth limit has to trip before the stack runs out.
    in_child_process(
        "run_capture_reports_native_reentrant_recursion_on_a_small_stack",
        || {
            let out = run_ok(
                r#"
import functional;
function rec(n) { return functional.map(fn(x) => rec(x + 1), [n]); }
try { rec(0); } except (e) { print(e.type); }
"#,
            );
            assert_eq!(out, "RecursionError\n");
        },
    );
}

#[test]
fn arithmetic_stored_into_a_local_keeps_meaning_and_aliases() {
    // `s = s + t` appends in place when nothing else holds `s`; that must
    // not change another variable holding the same string or array, and a
    // failing operation leaves the target as it was.
    let out = run_ok(
        r#"
function f() {
    s = "ab"; t = s; u = "c";
    s = s + u;
    a = [1]; b = a; c = [2];
    a = a + c;
    n = 5; m = 2;
    q = n / m; d = n - m; p = n * 2.5;
    k = n;
    try { k = n - "x"; } except (e) { print(e.type, e.message); }
    w = "w";
    w = w + str(n) + "!";
    return [s, t, a, b, q, d, p, k, w];
}
print(f());
function g() { y = 1; y = y + zz_undefined; return y; }
try { g(); } except (e) { print(e.type); }
"#,
    );
    assert_eq!(
        out,
        "TypeError unsupported operand types for -: 'number' and 'string'\n\
         ['abc', 'ab', [1, 2], [1], 2.5, 3, 12.5, 5, 'w5!']\n\
         NameError\n"
    );
}
