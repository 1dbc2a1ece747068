//! The function-building half of `functional` (capability
//! `functional.compose`): `compose`, `pipe`, `curry`, `partial`, `memoize`,
//! `ifElse`, `cond`, `juxt`, ...
//!
//! Combinators return native closures holding the captured values;
//! callbacks are made through `Vm::call_value`.

use super::{count_arg, expect, func_arg, COMPOSE};
use crate::lang::builtins::{closure_value, expect_args, opt_arg};
use crate::lang::error::RtError;
use crate::lang::format::repr;
use crate::lang::iter::collect;
use crate::lang::value::{NativeResult, Value};
use crate::lang::vm::Vm;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

pub(super) fn identity(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("identity", args, 1, 1)?;
    Ok(args[0].clone())
}

/// A function that ignores its arguments and returns `v`.
pub(super) fn constant(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("constant", args, 1, 1)?;
    let v = args[0].clone();
    Ok(closure_value(
        "constant",
        "a function returning a constant",
        COMPOSE,
        move |_, _| Ok(v.clone()),
    ))
}

fn function_list(name: &str, fs: &[Value]) -> Result<Rc<[Value]>, RtError> {
    fs.iter().map(|f| func_arg(name, f)).collect()
}

/// Calls `fs` in order, the first with all the arguments and each later one
/// with the previous result. No functions: the identity of the first argument.
fn chain(vm: &mut Vm, fs: &[Value], args: &[Value]) -> NativeResult {
    let Some((first, rest)) = fs.split_first() else {
        return Ok(args.first().cloned().unwrap_or(Value::Null));
    };
    let mut acc = vm.call_value(first, args)?;
    for f in rest {
        acc = vm.call_value(f, &[acc])?;
    }
    Ok(acc)
}

fn chained(name: &str, mut fs: Vec<Value>, right_to_left: bool) -> Result<Value, RtError> {
    if right_to_left {
        fs.reverse();
    }
    let fs = function_list(name, &fs)?;
    let label = if right_to_left { "composed" } else { "piped" };
    Ok(closure_value(
        label,
        "a composed function",
        COMPOSE,
        move |vm, args| chain(vm, &fs, args),
    ))
}

pub(super) fn compose(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    chained("compose", args.to_vec(), true)
}

pub(super) fn pipe(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    chained("pipe", args.to_vec(), false)
}

pub(super) fn compose_all(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("composeAll", args, 1, 1)?;
    chained("composeAll", collect(&args[0])?, true)
}

pub(super) fn pipe_all(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("pipeAll", args, 1, 1)?;
    chained("pipeAll", collect(&args[0])?, false)
}

/// `curry(f, arity?)`; the default arity is the parameter count of an ML
/// function. Natives have no declared parameter list, so they need `arity`.
pub(super) fn curry(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("curry", args, 1, 2)?;
    let f = func_arg("curry", &args[0])?;
    let arity = match (opt_arg(args, 1), &f) {
        (Some(v), _) => usize::try_from(count_arg("curry", v)?).unwrap_or(0),
        (None, Value::Func(c)) => c.proto.proto.arity as usize,
        (None, _) => {
            return Err(RtError::type_error(
                "functional.curry() needs an explicit arity for a native function",
            ))
        }
    };
    Ok(curried(f, arity, Rc::from(Vec::new())))
}

/// A function that collects arguments until it has `arity` of them, then
/// calls `f` with exactly that many (extra arguments are dropped, [REF]).
fn curried(f: Value, arity: usize, collected: Rc<[Value]>) -> Value {
    closure_value("curried", "a curried function", COMPOSE, move |vm, args| {
        let mut all = collected.to_vec();
        all.extend_from_slice(args);
        if all.len() >= arity {
            all.truncate(arity);
            vm.call_value(&f, &all)
        } else {
            Ok(curried(f.clone(), arity, Rc::from(all)))
        }
    })
}

pub(super) fn curry2(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("curry2", args, 1, 1)?;
    let f = func_arg("curry2", &args[0])?;
    Ok(closure_value(
        "curried",
        "curry2(f)(a)(b) = f(a, b)",
        COMPOSE,
        move |_, first| {
            expect_args("curried", first, 1, 1)?;
            let (f, a) = (f.clone(), first[0].clone());
            Ok(closure_value(
                "curried",
                "curry2(f)(a)(b) = f(a, b)",
                COMPOSE,
                move |vm, second| {
                    expect_args("curried", second, 1, 1)?;
                    vm.call_value(&f, &[a.clone(), second[0].clone()])
                },
            ))
        },
    ))
}

pub(super) fn partial(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("partial", args, 1, usize::MAX)?;
    let f = func_arg("partial", &args[0])?;
    let fixed: Rc<[Value]> = Rc::from(&args[1..]);
    Ok(closure_value(
        "partial",
        "a partially applied function",
        COMPOSE,
        move |vm, more| {
            let mut all = fixed.to_vec();
            all.extend_from_slice(more);
            vm.call_value(&f, &all)
        },
    ))
}

/// Results cached by the nested form of the argument list, so equal
/// arguments (by value) hit the cache. The cache is not borrowed while `f`
/// runs, so a memoized recursive function can call itself.
pub(super) fn memoize(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("memoize", args, 1, 1)?;
    let f = func_arg("memoize", &args[0])?;
    let cache: RefCell<HashMap<String, Value>> = RefCell::new(HashMap::new());
    Ok(closure_value(
        "memoized",
        "a memoized function",
        COMPOSE,
        move |vm, args| {
            let key = repr(&Value::array(args.to_vec()));
            if let Some(hit) = cache.borrow().get(&key) {
                return Ok(hit.clone());
            }
            let result = vm.call_value(&f, args)?;
            cache.borrow_mut().insert(key, result.clone());
            Ok(result)
        },
    ))
}

fn one_arg(args: &[Value]) -> Result<&Value, RtError> {
    expect_args("function", args, 1, 1)?;
    Ok(&args[0])
}

pub(super) fn if_else(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("ifElse", args, 3, 3)?;
    let fs = function_list("ifElse", args)?;
    Ok(closure_value(
        "ifElse",
        "pred(x) ? f(x) : g(x)",
        COMPOSE,
        move |vm, args| {
            let x = one_arg(args)?;
            let branch = if vm.call_value(&fs[0], std::slice::from_ref(x))?.truthy() {
                &fs[1]
            } else {
                &fs[2]
            };
            vm.call_value(branch, std::slice::from_ref(x))
        },
    ))
}

/// `cond(pairs)`: the pairs are checked when `cond` is called, so a
/// malformed table fails where it is written.
pub(super) fn cond(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("cond", args, 1, 1)?;
    let mut pairs = Vec::new();
    for pair in collect(&args[0])? {
        let parts = match &pair {
            Value::Array(p) => p.borrow().clone(),
            _ => Vec::new(),
        };
        let [pred, f, ..] = parts.as_slice() else {
            return Err(RtError::type_error(
                "functional.cond() expects an array of [predicate, function] pairs",
            ));
        };
        pairs.push((func_arg("cond", pred)?, func_arg("cond", f)?));
    }
    Ok(closure_value(
        "cond",
        "the first matching [pred, f] applied",
        COMPOSE,
        move |vm, args| {
            let x = one_arg(args)?;
            for (pred, f) in &pairs {
                if vm.call_value(pred, std::slice::from_ref(x))?.truthy() {
                    return vm.call_value(f, std::slice::from_ref(x));
                }
            }
            Ok(Value::Null)
        },
    ))
}

pub(super) fn juxt(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("juxt", args, 1, 1)?;
    let fs = function_list("juxt", &collect(&args[0])?)?;
    Ok(closure_value(
        "juxt",
        "[f(x) for each f]",
        COMPOSE,
        move |vm, args| {
            let x = one_arg(args)?;
            let mut out = Vec::with_capacity(fs.len());
            for f in fs.iter() {
                out.push(vm.call_value(f, std::slice::from_ref(x))?);
            }
            Ok(Value::array(out))
        },
    ))
}
