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
//! The module splits along the reference's two capability names: [`list`]
//! processes data (`functional.transform`: `map`, `filter`, `take`, ...) and
//! [`combinators`] builds functions (`functional.compose`: `compose`,
//! `curry`, `memoize`, ...). This file holds the function table and the
//! argument rules both share.

mod combinators;
mod list;

use super::{functions, Row};
use crate::lang::builtins::{expect_args, int_arg, Qualified};
use crate::lang::error::RtError;
use crate::lang::iter::collect;
use crate::lang::ops::number;
use crate::lang::value::Value;

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
    ("chunk", list::chunk, "chunk(size, arr): arrays of size elements (the last may be shorter)"),
    ("compose", combinators::compose, "compose(f, g, ...): function applying right to left: compose(f, g)(x) = f(g(x))"),
    ("composeAll", combinators::compose_all, "composeAll(fs): compose with an array of functions"),
    ("cond", combinators::cond, "cond(pairs): function x -> f(x) for the first [pred, f] with pred(x) truthy, else null"),
    ("constant", combinators::constant, "constant(v): function always returning v"),
    ("curry", combinators::curry, "curry(f, arity?): curried f; calls with fewer arguments return a function collecting more"),
    ("curry2", combinators::curry2, "curry2(f): curry2(f)(a)(b) = f(a, b)"),
    ("drop", list::drop, "drop(n, arr): all but the first n elements"),
    ("every", list::every, "every(pred, arr): whether pred holds for every element"),
    ("filter", list::filter, "filter(pred, arr): new array of the elements for which pred is truthy"),
    ("find", list::find, "find(pred, arr): first element for which pred is truthy, or null"),
    ("flatten", list::flatten, "flatten(arr): flattens one level of nested arrays"),
    ("forEach", list::for_each, "forEach(f, arr): calls f(x) for each element; returns null"),
    ("for_each", list::for_each, "for_each(f, arr): calls f(x) for each element; returns null"),
    ("groupBy", list::group_by, "groupBy(f, arr): object mapping f(x) to the array of elements with that key"),
    ("group_by", list::group_by, "group_by(f, arr): object mapping f(x) to the array of elements with that key"),
    ("identity", combinators::identity, "identity(x): x"),
    ("ifElse", combinators::if_else, "ifElse(pred, f, g): function x -> pred(x) ? f(x) : g(x)"),
    ("juxt", combinators::juxt, "juxt(fs): function x -> [f(x) for each f in fs]"),
    ("map", list::map, "map(f, arr): new array of f(x) for each element"),
    ("memoize", combinators::memoize, "memoize(f): f with results cached by argument values"),
    ("partial", combinators::partial, "partial(f, args...): f with its leading arguments fixed"),
    ("partial_apply", combinators::partial, "partial_apply(f, args...): f with its leading arguments fixed"),
    ("partition", list::partition, "partition(pred, arr): [matching, non_matching]"),
    ("pipe", combinators::pipe, "pipe(f, g, ...): function applying left to right: pipe(f, g)(x) = g(f(x))"),
    ("pipeAll", combinators::pipe_all, "pipeAll(fs): pipe with an array of functions"),
    ("range", list::range, "range(start, end?, step=1): array of integers like the builtin range"),
    ("reduce", list::reduce, "reduce(f, arr, initial?): left fold f(acc, x); starts from the first element without initial"),
    ("repeat", list::repeat, "repeat(v, n): array of n copies of v"),
    ("reverse", list::reverse, "reverse(arr): new array in reverse order"),
    ("some", list::some, "some(pred, arr): whether pred holds for some element"),
    ("sort", list::sort, "sort(arr, reverse?): new sorted array, like the builtin sorted"),
    ("take", list::take, "take(n, arr): the first n elements"),
    ("takeWhile", list::take_while, "takeWhile(pred, arr): the longest prefix whose elements satisfy pred"),
    ("times", list::times, "times(n, f): [f(0), ..., f(n-1)]"),
    ("unique", list::unique, "unique(arr): elements without repeats, first occurrences in order"),
    ("zip", list::zip, "zip(a, b, ...): array of [a[i], b[i], ...] arrays, as long as the shortest input"),
    ("zipWith", list::zip_with, "zipWith(f, a, b): [f(a[i], b[i]) ...]"),
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

fn qualified(name: &str) -> Qualified<'_> {
    Qualified("functional", name)
}

fn expect(name: &str, args: &[Value], min: usize, max: usize) -> Result<(), RtError> {
    expect_args(qualified(name), args, min, max)
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

/// The `(f, items)` pair of a callback-over-collection function; arguments
/// after the first two keep their places.
fn func_and_items(name: &str, args: &[Value], max: usize) -> Result<(Value, Vec<Value>), RtError> {
    expect(name, args, 2, max)?;
    let (f, items) = if !args[0].is_callable() && args[1].is_callable() {
        (&args[1], &args[0])
    } else {
        (&args[0], &args[1])
    };
    Ok((func_arg(name, f)?, collect(items)?))
}

/// A count argument, clamped to the sequence size limit.
fn count_arg(name: &str, v: &Value) -> Result<i64, RtError> {
    int_arg(qualified(name), v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::builtins::lookup;

    #[test]
    fn capabilities_by_function() {
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
}
