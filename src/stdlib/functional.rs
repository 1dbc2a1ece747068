//! The `functional` module (spec 5.3): higher-order helpers over arrays and
//! function combinators.
//!
//! **Argument order.** The reference takes the function first
//! (`map(f, arr)`), the design document the collection first
//! (`map(arr, f)`); both are accepted. Every `(f, collection, ...)` function
//! swaps its first two arguments when the first is not callable and the
//! second is; `take`/`drop`/`chunk` swap when only the second is a number;
//! `times` swaps when the first is callable.
//!
//! Collections are read with `iter::collect` (any iterable) before any
//! callback runs, so a callback that mutates the input cannot disturb the
//! loop. Combinators return native closures holding the captured values;
//! callbacks are made through `Vm::call_value`.

use super::{functions, Row};
use crate::lang::builtins::{
    closure_value, expect_args, int_arg, opt_arg, range_values, sort_values, zip_values,
    MAX_SEQUENCE,
};
use crate::lang::error::RtError;
use crate::lang::format::repr;
use crate::lang::iter::collect;
use crate::lang::ops::{equals, number};
use crate::lang::value::{new_object, Key, NativeResult, Value};
use crate::lang::vm::Vm;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

const COMPOSE: &[&str] = &["functional.compose"];
const TRANSFORM: &[&str] = &["functional.transform"];

/// The reference groups its functions under two capability names: building
/// functions (`functional.compose`) and processing data
/// (`functional.transform`).
fn capabilities(name: &str) -> &'static [&'static str] {
    const BUILDERS: &[&str] = &[
        "compose",
        "composeAll",
        "cond",
        "constant",
        "curry",
        "curry2",
        "identity",
        "ifElse",
        "juxt",
        "memoize",
        "partial",
        "partial_apply",
        "pipe",
        "pipeAll",
    ];
    if BUILDERS.contains(&name) {
        COMPOSE
    } else {
        TRANSFORM
    }
}

const ROWS: &[Row] = &[
    ("chunk", chunk, "chunk(size, arr): arrays of size elements (the last may be shorter)"),
    ("compose", compose, "compose(f, g, ...): function applying right to left: compose(f, g)(x) = f(g(x))"),
    ("composeAll", compose_all, "composeAll(fs): compose with an array of functions"),
    ("cond", cond, "cond(pairs): function x -> f(x) for the first [pred, f] with pred(x) truthy, else null"),
    ("constant", constant, "constant(v): function always returning v"),
    ("curry", curry, "curry(f, arity?): curried f; calls with fewer arguments return a function collecting more"),
    ("curry2", curry2, "curry2(f): curry2(f)(a)(b) = f(a, b)"),
    ("drop", drop, "drop(n, arr): all but the first n elements"),
    ("every", every, "every(pred, arr): whether pred holds for every element"),
    ("filter", filter, "filter(pred, arr): new array of the elements for which pred is truthy"),
    ("find", find, "find(pred, arr): first element for which pred is truthy, or null"),
    ("flatten", flatten, "flatten(arr): flattens one level of nested arrays"),
    ("forEach", for_each, "forEach(f, arr): calls f(x) for each element; returns null"),
    ("for_each", for_each, "for_each(f, arr): calls f(x) for each element; returns null"),
    ("groupBy", group_by, "groupBy(f, arr): object mapping f(x) to the array of elements with that key"),
    ("group_by", group_by, "group_by(f, arr): object mapping f(x) to the array of elements with that key"),
    ("identity", identity, "identity(x): x"),
    ("ifElse", if_else, "ifElse(pred, f, g): function x -> pred(x) ? f(x) : g(x)"),
    ("juxt", juxt, "juxt(fs): function x -> [f(x) for each f in fs]"),
    ("map", map, "map(f, arr): new array of f(x) for each element"),
    ("memoize", memoize, "memoize(f): f with results cached by argument values"),
    ("partial", partial, "partial(f, args...): f with its leading arguments fixed"),
    ("partial_apply", partial, "partial_apply(f, args...): f with its leading arguments fixed"),
    ("partition", partition, "partition(pred, arr): [matching, non_matching]"),
    ("pipe", pipe, "pipe(f, g, ...): function applying left to right: pipe(f, g)(x) = g(f(x))"),
    ("pipeAll", pipe_all, "pipeAll(fs): pipe with an array of functions"),
    ("range", range, "range(start, end?, step=1): array of integers like the builtin range"),
    ("reduce", reduce, "reduce(f, arr, initial?): left fold f(acc, x); starts from the first element without initial"),
    ("repeat", repeat, "repeat(v, n): array of n copies of v"),
    ("reverse", reverse, "reverse(arr): new array in reverse order"),
    ("some", some, "some(pred, arr): whether pred holds for some element"),
    ("sort", sort, "sort(arr, reverse?): new sorted array, like the builtin sorted"),
    ("take", take, "take(n, arr): the first n elements"),
    ("takeWhile", take_while, "takeWhile(pred, arr): the longest prefix whose elements satisfy pred"),
    ("times", times, "times(n, f): [f(0), ..., f(n-1)]"),
    ("unique", unique, "unique(arr): elements without repeats, first occurrences in order"),
    ("zip", zip, "zip(a, b, ...): array of [a[i], b[i], ...] arrays, as long as the shortest input"),
    ("zipWith", zip_with, "zipWith(f, a, b): [f(a[i], b[i]) ...]"),
];

pub(super) fn members() -> Vec<(String, Value)> {
    functions("functional", ROWS, capabilities)
}

// ---------------------------------------------------------------------------
// Argument helpers

/// Arguments of an `(f, collection, ...)` function in reference order
/// (spec 5.3 swap rule).
pub fn function_first(args: &[Value]) -> Vec<Value> {
    let mut args = args.to_vec();
    if args.len() >= 2 && !args[0].is_callable() && args[1].is_callable() {
        args.swap(0, 1);
    }
    args
}

/// Arguments of an `(n, collection)` function in reference order: swapped
/// when the second is a number and the first is not (e.g. `chunk(arr, 2)`).
pub fn count_first(args: &[Value]) -> Vec<Value> {
    let mut args = args.to_vec();
    if args.len() >= 2 && number(&args[0]).is_none() && number(&args[1]).is_some() {
        args.swap(0, 1);
    }
    args
}

fn qualified(name: &str) -> String {
    format!("functional.{name}")
}

fn expect(name: &str, args: &[Value], min: usize, max: usize) -> Result<(), RtError> {
    expect_args(&qualified(name), args, min, max)
}

/// A function argument (TypeError otherwise).
fn func_arg(name: &str, v: &Value) -> Result<Value, RtError> {
    if v.is_callable() {
        Ok(v.clone())
    } else {
        Err(RtError::type_error(format!(
            "functional.{name}() expected a function, not '{}'",
            v.type_name()
        )))
    }
}

/// The `(f, items)` pair of a callback-over-collection function.
fn func_and_items(
    name: &str,
    args: &[Value],
    max: usize,
) -> Result<(Value, Vec<Value>, Vec<Value>), RtError> {
    expect(name, args, 2, max)?;
    let args = function_first(args);
    let f = func_arg(name, &args[0])?;
    let items = collect(&args[1])?;
    Ok((f, items, args))
}

/// A count argument, clamped to the sequence size limit.
fn count_arg(name: &str, v: &Value) -> Result<i64, RtError> {
    int_arg(&qualified(name), v)
}

// ---------------------------------------------------------------------------
// Callbacks over collections

fn map(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (f, items, _) = func_and_items("map", args, 2)?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(vm.call_value(&f, &[item])?);
    }
    Ok(Value::array(out))
}

fn filter(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (pred, items, _) = func_and_items("filter", args, 2)?;
    let mut out = Vec::new();
    for item in items {
        if vm.call_value(&pred, std::slice::from_ref(&item))?.truthy() {
            out.push(item);
        }
    }
    Ok(Value::array(out))
}

fn reduce(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (f, items, args) = func_and_items("reduce", args, 3)?;
    let mut items = items.into_iter();
    // [REF] an initial value of null means "no initial value".
    let mut acc = match opt_arg(&args, 2) {
        Some(init) => init.clone(),
        None => items.next().ok_or_else(|| {
            RtError::type_error("reduce() of empty iterable with no initial value")
        })?,
    };
    for item in items {
        acc = vm.call_value(&f, &[acc, item])?;
    }
    Ok(acc)
}

fn for_each(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (f, items, _) = func_and_items("forEach", args, 2)?;
    for item in items {
        vm.call_value(&f, &[item])?;
    }
    Ok(Value::Null)
}

fn find(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (pred, items, _) = func_and_items("find", args, 2)?;
    for item in items {
        if vm.call_value(&pred, std::slice::from_ref(&item))?.truthy() {
            return Ok(item);
        }
    }
    Ok(Value::Null)
}

fn some(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (pred, items, _) = func_and_items("some", args, 2)?;
    for item in items {
        if vm.call_value(&pred, &[item])?.truthy() {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn every(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (pred, items, _) = func_and_items("every", args, 2)?;
    for item in items {
        if !vm.call_value(&pred, &[item])?.truthy() {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn take_while(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (pred, items, _) = func_and_items("takeWhile", args, 2)?;
    let mut out = Vec::new();
    for item in items {
        if !vm.call_value(&pred, std::slice::from_ref(&item))?.truthy() {
            break;
        }
        out.push(item);
    }
    Ok(Value::array(out))
}

fn partition(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (pred, items, _) = func_and_items("partition", args, 2)?;
    let (mut yes, mut no) = (Vec::new(), Vec::new());
    for item in items {
        if vm.call_value(&pred, std::slice::from_ref(&item))?.truthy() {
            yes.push(item);
        } else {
            no.push(item);
        }
    }
    Ok(Value::array(vec![Value::array(yes), Value::array(no)]))
}

/// Keys are strings or ints (integral floats become ints, spec 3.6); other
/// key values are a TypeError, as for any object key.
fn group_by(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (f, items, _) = func_and_items("groupBy", args, 2)?;
    let mut groups = new_object();
    for item in items {
        let key = Key::from_value(&vm.call_value(&f, std::slice::from_ref(&item))?)?;
        match groups.get_mut(&key) {
            Some(Value::Array(group)) => group.borrow_mut().push(item),
            _ => {
                groups.insert(key, Value::array(vec![item]));
            }
        }
    }
    Ok(Value::object(groups))
}

fn zip_with(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("zipWith", args, 3, 3)?;
    let args = function_first(args);
    let f = func_arg("zipWith", &args[0])?;
    let (a, b) = (collect(&args[1])?, collect(&args[2])?);
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    for (x, y) in a.into_iter().zip(b) {
        out.push(vm.call_value(&f, &[x, y])?);
    }
    Ok(Value::array(out))
}

/// `times(n, f)`; also `times(f, n)` as the reference takes it.
fn times(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("times", args, 2, 2)?;
    let (n, f) = if args[0].is_callable() {
        (&args[1], &args[0])
    } else {
        (&args[0], &args[1])
    };
    let f = func_arg("times", f)?;
    let n = count_arg("times", n)?;
    check_size("times", n)?;
    let mut out = Vec::new();
    for i in 0..n.max(0) {
        out.push(vm.call_value(&f, &[Value::Int(i)])?);
    }
    Ok(Value::array(out))
}

fn check_size(name: &str, n: i64) -> Result<(), RtError> {
    if n > MAX_SEQUENCE {
        return Err(RtError::value_error(format!(
            "functional.{name}(): count too large ({n})"
        )));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Plain collection helpers

fn zip(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    zip_values(args).map(Value::array)
}

fn range(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("range", args, 1, 3)?;
    let start = count_arg("range", &args[0])?;
    let step = match opt_arg(args, 2) {
        Some(v) => count_arg("range", v)?,
        None => 1,
    };
    let values = match opt_arg(args, 1) {
        Some(end) => range_values(start, count_arg("range", end)?, step)?,
        None => range_values(0, start, 1)?,
    };
    Ok(Value::array(values))
}

fn repeat(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("repeat", args, 2, 2)?;
    let n = count_arg("repeat", &args[1])?;
    check_size("repeat", n)?;
    let n = usize::try_from(n).unwrap_or(0);
    Ok(Value::array(vec![args[0].clone(); n]))
}

/// The index where `items[:n]` ends / `items[n:]` starts (Python slicing:
/// a negative `n` counts from the end, both ends clamp).
pub fn slice_point(len: usize, n: i64) -> usize {
    let len_i = i64::try_from(len).unwrap_or(i64::MAX);
    let at = if n < 0 {
        n.saturating_add(len_i).max(0)
    } else {
        n.min(len_i)
    };
    usize::try_from(at).unwrap_or(0)
}

fn take(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("take", args, 2, 2)?;
    let args = count_first(args);
    let n = count_arg("take", &args[0])?;
    let mut items = collect(&args[1])?;
    items.truncate(slice_point(items.len(), n));
    Ok(Value::array(items))
}

fn drop(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("drop", args, 2, 2)?;
    let args = count_first(args);
    let n = count_arg("drop", &args[0])?;
    let mut items = collect(&args[1])?;
    let at = slice_point(items.len(), n);
    Ok(Value::array(items.split_off(at)))
}

fn chunk(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("chunk", args, 2, 2)?;
    let args = count_first(args);
    let size = count_arg("chunk", &args[0])?;
    let size = usize::try_from(size)
        .ok()
        .filter(|s| *s > 0)
        .ok_or_else(|| RtError::value_error("functional.chunk() size must be positive"))?;
    let items = collect(&args[1])?;
    Ok(Value::array(
        items
            .chunks(size)
            .map(|c| Value::array(c.to_vec()))
            .collect(),
    ))
}

/// One level: array elements are spliced in, other elements kept.
fn flatten(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("flatten", args, 1, 1)?;
    let mut out = Vec::new();
    for item in collect(&args[0])? {
        match &item {
            Value::Array(inner) => out.extend(inner.borrow().iter().cloned()),
            _ => out.push(item),
        }
    }
    Ok(Value::array(out))
}

fn unique(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("unique", args, 1, 1)?;
    Ok(Value::array(unique_values(collect(&args[0])?)))
}

/// A hashable identity for values that have one; numbers that compare
/// equal (`1`, `1.0`, `true`) share it, as in a Python set.
#[derive(PartialEq, Eq, Hash)]
enum Seen {
    Int(i64),
    Float(u64),
    Str(String),
}

fn seen_key(v: &Value) -> Option<Seen> {
    match v {
        Value::Int(i) => Some(Seen::Int(*i)),
        Value::Bool(b) => Some(Seen::Int(i64::from(*b))),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Some(Seen::Int(*f as i64)),
        // nan != nan, so every nan is kept (as Python does for distinct nans).
        Value::Float(f) if f.is_nan() => None,
        Value::Float(f) => Some(Seen::Float(f.to_bits())),
        Value::Str(s) => Some(Seen::Str(s.as_str().to_string())),
        _ => None,
    }
}

/// First occurrences in order. Numbers and strings are found by hashing;
/// other values (arrays, objects...) by equality with the earlier ones.
pub fn unique_values(items: Vec<Value>) -> Vec<Value> {
    let mut seen = std::collections::HashSet::new();
    let mut others: Vec<Value> = Vec::new();
    let mut out = Vec::new();
    for item in items {
        let fresh = match seen_key(&item) {
            Some(key) => seen.insert(key),
            None if matches!(item, Value::Float(_)) => true,
            None => {
                let fresh = !others.iter().any(|o| equals(o, &item));
                if fresh {
                    others.push(item.clone());
                }
                fresh
            }
        };
        if fresh {
            out.push(item);
        }
    }
    out
}

fn reverse(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("reverse", args, 1, 1)?;
    let mut items = collect(&args[0])?;
    items.reverse();
    Ok(Value::array(items))
}

fn sort(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("sort", args, 1, 2)?;
    let reverse = opt_arg(args, 1).is_some_and(Value::truthy);
    sort_values(collect(&args[0])?, reverse).map(Value::array)
}

// ---------------------------------------------------------------------------
// Combinators

fn identity(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("identity", args, 1, 1)?;
    Ok(args[0].clone())
}

/// A function that ignores its arguments and returns `v`.
fn constant(_vm: &mut Vm, args: &[Value]) -> NativeResult {
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

fn compose(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    chained("compose", args.to_vec(), true)
}

fn pipe(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    chained("pipe", args.to_vec(), false)
}

fn compose_all(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("composeAll", args, 1, 1)?;
    chained("composeAll", collect(&args[0])?, true)
}

fn pipe_all(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("pipeAll", args, 1, 1)?;
    chained("pipeAll", collect(&args[0])?, false)
}

/// `curry(f, arity?)`; the default arity is the parameter count of an ML
/// function. Natives have no declared parameter list, so they need `arity`.
fn curry(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("curry", args, 1, 2)?;
    let f = func_arg("curry", &args[0])?;
    let arity = match (opt_arg(args, 1), &f) {
        (Some(v), _) => usize::try_from(count_arg("curry", v)?).unwrap_or(0),
        (None, Value::Func(c)) => c.proto.proto.params.len(),
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

fn curry2(_vm: &mut Vm, args: &[Value]) -> NativeResult {
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

fn partial(_vm: &mut Vm, args: &[Value]) -> NativeResult {
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
fn memoize(_vm: &mut Vm, args: &[Value]) -> NativeResult {
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

fn if_else(_vm: &mut Vm, args: &[Value]) -> NativeResult {
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
fn cond(_vm: &mut Vm, args: &[Value]) -> NativeResult {
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

fn juxt(_vm: &mut Vm, args: &[Value]) -> NativeResult {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::builtins::lookup;

    fn ints(values: &[Value]) -> Vec<i64> {
        values
            .iter()
            .map(|v| match v {
                Value::Int(i) => *i,
                _ => panic!("not an int"),
            })
            .collect()
    }

    #[test]
    fn table_is_sorted() {
        assert!(ROWS.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(capabilities("compose"), COMPOSE);
        assert_eq!(capabilities("map"), TRANSFORM);
    }

    #[test]
    fn swap_rules() {
        let f = lookup("len").unwrap();
        let arr = Value::array(vec![Value::Int(1)]);
        let swapped = function_first(&[arr.clone(), f.clone(), Value::Int(0)]);
        assert!(swapped[0].is_callable());
        assert!(matches!(swapped[2], Value::Int(0)));
        let kept = function_first(&[f.clone(), arr.clone()]);
        assert!(kept[0].is_callable());
        let counted = count_first(&[arr.clone(), Value::Int(2)]);
        assert!(matches!(counted[0], Value::Int(2)));
        let kept = count_first(&[Value::Int(2), arr]);
        assert!(matches!(kept[0], Value::Int(2)));
    }

    #[test]
    fn slice_points_follow_python() {
        assert_eq!(slice_point(5, 2), 2);
        assert_eq!(slice_point(5, 10), 5);
        assert_eq!(slice_point(5, -1), 4);
        assert_eq!(slice_point(5, -10), 0);
        assert_eq!(slice_point(0, 3), 0);
    }

    #[test]
    fn unique_keeps_first_occurrences() {
        let items = vec![
            Value::Int(1),
            Value::Float(1.0),
            Value::str("a"),
            Value::Int(2),
            Value::str("a"),
            Value::array(vec![Value::Int(1)]),
            Value::array(vec![Value::Int(1)]),
            Value::Bool(true),
        ];
        let out = unique_values(items);
        assert_eq!(out.len(), 4);
        assert!(matches!(out[0], Value::Int(1)));
        assert_eq!(out[1].as_str(), Some("a"));
        assert_eq!(ints(&out[2..3]), vec![2]);
        assert!(matches!(out[3], Value::Array(_)));
    }
}
