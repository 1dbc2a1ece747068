//! The operand stack's invariants. A frame's stack room is reserved when the
//! frame is entered (its locals plus the compiler's maximum operand depth)
//! and the dispatch loop then pushes without capacity checks, so these
//! programs stress exactly the places where that room could be miscounted:
//! very deep expressions, errors thrown with many operands pending, natives
//! that call back into ML while the caller's operands wait, and the stack
//! moving to a bigger buffer while frames below hold operands. The test
//! build keeps the VM's debug assertions on, so a miscount fails loudly.

use mlpy::driver::run_capture;

fn run_ok(src: &str) -> String {
    let (out, failure) = run_capture("test.ml", src);
    if let Some(f) = failure {
        panic!("unexpected failure: {}\n--- stdout:\n{out}", f.message());
    }
    out
}

/// `[1, 2, ..., n]` written out as a literal: n operands at once.
fn array_literal(n: usize) -> String {
    let items: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
    format!("[{}]", items.join(", "))
}

#[test]
fn a_literal_with_thousands_of_operands_in_a_called_function() {
    let src = format!(
        "function build() {{ return {}; }}\n\
         a = build();\n\
         print(len(a), a[0], a[2999]);\n",
        array_literal(3000)
    );
    assert_eq!(run_ok(&src), "3000 1 3000\n");
}

#[test]
fn deep_operand_stacks_in_every_frame_of_a_recursion() {
    // Each level holds a long literal's operands while it recurses from
    // inside it, so the stack buffer grows (and moves) many times with
    // operands pending in every frame below.
    let src = format!(
        "function f(n) {{\n\
             if (n == 0) {{ return 0; }}\n\
             a = [{}, f(n - 1)];\n\
             return a[200] + 1;\n\
         }}\n\
         print(f(500));\n",
        (1..=200)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    assert_eq!(run_ok(&src), "500\n");
}

#[test]
fn nested_calls_as_arguments_keep_every_pending_operand() {
    let src = r#"
function add3(a, b, c) { return a + b + c; }
function g(n) { return n <= 0 ? 1 : add3(n, g(n - 1), add3(1, g(n - 2), 1)); }
print(g(12));
print([1, [2, [3, [4, [5, [6, g(3)]]]]]]);
"#;
    // g(n) = n + g(n-1) + g(n-2) + 2 with g(<=0) = 1.
    let mut g = vec![1i64, 1];
    for n in 1..=12i64 {
        let i = (n + 1) as usize;
        g.push(n + g[i - 1] + g[i - 2] + 2);
    }
    let expected = format!("{}\n[1, [2, [3, [4, [5, [6, {}]]]]]]\n", g[13], g[4]);
    assert_eq!(run_ok(src), expected);
}

#[test]
fn an_error_thrown_with_a_full_operand_stack_is_caught_and_the_frame_goes_on() {
    let src = format!(
        "function boom(k) {{ if (k > 2) {{ throw {{type: \"Boom\", message: str(k)}}; }} return k; }}\n\
         function f() {{\n\
             total = 0;\n\
             for (k in range(5)) {{\n\
                 try {{ a = [{}, boom(k)]; total = total + a[300]; }}\n\
                 except (e) {{ total = total + 100; }}\n\
             }}\n\
             return [1, 2, total][2];\n\
         }}\n\
         print(f());\n",
        (1..=300).map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
    );
    // k = 0, 1, 2 add k; k = 3, 4 throw and add 100 each.
    assert_eq!(run_ok(&src), "203\n");
}

#[test]
fn an_error_unwinding_many_frames_with_operands_pending() {
    let src = r#"
function down(n) {
    if (n == 0) { throw {type: "Bottom", message: "reached"}; }
    return [n, n, n, down(n - 1)];
}
try { down(2000); } except (e) { print(e.type, e.message); }
print([1, 2, 3]);
"#;
    assert_eq!(run_ok(src), "Bottom reached\n[1, 2, 3]\n");
}

#[test]
fn a_native_calling_back_into_ml_while_the_caller_has_operands() {
    let src = format!(
        "import functional;\n\
         function inner(x) {{ return [{}, x * 2][100]; }}\n\
         function outer() {{\n\
             return [1, 2, 3, functional.map(inner, [1, 2, 3]), functional.reduce(fn(a, b) => a + inner(b), [1, 2], 0)];\n\
         }}\n\
         print(outer());\n",
        (1..=100).map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
    );
    assert_eq!(run_ok(&src), "[1, 2, 3, [2, 4, 6], 6]\n");
}

#[test]
fn a_native_callback_that_throws_leaves_the_callers_operands_intact() {
    let src = r#"
import functional;
function risky(x) { if (x == 2) { throw {type: "Two", message: "no"}; } return x; }
function f() {
    r = [];
    for (k in range(3)) {
        try { r.append([k, k, functional.map(risky, [k, k + 1])]); }
        except (e) { r.append(e.type); }
    }
    return r;
}
print(f());
"#;
    assert_eq!(run_ok(src), "[[0, 0, [0, 1]], 'Two', 'Two']\n");
}
