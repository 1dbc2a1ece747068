//! Compiled code is packed into 8-byte instructions: fused instructions
//! keep their slots in 16 bits, some constants in 16 bits and the
//! three-operand compare-and-branch jumps in 16 bits. These programs go past
//! each of those limits, where the compiler must fall back to the unfused
//! instructions, and check that they still compute the right thing (a
//! truncated operand would read the wrong variable or jump to the wrong
//! place).

mod common;

use mlpy::driver::run_capture;

fn run_ok(src: &str) -> String {
    let (out, failure) = run_capture("test.ml", src);
    if let Some(f) = failure {
        panic!("unexpected failure: {}\n--- stdout:\n{out}", f.message());
    }
    out
}

/// `n` statements `vI = I;`, making `n` locals inside a function.
fn many_locals(n: usize) -> String {
    (0..n).map(|i| format!("v{i} = {i};\n")).collect()
}

#[test]
fn locals_beyond_sixteen_bits_in_fusable_patterns() {
    let n = 70_000;
    let last = n - 1;
    let before = n - 2;
    let src = format!(
        "function f() {{\n{}\
         a = [10, 20, 30];\n\
         v{last} = 0;\n\
         v{before} = 2;\n\
         count = 0;\n\
         while (v{last} < 5) {{ v{last} = v{last} + 1; count = count + 1; }}\n\
         while (v{before} > v{last}) {{ count = count + 100; }}\n\
         d = v{last} - 3;\n\
         v{last} = 1;\n\
         item = a[v{last}];\n\
         a[v{before}] = v{last} + 40;\n\
         o = {{k: v{before}}};\n\
         v{last} = o;\n\
         v{last}.k = v{last}.k + 5;\n\
         return [count, d, item, a, o.k, v5, v{}];\n\
         }}\n\
         print(f());\n",
        many_locals(n - 1),
        n - 3
    );
    assert_eq!(
        run_ok(&src),
        format!("[5, 2, 20, [10, 20, 41], 7, 5, {}]\n", n - 3)
    );
}

#[test]
fn constants_beyond_sixteen_bits_in_compare_and_branch() {
    let src = "function f(limit) {\n\
               i = 32760;\n\
               steps = 0;\n\
               while (i < 32768) { i = i + 1; steps = steps + 1; }\n\
               j = -40000;\n\
               while (j <= -39998) { j = j + 1; steps = steps + 10; }\n\
               k = 100000;\n\
               if (k > 70000) { steps = steps + 1000; }\n\
               if (k >= 100001) { steps = steps + 100000; }\n\
               if (limit < 40000) { steps = steps + 10000; }\n\
               return [i, j, steps];\n\
               }\n\
               print(f(39999), f(40000));\n";
    assert_eq!(
        run_ok(src),
        "[32768, -39997, 11038] [32768, -39997, 1038]\n"
    );
}

/// A branch whose body is more than 65,535 instructions long, so the jump
/// past it cannot be a 16-bit target.
fn long_body(statements: usize) -> String {
    "x = x + 1;\n".repeat(statements)
}

#[test]
fn jumps_past_more_than_sixteen_bits_of_code() {
    let body = long_body(70_000);
    let src = format!(
        "function f(i, limit) {{\n\
         x = 0;\n\
         if (i < 10) {{\n{body}}}\n\
         if (i < limit) {{\n{body}}}\n\
         return x;\n\
         }}\n\
         print(f(5, 6), f(5, 5), f(20, 30), f(20, 3));\n"
    );
    assert_eq!(run_ok(&src), "140000 70000 70000 0\n");
}

#[test]
fn jumps_past_more_than_sixteen_bits_of_top_level_code() {
    let body = long_body(70_000);
    let src = format!(
        "function run(i, limit) {{ x = 0; if (i < limit) {{ x = 1; }} return x; }}\n\
         i = 3;\n\
         x = 0;\n\
         if (i < 10) {{\n{body}}}\n\
         print(x, run(1, 2));\n"
    );
    assert_eq!(run_ok(&src), "70000 1\n");
}

#[test]
fn errors_in_big_functions_point_at_the_right_line() {
    let filler = long_body(70_000);
    let src = format!(
        "function f(i) {{\n\
         x = 0;\n\
         if (i < 10) {{\n{filler}}}\n\
         return x + undefined_name;\n\
         }}\n\
         f(1);\n"
    );
    let (_, failure) = run_capture("test.ml", &src);
    let failure = failure.expect("the program fails");
    let message = failure.message();
    let line = 70_000 + 5;
    assert!(
        message.contains(&format!("test.ml:{line}:")),
        "expected line {line} in: {message}"
    );
    assert!(message.contains("undefined_name"), "{message}");
}

fn compiled_bytes(src: &str) -> usize {
    let program = mlpy::lang::parser::parse(src).expect("parses");
    let file = mlpy::lang::diagnostics::SourceFile::new("test.ml", src);
    let chunk = mlpy::lang::compiler::compile(&program, file, &[], false).expect("compiles");
    chunk.memory_bytes()
}

#[test]
fn the_estimate_counts_a_shared_string_once() {
    let long = "k".repeat(4000);
    let function = |i: usize| format!("function f{i}(o) {{ return o.{long} + \"{long}\"; }}\n");
    let one = compiled_bytes(&function(0));
    let two = compiled_bytes(&(function(0) + &function(1)));
    let extra = two - one;
    // The second function holds its own code and constant table, but the
    // 4000-byte name is the same allocation as the first one's.
    assert!(extra > 100, "a function costs something: {extra}");
    assert!(extra < 1000, "the long string was counted again: {extra}");
    assert!(one > 4000, "the string is counted once: {one}");
}

#[test]
fn check_compiles_without_running_and_reports_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = "function f(x) { return x + 1; }\nprint(\"ran\");\n";
    std::fs::write(dir.path().join("good.ml"), good).expect("write");
    std::fs::write(dir.path().join("bad.ml"), "x = 1;\ny = (2 + ;\n").expect("write");
    let ok = common::run_mlpy(dir.path(), &["check", "good.ml"], "", &[]);
    assert_eq!((ok.code, ok.stdout.as_str()), (0, "good.ml: ok\n"));
    let failed = common::run_mlpy(dir.path(), &["check", "bad.ml"], "", &[]);
    assert_ne!(failed.code, 0);
    assert!(failed.stderr.contains("bad.ml:2:"), "{}", failed.stderr);
    assert_eq!(failed.stdout, "");
}

#[test]
fn for_loop_whose_body_is_longer_than_sixteen_bits() {
    // The loop's exit is a fused `ForLoopTo` target unless the body is too
    // long for its 16-bit jump; then the function is compiled without it.
    let body = long_body(70_000);
    let src = format!(
        "function f(items) {{\n\
         x = 0;\n\
         for (v in items) {{\n{body} x = x + v; }}\n\
         for (i in range(2)) {{\n{body}}}\n\
         return x;\n\
         }}\n\
         print(f([1, 2]));\n"
    );
    assert_eq!(run_ok(&src), "280003\n");
}

#[test]
fn fused_loads_regrouped_for_element_stores_and_compares() {
    // `a[j] = t` pushes t, a, j: the store fuses with the last two loads,
    // not the first two. Also `while (true)` and `for` over a local.
    let src = "function f() {\n\
               a = [5, 6, 7];\n\
               t = 9; j = 2; i = 0;\n\
               a[j] = t;\n\
               k = t - a[i];\n\
               n = 0;\n\
               while (true) { n = n + 1; if (n > 3) { break; } }\n\
               s = 0;\n\
               for (x in a) { if (k + x > j) { s = s + x; } }\n\
               return [a, k, n, s];\n\
               }\n\
               print(f());\n";
    assert_eq!(run_ok(src), "[[5, 6, 9], 4, 4, 20]\n");
}
