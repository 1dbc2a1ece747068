//! Parser tests. They go through [`parse`] only, so they pin the grammar and
//! the error messages rather than the parser's internals.

use super::parse;
use crate::lang::ast::{
    BinOp, Expr, ExprKind, FuncBody, FuncDef, LogicOp, Name, Program, Span, Stmt, StmtKind, Target,
    UnaryOp,
};
use crate::lang::diagnostics::Diagnostic;

// -- A compact S-expression view of the tree, so shape tests read as data.

fn show(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Int(n) => n.to_string(),
        ExprKind::Float(x) => format!("{x:?}"),
        ExprKind::Str(s) => format!("{s:?}"),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Null => "null".to_string(),
        ExprKind::Name(n) => n.to_string(),
        ExprKind::Array(items) => format!("[{}]", show_all(items, ", ")),
        ExprKind::Object(props) => {
            let props: Vec<_> = props
                .iter()
                .map(|(k, v)| format!("{k}: {}", show(v)))
                .collect();
            format!("{{{}}}", props.join(", "))
        }
        ExprKind::Function(def) => show_function("fn", def),
        ExprKind::Unary(op, e) => {
            let op = if *op == UnaryOp::Neg { "-" } else { "!" };
            format!("({op} {})", show(e))
        }
        ExprKind::Binary(op, l, r) => format!("({} {} {})", binop_text(*op), show(l), show(r)),
        ExprKind::Logic(op, l, r) => {
            let op = if *op == LogicOp::And { "&&" } else { "||" };
            format!("({op} {} {})", show(l), show(r))
        }
        ExprKind::Ternary {
            cond,
            then,
            otherwise,
        } => format!("(? {} {} {})", show(cond), show(then), show(otherwise)),
        ExprKind::Call { callee, args } if args.is_empty() => {
            format!("(call {})", show(callee))
        }
        ExprKind::Call { callee, args } => {
            format!("(call {} {})", show(callee), show_all(args, " "))
        }
        ExprKind::Index { object, index } => {
            format!("(index {} {})", show(object), show(index))
        }
        ExprKind::Slice {
            object,
            start,
            end,
            step,
        } => show_slice(object, start.as_deref(), end.as_deref(), step.as_deref()),
        ExprKind::Member { object, name } => format!("(. {} {name})", show(object)),
    }
}

fn binop_text(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mul => "*",
        BinOp::Div => "/",
        BinOp::FloorDiv => "//",
        BinOp::Mod => "%",
        BinOp::Eq => "==",
        BinOp::Ne => "!=",
        BinOp::Lt => "<",
        BinOp::Gt => ">",
        BinOp::Le => "<=",
        BinOp::Ge => ">=",
    }
}

fn show_slice(
    object: &Expr,
    start: Option<&Expr>,
    end: Option<&Expr>,
    step: Option<&Expr>,
) -> String {
    let part = |e: Option<&Expr>| e.map_or("_".to_string(), show);
    format!(
        "(slice {} {} {} {})",
        show(object),
        part(start),
        part(end),
        part(step)
    )
}

fn show_all(items: &[Expr], sep: &str) -> String {
    items.iter().map(show).collect::<Vec<_>>().join(sep)
}

fn show_function(keyword: &str, def: &FuncDef) -> String {
    let name = def
        .name
        .as_deref()
        .map(|n| format!(" {n}"))
        .unwrap_or_default();
    let params: Vec<_> = def.params.iter().map(|(n, _)| n.to_string()).collect();
    let body = match &def.body {
        FuncBody::Block(stmts) => show_block(stmts),
        FuncBody::Expr(e) => show(e),
    };
    format!("({keyword}{name} ({}) {body})", params.join(" "))
}

fn show_block(stmts: &[Stmt]) -> String {
    format!(
        "{{{}}}",
        stmts.iter().map(show_stmt).collect::<Vec<_>>().join(" ")
    )
}

fn show_target(t: &Target) -> String {
    match t {
        Target::Name(n, _) => n.to_string(),
        Target::Index { object, index } => format!("(index {} {})", show(object), show(index)),
        Target::Slice {
            object,
            start,
            end,
            step,
        } => show_slice(object, start.as_deref(), end.as_deref(), step.as_deref()),
        Target::Member { object, name } => format!("(. {} {name})", show(object)),
    }
}

fn names(names: &[(Name, Span)]) -> String {
    names
        .iter()
        .map(|(n, _)| n.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

fn show_stmt(s: &Stmt) -> String {
    match &s.kind {
        StmtKind::Import { path, alias } => {
            let alias = alias
                .as_deref()
                .map(|a| format!(" as {a}"))
                .unwrap_or_default();
            format!("(import {}{alias})", path.join("."))
        }
        StmtKind::Capability { name, items } => {
            let items: Vec<_> = items
                .iter()
                .map(|i| {
                    format!(
                        " {}{}",
                        i.kind,
                        i.value
                            .as_ref()
                            .map(|v| format!(" {v:?}"))
                            .unwrap_or_default()
                    )
                })
                .collect();
            format!("(capability {name}{})", items.concat())
        }
        StmtKind::FuncDecl(def) => show_function("function", def),
        StmtKind::If {
            branches,
            else_body,
        } => {
            let branches: Vec<_> = branches
                .iter()
                .map(|(c, b)| format!("{} {}", show(c), show_block(b)))
                .collect();
            let else_body = else_body
                .as_ref()
                .map(|b| format!(" else {}", show_block(b)))
                .unwrap_or_default();
            format!("(if {}{else_body})", branches.join(" elif "))
        }
        StmtKind::While { cond, body } => {
            format!("(while {} {})", show(cond), show_block(body))
        }
        StmtKind::For {
            var, iter, body, ..
        } => format!("(for {var} {} {})", show(iter), show_block(body)),
        StmtKind::Try {
            body,
            excepts,
            finally,
        } => {
            let mut out = format!("(try {}", show_block(body));
            for clause in excepts {
                let name = clause
                    .name
                    .as_ref()
                    .map(|(n, _)| format!(" {n}"))
                    .unwrap_or_default();
                out += &format!(" except{name} {}", show_block(&clause.body));
            }
            if let Some(f) = finally {
                out += &format!(" finally {}", show_block(f));
            }
            out + ")"
        }
        StmtKind::Return(None) => "(return)".to_string(),
        StmtKind::Return(Some(e)) => format!("(return {})", show(e)),
        StmtKind::Break => "(break)".to_string(),
        StmtKind::Continue => "(continue)".to_string(),
        StmtKind::Throw(e) => format!("(throw {})", show(e)),
        StmtKind::Nonlocal(ns) => format!("(nonlocal {})", ns.join(" ")),
        StmtKind::DestructureArray { names: ns, value } => {
            format!("([{}] = {})", names(ns), show(value))
        }
        StmtKind::DestructureObject { names: ns, value } => {
            format!("({{{}}} = {})", names(ns), show(value))
        }
        StmtKind::Assign { target, value } => {
            format!("(= {} {})", show_target(target), show(value))
        }
        StmtKind::Expr(e) => show(e),
        StmtKind::Empty => ";".to_string(),
    }
}

fn parse_ok(src: &str) -> Program {
    match parse(src) {
        Ok(program) => program,
        Err(e) => panic!("{src:?} failed to parse: {} at {:?}", e.message, e.span),
    }
}

/// The shape of every statement of `src`.
fn shape(src: &str) -> String {
    parse_ok(src)
        .items
        .iter()
        .map(show_stmt)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The shape of one expression.
fn expr(src: &str) -> String {
    shape(&format!("{src};"))
}

fn parse_err(src: &str) -> Diagnostic {
    match parse(src) {
        Ok(p) => panic!(
            "{src:?} parsed but should not: {:?}",
            p.items.iter().map(show_stmt).collect::<Vec<_>>()
        ),
        Err(e) => e,
    }
}

/// Error message plus the source text its span starts at (up to 8 chars),
/// which is easier to check than offsets.
fn error_at(src: &str) -> (String, String, bool) {
    let e = parse_err(src);
    let at: String = src[e.span.start as usize..].chars().take(8).collect();
    (e.message, at, e.incomplete)
}

fn first_expr(src: &str) -> Expr {
    match parse_ok(src).items.into_iter().next().map(|s| s.kind) {
        Some(StmtKind::Expr(e)) => e,
        other => panic!("not an expression statement: {other:?}"),
    }
}

// -- Shapes.

#[test]
fn precedence_follows_the_table() {
    assert_eq!(expr("1 + 2 * 3"), "(+ 1 (* 2 3))");
    assert_eq!(expr("1 * 2 + 3"), "(+ (* 1 2) 3)");
    assert_eq!(expr("a - b - c"), "(- (- a b) c)");
    assert_eq!(expr("a / b // c % d"), "(% (// (/ a b) c) d)");
    assert_eq!(expr("a || b && c"), "(|| a (&& b c))");
    assert_eq!(expr("a && b || c && d"), "(|| (&& a b) (&& c d))");
    assert_eq!(expr("a == b < c + d"), "(== a (< b (+ c d)))");
    assert_eq!(expr("a < b < c"), "(< (< a b) c)");
    assert_eq!(expr("a != b == c"), "(== (!= a b) c)");
    assert_eq!(expr("a <= b >= c > d"), "(> (>= (<= a b) c) d)");
    assert_eq!(expr("(1 + 2) * 3"), "(* (+ 1 2) 3)");
}

#[test]
fn unary_binds_tighter_than_binary_and_looser_than_postfix() {
    assert_eq!(expr("-a.b"), "(- (. a b))");
    assert_eq!(expr("!a == b"), "(== (! a) b)");
    assert_eq!(expr("- -x"), "(- (- x))");
    assert_eq!(expr("!f(x)[0]"), "(! (index (call f x) 0))");
    assert_eq!(expr("-2 * 3"), "(* (- 2) 3)");
    assert_eq!(expr("a - -b"), "(- a (- b))");
}

#[test]
fn ternary_is_right_associative_with_an_or_condition() {
    assert_eq!(expr("a ? b : c ? d : e"), "(? a b (? c d e))");
    assert_eq!(expr("a ? b ? c : d : e"), "(? a (? b c d) e)");
    assert_eq!(expr("a || b ? c + 1 : d"), "(? (|| a b) (+ c 1) d)");
    assert_eq!(expr("1 + (c ? 2 : 3)"), "(+ 1 (? c 2 3))");
    assert_eq!(expr("x = c ? 1 : 2"), "(= x (? c 1 2))");
}

#[test]
fn postfix_chains_apply_to_any_expression() {
    assert_eq!(expr("f(1)(2)"), "(call (call f 1) 2)");
    assert_eq!(expr("arr[0](5)"), "(call (index arr 0) 5)");
    assert_eq!(expr("(fn(x) => x)(1)"), "(call (fn (x) x) 1)");
    assert_eq!(expr("a.b.c(1, 2).d"), "(. (call (. (. a b) c) 1 2) d)");
    assert_eq!(expr("f()"), "(call f)");
    assert_eq!(expr("'abc'.upper()"), "(call (. \"abc\" upper))");
}

#[test]
fn keywords_are_names_after_dot_and_as_keys() {
    assert_eq!(expr("o.if.return"), "(. (. o if) return)");
    assert_eq!(
        expr("{if: 1, in: 2, 'a b': 3, resource: 4}"),
        "{if: 1, in: 2, a b: 3, resource: 4}"
    );
}

#[test]
fn literals() {
    assert_eq!(
        expr("[1, 2.5, 'x', true, false, null, undefined]"),
        "[1, 2.5, \"x\", true, false, null, null]"
    );
    assert_eq!(expr("[]"), "[]");
    assert_eq!(expr("{}"), "{}");
    assert_eq!(expr("[1, 2,]"), "[1, 2]");
    assert_eq!(expr("{a: 1, b: [2],}"), "{a: 1, b: [2]}");
    assert_eq!(expr("{a: {b: {}}}"), "{a: {b: {}}}");
}

#[test]
fn slices_have_optional_parts() {
    assert_eq!(expr("a[1]"), "(index a 1)");
    assert_eq!(expr("a[1:2]"), "(slice a 1 2 _)");
    assert_eq!(expr("a[:]"), "(slice a _ _ _)");
    assert_eq!(expr("a[::]"), "(slice a _ _ _)");
    assert_eq!(expr("a[1:]"), "(slice a 1 _ _)");
    assert_eq!(expr("a[:-1]"), "(slice a _ (- 1) _)");
    assert_eq!(expr("a[::2]"), "(slice a _ _ 2)");
    assert_eq!(expr("a[1:2:3]"), "(slice a 1 2 3)");
    assert_eq!(expr("a[:n:-1]"), "(slice a _ n (- 1))");
}

#[test]
fn arrow_body_brace_rule() {
    assert_eq!(expr("fn() => {}"), "(fn () {})");
    assert_eq!(expr("fn(p) => {x: p}"), "(fn (p) {x: p})");
    assert_eq!(expr("fn(p) => {'x': p}"), "(fn (p) {x: p})");
    assert_eq!(expr("fn(p) => {if: p}"), "(fn (p) {if: p})");
    assert_eq!(
        expr("fn(x) => { return x * 2; }"),
        "(fn (x) {(return (* x 2))})"
    );
    assert_eq!(expr("fn(x) => { x; }"), "(fn (x) {x})");
    assert_eq!(expr("fn() => { }"), "(fn () {})");
}

#[test]
fn arrow_body_extends_as_far_right_as_possible() {
    assert_eq!(expr("fn(x) => x + 1"), "(fn (x) (+ x 1))");
    assert_eq!(expr("fn(x) => x ? 1 : 2"), "(fn (x) (? x 1 2))");
    assert_eq!(expr("fn(x) => fn(y) => x + y"), "(fn (x) (fn (y) (+ x y)))");
    assert_eq!(
        expr("map(fn(x) => x * 2, xs)"),
        "(call map (fn (x) (* x 2)) xs)"
    );
    assert_eq!(expr("c ? fn() => 1 : 2"), "(? c (fn () 1) 2)");
    assert_eq!(expr("1 + fn() => 2 + 3"), "(+ 1 (fn () (+ 2 3)))");
}

#[test]
fn function_declarations_and_expressions() {
    assert_eq!(
        shape("function f(a, b) { return a + b; }"),
        "(function f (a b) {(return (+ a b))})"
    );
    assert_eq!(shape("function(a) { return a; };"), "(fn (a) {(return a)})");
    assert_eq!(shape("function (a) {}(1);"), "(call (fn (a) {}) 1)");
    assert_eq!(
        expr("g = function fact(n) { return fact(n - 1); }"),
        "(= g (fn fact (n) {(return (call fact (- n 1)))}))"
    );
    assert_eq!(
        expr("reduce(xs, function(acc, x) { t = acc + x; return t; }, 0)"),
        "(call reduce xs (fn (acc x) {(= t (+ acc x)) (return t)}) 0)"
    );
    // Annotations are parsed and ignored.
    assert_eq!(
        shape("function f(x: number, y: any) {}"),
        "(function f (x y) {})"
    );
    assert_eq!(expr("fn(x: int) => x"), "(fn (x) x)");
}

#[test]
fn if_chains_accept_elif_and_else_if() {
    assert_eq!(shape("if (a) { x; }"), "(if a {x})");
    assert_eq!(
        shape("if (a) { x; } elif (b) { y; } else if (c) { z; } else { w; }"),
        "(if a {x} elif b {y} elif c {z} else {w})"
    );
    assert_eq!(
        shape("if (a) {} else { if (b) {} }"),
        "(if a {} else {(if b {})})"
    );
}

#[test]
fn loops_try_and_simple_statements() {
    assert_eq!(
        shape("while (i < 3) { i = i + 1; }"),
        "(while (< i 3) {(= i (+ i 1))})"
    );
    assert_eq!(
        shape("for (x in range(3)) { break; continue; }"),
        "(for x (call range 3) {(break) (continue)})"
    );
    assert_eq!(shape("try { a; }"), "(try {a})");
    assert_eq!(
        shape("try { a; } except (e) { b; } except { c; } finally { d; }"),
        "(try {a} except e {b} except {c} finally {d})"
    );
    assert_eq!(shape("try {} finally {}"), "(try {} finally {})");
    assert_eq!(
        shape("function f() { return; return 1; nonlocal a, b; }"),
        "(function f () {(return) (return 1) (nonlocal a b)})"
    );
    assert_eq!(
        shape("throw {message: 'x'}; throw 'text'; throw e;"),
        "(throw {message: \"x\"}) (throw \"text\") (throw e)"
    );
    assert_eq!(shape(";;x;"), "; ; x");
}

#[test]
fn destructuring_versus_literals() {
    assert_eq!(shape("[a, b] = [b, a];"), "([a b] = [b, a])");
    assert_eq!(shape("{x, y} = obj;"), "({x y} = obj)");
    assert_eq!(shape("[a] = f();"), "([a] = (call f))");
    assert_eq!(shape("{a: 1};"), "{a: 1}");
    assert_eq!(shape("{};"), "{}");
    assert_eq!(shape("[a, b];"), "[a, b]");
    assert_eq!(shape("[a, b] == c;"), "(== [a, b] c)");
    assert_eq!(shape("[a][0] = 1;"), "(= (index [a] 0) 1)");
}

#[test]
fn assignment_targets() {
    assert_eq!(shape("x = 1;"), "(= x 1)");
    assert_eq!(shape("a.b.c = 1;"), "(= (. (. a b) c) 1)");
    assert_eq!(shape("a[i][j] = 1;"), "(= (index (index a i) j) 1)");
    assert_eq!(shape("f().x = 1;"), "(= (. (call f) x) 1)");
    assert_eq!(shape("a[1:3] = [7, 8];"), "(= (slice a 1 3 _) [7, 8])");
    assert_eq!(shape("a[::2] = b;"), "(= (slice a _ _ 2) b)");
    assert_eq!(shape("o.if = 1;"), "(= (. o if) 1)");
}

#[test]
fn imports_and_capabilities_at_top_level() {
    assert_eq!(shape("import math;"), "(import math)");
    assert_eq!(shape("import a.b.c as x;"), "(import a.b.c as x)");
    assert_eq!(
        shape("capability FileAccess { resource \"data/*\"; allow read \"*.json\"; allow write; }"),
        "(capability FileAccess resource \"data/*\" read \"*.json\" write)"
    );
    assert_eq!(
        shape("x = 1; import m; y = 2;"),
        "(= x 1) (import m) (= y 2)"
    );
    // The capability words are ordinary names elsewhere.
    assert_eq!(
        shape("read = allow + resource;"),
        "(= read (+ allow resource))"
    );
}

#[test]
fn floor_division_and_comments_in_context() {
    assert_eq!(shape("x = a // b;"), "(= x (// a b))");
    assert_eq!(shape("x = 1; // c\ny = 2;"), "(= x 1) (= y 2)");
    assert_eq!(shape("if (a) { b; } // note\n"), "(if a {b})");
    assert_eq!(shape("x = [1, 2 // two\n];"), "(= x [1, (// 2 two)])");
    assert_eq!(shape("p = '(\\\\d{2})';"), "(= p \"(\\\\d{2})\")");
}

// -- Spans.

#[test]
fn spans_cover_their_constructs() {
    let src = "(a + b) * f(x)[0].y;";
    let e = first_expr(src);
    assert_eq!(e.span, Span::new(0, 19));
    let ExprKind::Binary(_, left, right) = &e.kind else {
        panic!()
    };
    assert_eq!(left.span, Span::new(0, 7));
    assert_eq!(right.span, Span::new(10, 19));
    let ExprKind::Member { object, .. } = &right.kind else {
        panic!()
    };
    assert_eq!(object.span, Span::new(10, 17));
    let ExprKind::Index { object, .. } = &object.kind else {
        panic!()
    };
    assert_eq!(object.span, Span::new(10, 14));

    let program = parse_ok("  x = -1;\nif (c) { y; } else { z; }");
    assert_eq!(program.items[0].span, Span::new(2, 9));
    assert_eq!(program.items[1].span, Span::new(10, 35));
    assert_eq!(first_expr("c ? 1 : 2;").span, Span::new(0, 9));
    assert_eq!(first_expr("fn(x) => x + 1;").span, Span::new(0, 14));
    assert_eq!(first_expr("-x;").span, Span::new(0, 2));
    assert_eq!(first_expr("a[1:2];").span, Span::new(0, 6));
}

#[test]
fn statement_spans_include_the_semicolon_and_blocks() {
    let program = parse_ok("function f() { return 1; }\nwhile (x) {}\nreturn;");
    let spans: Vec<_> = program
        .items
        .iter()
        .map(|s| (s.span.start, s.span.end))
        .collect();
    assert_eq!(spans, [(0, 26), (27, 39), (40, 47)]);
}

// -- Errors.

#[test]
fn error_messages_say_what_was_expected() {
    let cases = [
        ("x = 1\ny = 2;", "expected ';' after the statement, found name 'y'", "y = 2;"),
        ("x = );", "expected an expression, found ')'", ");"),
        ("f(1, );", "expected an argument after ','; trailing commas are not allowed in calls", ");"),
        ("function f(a,) {}", "expected a parameter name after ','; trailing commas are not allowed in parameter lists", ") {}"),
        ("x = (1 + 2;", "expected ')' to close '(' opened at line 1, found ';'", ";"),
        ("x = [1, 2;", "expected ',' or ']' to close '[' opened at line 1, found ';'", ";"),
        ("x = {a: 1 b: 2};", "expected ',' or '}' to close '{' opened at line 1, found name 'b'", "b: 2};"),
        ("print('a' 'b');", "expected ',' or ')' to close '(' opened at line 1, found a string", "'b');"),
        ("function f(a b) {}", "expected ',' or ')' to close '(' opened at line 1, found name 'b'", "b) {}"),
        ("x = 1; }", "unmatched '}'", "}"),
        (")", "unmatched ')'", ")"),
        ("x = {a 1};", "expected ':' after the property name, found number 1", "1};"),
        ("x = {1: 2};", "number keys are not allowed in object literals; write the key as a string", "1: 2};"),
        ("if x {}", "expected '(' after 'if', found name 'x'", "x {}"),
        ("if (x) y;", "expected '{' to start the 'if' body, found name 'y'", "y;"),
        ("for (in in x) {}", "expected a loop variable name, found keyword 'in'", "in in x)"),
        ("for (i of x) {}", "expected 'in' after the loop variable, found name 'of'", "of x) {}"),
        ("fn x => x;", "expected '(' after 'fn', found name 'x'", "x => x;"),
        ("f = fn(x) x;", "expected '=>' after the parameters of 'fn', found name 'x'", "x;"),
        ("o.5;", "expected ';' after the statement, found number .5", ".5;"),
        ("o.(x);", "expected a property name after '.', found '('", "(x);"),
        ("else { }", "'else' without a matching 'if'", "else { }"),
        ("except (e) {}", "'except' without a matching 'try'", "except ("),
        ("if (a) {} else x;", "expected '{' or 'if' after 'else', found name 'x'", "x;"),
        ("x = in;", "expected an expression, found keyword 'in'", "in;"),
        ("import ;", "expected a module name after 'import', found ';'", ";"),
        ("capability C { deny read; }", "expected 'resource' or 'allow' in the capability declaration, found name 'deny'", "deny rea"),
        ("capability C { allow fly; }", "expected a permission after 'allow' (read, write, execute, network or system), found name 'fly'", "fly; }"),
        ("if (a = 1) {}", "expected ')' to close '(' opened at line 1, found '=' (use '==' to compare; '=' only assigns)", "= 1) {}"),
        ("x = a[];", "expected an expression, found ']'", "];"),
        ("return }", "expected ';' after 'return', found '}'", "}"),
        ("break", "expected ';' after 'break', found end of input", ""),
    ];
    for (src, message, at) in cases {
        let (got_message, got_at, _) = error_at(src);
        assert_eq!(got_message, message, "message for {src:?}");
        assert_eq!(got_at, at, "position for {src:?}");
    }
}

#[test]
fn rendered_errors_point_at_the_offending_token() {
    use crate::lang::diagnostics::SourceFile;
    let src = "x = 1;\ny = (1 + 2;\n";
    let file = SourceFile::new("t.ml", src);
    assert_eq!(
        parse_err(src).render(&file),
        "t.ml:2:11: SyntaxError: expected ')' to close '(' opened at line 2, found ';'\n    \
         y = (1 + 2;\n              ^"
    );
}

#[test]
fn unclosed_brackets_name_the_opening_line() {
    let (message, at, incomplete) = error_at("x = 1;\ny = f(\n\n  a, b");
    assert_eq!(
        message,
        "expected ',' or ')' to close '(' opened at line 2, found end of input"
    );
    assert_eq!(at, "");
    assert!(incomplete);
    let (message, _, _) = error_at("while (x) {\n  y;\n");
    assert_eq!(
        message,
        "expected '}' to close '{' opened at line 1, found end of input"
    );
}

#[test]
fn assignment_errors() {
    assert_eq!(
        error_at("a = b = 1;"),
        (
            "assignments cannot be chained; assign each variable in its own statement".into(),
            "= 1;".into(),
            false
        )
    );
    assert_eq!(
        error_at("1 = 2;"),
        (
            "cannot assign to this expression".into(),
            "1 = 2;".into(),
            false
        )
    );
    assert_eq!(
        error_at("f(x) = 2;"),
        (
            "cannot assign to this expression".into(),
            "f(x) = 2".into(),
            false
        )
    );
    assert_eq!(error_at("a + b = 2;").0, "cannot assign to this expression");
    assert_eq!(
        error_at("[a, b] = c = d;").0,
        "assignments cannot be chained; assign each variable in its own statement"
    );
    assert_eq!(
        error_at("[a.b, c] = d;").0,
        "cannot assign to this expression"
    );
    assert_eq!(
        error_at("{x = 1;}").0,
        "expected ':' after the property name, found '='"
    );
}

#[test]
fn operators_from_other_languages_get_a_hint() {
    assert_eq!(
        error_at("x += 1;").0,
        "compound assignment '+=' is not supported; write 'x = x + y'"
    );
    assert_eq!(
        error_at("x //= 2;").0,
        "compound assignment '//=' is not supported; write 'x = x // y'"
    );
    assert_eq!(
        error_at("x++;").0,
        "'++' is not supported; write 'x = x + 1'"
    );
    assert_eq!(
        error_at("a ** 2;").0,
        "'**' is not an operator; use math.pow(x, y)"
    );
    assert_eq!(
        error_at("a === b;"),
        (
            "'===' is not an operator; use '=='".into(),
            "=== b;".into(),
            false
        )
    );
    assert_eq!(error_at("a !== b;").0, "'!==' is not an operator; use '!='");
    // Separated by spaces these are ordinary token sequences.
    assert_eq!(error_at("a + + b;").0, "expected an expression, found '+'");
    assert_eq!(expr("a--b"), "(- a (- b))");
}

#[test]
fn import_and_capability_only_at_top_level() {
    assert_eq!(
        error_at("if (a) { import m; }"),
        (
            "'import' is only allowed at the top level of a file".into(),
            "import m".into(),
            false
        )
    );
    assert_eq!(
        error_at("function f() { capability C {} }").0,
        "'capability' is only allowed at the top level of a file"
    );
}

#[test]
fn unsupported_constructs_are_errors() {
    for src in [
        "x = 1 |> f;",
        "match x {}",
        "async function f() {}",
        "x = [...a];",
        "/* c */ x;",
        "x = `t`;",
        "{ x; }",
        "a = (b = 1);",
    ] {
        parse_err(src);
    }
}

#[test]
fn end_of_input_errors_are_incomplete() {
    for src in [
        "if (x) {",
        "f(1, 2",
        "x = ",
        "x = 1",
        "x = 'abc",
        "x = \"line one\n",
        "function f(a",
        "[1, 2",
        "x = {a: 1,",
        "try { a; } except (",
        "y = fn(x) =>",
        "a ? b",
        "import a.",
        "while (true) { if (x) { y = [",
    ] {
        let e = parse_err(src);
        assert!(e.incomplete, "{src:?} should be incomplete: {}", e.message);
    }
}

#[test]
fn other_errors_are_not_incomplete() {
    for src in [
        "x = );",
        "1 = 2;",
        "a = b = 1;",
        "x = 1 @",
        "x = (1;",
        "}",
        "x = 1.5.5;",
        "/*",
    ] {
        let e = parse_err(src);
        assert!(
            !e.incomplete,
            "{src:?} should be a plain syntax error: {}",
            e.message
        );
    }
}

#[test]
fn the_earliest_error_wins_between_lexer_and_parser() {
    // The parser error at ')' comes before the bad character.
    assert_eq!(
        error_at("x = ); y = @;").0,
        "expected an expression, found ')'"
    );
    // The bad character comes first.
    assert_eq!(error_at("y = @; x = );").0, "unexpected character '@'");
    // A program that parses up to an unterminated string reports the string.
    assert_eq!(error_at("x = 1; y = 'abc").0, "unterminated string literal");
    assert_eq!(
        error_at("x = 1 'abc';").0,
        "expected ';' after the statement, found a string"
    );
}

// -- Depth limits. These run on the default 2 MiB test thread stack on
// purpose: the limits, and the loops over long chains, must hold there.

fn assert_too_deep(src: &str, message: &str) {
    let e = parse_err(src);
    assert!(
        e.message.starts_with(message),
        "{message:?} vs {:?}",
        e.message
    );
    assert!(!e.incomplete);
}

#[test]
fn deep_brackets_are_an_error_not_a_stack_overflow() {
    let n = 100_000;
    assert_too_deep(&"(".repeat(n), "expression nested too deeply");
    assert_too_deep(&"[".repeat(n), "expression nested too deeply");
    assert_too_deep(
        &format!("x = {}", "{a:".repeat(n)),
        "expression nested too deeply",
    );
    assert_too_deep(
        &format!("x = {}", "f(".repeat(n)),
        "expression nested too deeply",
    );
    assert_too_deep(
        &format!("x = {}", "a[".repeat(n)),
        "expression nested too deeply",
    );
    assert_too_deep(
        &format!("x = {}", "fn() => ".repeat(n)),
        "expression nested too deeply",
    );
    assert_too_deep(
        &format!("x = {}", "a ? ".repeat(n)),
        "expression nested too deeply",
    );
    assert_too_deep(&"if (a) {".repeat(n), "blocks nested too deeply");
    assert_too_deep(&"while (a) {".repeat(n), "blocks nested too deeply");
    assert_too_deep(&"function() {".repeat(n), "expression nested too deeply");
    assert_too_deep(&"x = fn() => {".repeat(n), "expression nested too deeply");
    assert_too_deep(&"function f() {".repeat(n), "blocks nested too deeply");
    assert_too_deep(&"try {".repeat(n), "blocks nested too deeply");
}

#[test]
fn the_depth_error_points_at_the_outermost_bracket() {
    let src = format!("x = 1;\ny = [1,\n  {}1;", "(".repeat(300));
    let e = parse_err(&src);
    assert_eq!(&src[e.span.start as usize..e.span.end as usize], "[");
    assert!(
        e.message.contains("the limit is reached at line 3"),
        "{}",
        e.message
    );
    let src = format!("function f() {{\n{}", "if (a) {\n".repeat(300));
    let e = parse_err(&src);
    assert_eq!(e.span.start, "function f() ".len() as u32);
    assert!(e.message.starts_with("blocks nested too deeply"));
}

/// Chains of every kind, `n` links long.
fn long_chains(n: usize) -> Vec<String> {
    vec![
        format!("x = 1{};", " + 1".repeat(n)),
        format!("x = 1{};", " - 2 * 3".repeat(n)),
        format!("x = a{};", " || b".repeat(n)),
        format!("x = a{};", " && b".repeat(n)),
        format!("x = a{};", ".b".repeat(n)),
        format!("x = f{};", "()".repeat(n)),
        format!("x = a{};", "[0]".repeat(n)),
        format!("x = s{};", ".upper()".repeat(n)),
        format!("x = {}a;", "-".repeat(n)),
        format!("x = {}a;", "!".repeat(n)),
        format!("x = {}z;", "a ? b : ".repeat(n)),
        format!("x = {}1;", "- !".repeat(n)),
        format!("a{} = 1;", ".b[0]".repeat(n)),
    ]
}

#[test]
fn chains_of_any_length_parse_compile_and_drop() {
    use crate::lang::compiler::compile;
    use crate::lang::diagnostics::SourceFile;
    for src in long_chains(100_000) {
        let program = parse_ok(&src);
        let file = SourceFile::new("chain.ml", src.clone());
        if let Err(e) = compile(&program, file, &[], false) {
            panic!("{}: {}", &src[..20], e.message);
        }
        // Inside a function too (scope analysis walks the body).
        let src = format!("function f() {{ {src} }}");
        let program = parse_ok(&src);
        let file = SourceFile::new("chain.ml", src.clone());
        assert!(compile(&program, file, &[], false).is_ok());
    }
}

#[test]
fn chains_keep_their_shape() {
    assert_eq!(show(&first_expr("a ? b : c ? d : e;")), "(? a b (? c d e))");
    assert_eq!(show(&first_expr("a ? b ? c : d : e;")), "(? a (? b c d) e)");
    assert_eq!(show(&first_expr("- ! -a;")), "(- (! (- a)))");
    assert_eq!(show(&first_expr("-a.b;")), "(- (. a b))");
    assert_eq!(
        show(&first_expr("a || b && c || d;")),
        "(|| (|| a (&& b c)) d)"
    );
}

#[test]
fn reasonable_nesting_is_fine() {
    let n = 150;
    parse_ok(&format!("x = {}1{};", "(".repeat(n), ")".repeat(n)));
    parse_ok(&format!("x = {}1{};", "[".repeat(n), "]".repeat(n)));
    parse_ok(&format!("{}x;{}", "if (a) {".repeat(n), "}".repeat(n)));
    // Chains inside nesting cost nothing more.
    parse_ok(&format!(
        "{}x = a{};{}",
        "if (a) {".repeat(n),
        ".b".repeat(10 * n),
        "}".repeat(n)
    ));
    // Long flat lists are not nesting at all.
    let items = vec!["1"; 100_000].join(", ");
    parse_ok(&format!("x = [{items}];"));
    parse_ok(&"x = 1;\n".repeat(100_000));
}
