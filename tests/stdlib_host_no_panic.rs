//! Robustness check for the modules that touch the outside world (`args`,
//! `csv`, `env`, `file`, `http`, `path`) and the `ArgParser`/`ParsedArgs`
//! objects: every function and method is called with 0 to 3 arguments from
//! a pool of awkward values; none may panic.
//!
//! The VM grants only harmless capabilities (reading the environment and
//! files, and the network, where the only URL in the pool is a closed
//! loopback port), so nothing here can write, delete or change anything.
//! Paths in the pool are relative and do not exist, so directory walks
//! stay small.

use mlpy::lang::value::*;
use mlpy::Vm;

fn pool() -> Vec<Value> {
    let mut o = new_object();
    // A loopback port nothing should listen on: requests fail at once.
    o.insert(Key::str("url"), Value::str("http://127.0.0.1:9/"));
    o.insert(
        Key::Int(2),
        Value::array(vec![Value::str("x"), Value::Null]),
    );
    vec![
        Value::Null,
        Value::Bool(true),
        Value::Int(-1),
        Value::Int(i64::MAX),
        Value::Float(f64::NAN),
        Value::str(""),
        Value::str("é x"),
        Value::str("-vh"),
        Value::str("--"),
        Value::str("a=b\0"),
        Value::str("%E2%8"),
        Value::str("no_such_mlpy/../x.csv"),
        Value::array(vec![]),
        Value::array(vec![
            Value::str("-x"),
            Value::Int(300),
            Value::array(vec![]),
        ]),
        Value::object(o),
    ]
}

fn vm() -> Vm {
    let mut vm = Vm::with_output(Box::new(std::io::sink()));
    for cap in ["env.read", "file.read", "network.http", "network.https"] {
        vm.grant(cap);
    }
    vm
}

/// Calls `f` with every combination of up to three pool values.
fn hammer(vm: &mut Vm, f: &mut dyn FnMut(&mut Vm, &[Value]), p: &[Value]) -> usize {
    let mut calls = 1;
    f(vm, &[]);
    for a in p {
        f(vm, std::slice::from_ref(a));
        for b in p {
            f(vm, &[a.clone(), b.clone()]);
            for c in p {
                f(vm, &[a.clone(), b.clone(), c.clone()]);
                calls += 1;
            }
        }
    }
    calls
}

#[test]
fn no_host_module_function_panics() {
    let p = pool();
    let mut vm = vm();
    let mut calls = 0;
    for m in ["args", "csv", "env", "file", "http", "path"] {
        let module = mlpy::stdlib::load(m).expect("module loads");
        for (_, f) in module.globals.entries() {
            calls += hammer(&mut vm, &mut |vm, args| drop(vm.call_value(&f, args)), &p);
        }
    }
    assert!(calls > 100_000);
}

#[test]
fn no_parser_method_panics() {
    let p = pool();
    let mut vm = vm();
    let module = mlpy::stdlib::load("args").unwrap();
    let create = module.globals.get("create_parser").unwrap();
    let parser = vm.call_value(&create, &[]).unwrap();
    let add = |vm: &mut Vm, name: &str, args: &[Value]| {
        vm.call_method(&parser, name, args).unwrap();
    };
    add(
        &mut vm,
        "add_flag",
        &[Value::str("verbose"), Value::str("v")],
    );
    add(
        &mut vm,
        "add_option",
        &[
            Value::str("out"),
            Value::str("o"),
            Value::Null,
            Value::Int(1),
        ],
    );
    add(
        &mut vm,
        "add_positional",
        &[Value::str("input"), Value::Null, Value::Bool(true)],
    );
    let parsed = vm
        .call_method(&parser, "parse", &[Value::array(vec![Value::str("in")])])
        .unwrap();
    for recv in [&parser, &parsed] {
        let Value::NativeObj(obj) = recv else {
            panic!("not a native object")
        };
        for name in obj.method_names() {
            hammer(
                &mut vm,
                &mut |vm, args| drop(vm.call_method(recv, name, args)),
                &p,
            );
        }
    }
}
