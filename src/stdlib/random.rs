//! The `random` module (spec 5.7): one seedable generator per VM.
//!
//! **Where the generator lives.** `members()` runs once per module load,
//! and a VM loads a module once and hands the same module object to every
//! later import; so the generator is created there and captured (behind an
//! `Rc<RefCell<..>>`) by every function of the table. That gives exactly one
//! generator per VM, with no global or thread-local state for two VMs in one
//! thread to share, and `setSeed` reseeds the one every importer sees.
//!
//! The generator is PCG-64 (`rand_pcg`): small, fast and, seeded through
//! `seed_from_u64`, a reproducible stream for a given seed and crate
//! version. Sequences do not match the reference's Mersenne Twister (the
//! spec does not ask for that). Without `setSeed` the seed comes from the OS.

use crate::lang::builtins::{
    closure_value, expect_args, int_arg, opt_arg, range_values, Qualified, MAX_SEQUENCE,
};
use crate::lang::error::RtError;
use crate::lang::iter::collect;
use crate::lang::ops::{number, Num};
use crate::lang::value::{NativeResult, Value};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64;
use std::cell::RefCell;
use std::rc::Rc;

const GENERATE: &[&str] = &["random.generate"];
const SAMPLE: &[&str] = &["random.sample"];

/// The module's state: the generator and the seed it was last given.
struct Gen {
    rng: Pcg64,
    seed: i64,
}

impl Gen {
    fn seeded(seed: i64) -> Gen {
        Gen {
            rng: Pcg64::seed_from_u64(seed as u64),
            seed,
        }
    }

    fn unit(&mut self) -> f64 {
        self.rng.random::<f64>()
    }

    /// A uniform index below `n` (`n` > 0).
    fn index(&mut self, n: usize) -> usize {
        self.rng.random_range(0..n)
    }

    /// Fisher–Yates on a copy.
    fn shuffled(&mut self, mut items: Vec<Value>) -> Vec<Value> {
        for i in (1..items.len()).rev() {
            let j = self.index(i + 1);
            items.swap(i, j);
        }
        items
    }

    /// `n` distinct elements in random order (`n` <= len).
    fn sample(&mut self, mut items: Vec<Value>, n: usize) -> Vec<Value> {
        for i in 0..n {
            let j = i + self.index(items.len() - i);
            items.swap(i, j);
        }
        items.truncate(n);
        items
    }
}

type GenFn = fn(&mut Gen, &[Value]) -> NativeResult;

/// Name, implementation, `help()` text, capability names.
type RandRow = (&'static str, GenFn, &'static str, &'static [&'static str]);

const ROWS: &[RandRow] = &[
    (
        "choice",
        choice,
        "choice(a): a random element of a (null when empty)",
        SAMPLE,
    ),
    (
        "gaussian",
        normal,
        "gaussian(mean=0, sd=1): a normally distributed float",
        GENERATE,
    ),
    (
        "getSeed",
        get_seed,
        "getSeed(): the seed of the generator",
        GENERATE,
    ),
    (
        "get_seed",
        get_seed,
        "get_seed(): the seed of the generator",
        GENERATE,
    ),
    (
        "nextInt",
        next_int,
        "nextInt(): a random integer in 0..4294967295",
        GENERATE,
    ),
    (
        "next_int",
        next_int,
        "next_int(): a random integer in 0..4294967295",
        GENERATE,
    ),
    (
        "random",
        random,
        "random(): a random float in [0, 1)",
        GENERATE,
    ),
    (
        "randomBool",
        random_bool,
        "randomBool(): true or false with equal chance",
        GENERATE,
    ),
    (
        "randomBoolWeighted",
        weighted,
        "randomBoolWeighted(p): true with probability p",
        GENERATE,
    ),
    (
        "randomFloat",
        uniform,
        "randomFloat(min=0, max=1): a random float between min and max",
        GENERATE,
    ),
    (
        "randomIndices",
        indices,
        "randomIndices(len, count): count distinct indices below len (all when count >= len)",
        SAMPLE,
    ),
    (
        "randomInt",
        random_int,
        "randomInt(min=0, max=100): a random integer in [min, max) (max excluded)",
        GENERATE,
    ),
    (
        "randomNormal",
        normal,
        "randomNormal(mean=0, sd=1): a normally distributed float",
        GENERATE,
    ),
    (
        "random_bool",
        random_bool,
        "random_bool(): true or false with equal chance",
        GENERATE,
    ),
    (
        "random_bool_weighted",
        weighted,
        "random_bool_weighted(p): true with probability p",
        GENERATE,
    ),
    (
        "random_float",
        uniform,
        "random_float(min=0, max=1): a random float between min and max",
        GENERATE,
    ),
    (
        "random_indices",
        indices,
        "random_indices(len, count): count distinct indices below len",
        SAMPLE,
    ),
    (
        "random_int",
        random_int,
        "random_int(min=0, max=100): a random integer in [min, max) (max excluded)",
        GENERATE,
    ),
    (
        "random_normal",
        normal,
        "random_normal(mean=0, sd=1): a normally distributed float",
        GENERATE,
    ),
    (
        "sample",
        sample,
        "sample(a, n): n distinct elements of a in random order",
        SAMPLE,
    ),
    (
        "setSeed",
        set_seed,
        "setSeed(n): reseeds the generator for a reproducible sequence; returns n",
        GENERATE,
    ),
    (
        "set_seed",
        set_seed,
        "set_seed(n): reseeds the generator for a reproducible sequence; returns n",
        GENERATE,
    ),
    (
        "shuffle",
        shuffle,
        "shuffle(a): a new array with a's elements in random order",
        SAMPLE,
    ),
    (
        "triangular",
        triangular,
        "triangular(low, high, mode=midpoint): a float from the triangular distribution",
        GENERATE,
    ),
    (
        "uniform",
        uniform,
        "uniform(min=0, max=1): a random float between min and max",
        GENERATE,
    ),
];

pub(super) fn members() -> Vec<(String, Value)> {
    let seed = rand::rng().random::<u32>() as i64;
    let state = Rc::new(RefCell::new(Gen::seeded(seed)));
    ROWS.iter()
        .map(|&(name, func, doc, caps)| {
            let state = state.clone();
            let value = closure_value(&format!("random.{name}"), doc, caps, move |_vm, args| {
                func(&mut state.borrow_mut(), args)
            });
            (name.to_string(), value)
        })
        .collect()
}

/// A numeric argument as f64, or `default` when absent/null.
fn num_or(name: &str, args: &[Value], i: usize, default: f64) -> Result<f64, RtError> {
    let Some(v) = opt_arg(args, i) else {
        return Ok(default);
    };
    match number(v) {
        Some(Num::I(i)) => Ok(i as f64),
        Some(Num::F(f)) => Ok(f),
        None => Err(RtError::type_error(format!(
            "random.{name}() argument must be a number, not '{}'",
            v.type_name()
        ))),
    }
}

fn int_or(name: &str, args: &[Value], i: usize, default: i64) -> Result<i64, RtError> {
    opt_arg(args, i).map_or(Ok(default), |v| int_arg(Qualified("random", name), v))
}

/// A count argument: a non-negative int within the sequence limit.
fn count_arg(name: &str, v: &Value) -> Result<usize, RtError> {
    let n = int_arg(Qualified("random", name), v)?;
    if !(0..=MAX_SEQUENCE).contains(&n) {
        return Err(RtError::value_error(format!(
            "random.{name}() count must be between 0 and {MAX_SEQUENCE}, not {n}"
        )));
    }
    Ok(n as usize)
}

fn set_seed(g: &mut Gen, args: &[Value]) -> NativeResult {
    expect_args("random.setSeed", args, 1, 1)?;
    *g = Gen::seeded(int_arg("random.setSeed", &args[0])?);
    Ok(Value::Int(g.seed))
}

fn get_seed(g: &mut Gen, args: &[Value]) -> NativeResult {
    expect_args("random.getSeed", args, 0, 0)?;
    Ok(Value::Int(g.seed))
}

fn random(g: &mut Gen, args: &[Value]) -> NativeResult {
    expect_args("random.random", args, 0, 0)?;
    Ok(Value::Float(g.unit()))
}

fn uniform(g: &mut Gen, args: &[Value]) -> NativeResult {
    expect_args("random.randomFloat", args, 0, 2)?;
    let lo = num_or("randomFloat", args, 0, 0.0)?;
    let hi = num_or("randomFloat", args, 1, 1.0)?;
    Ok(Value::Float(lo + (hi - lo) * g.unit()))
}

fn random_int(g: &mut Gen, args: &[Value]) -> NativeResult {
    expect_args("random.randomInt", args, 0, 2)?;
    let lo = int_or("randomInt", args, 0, 0)?;
    let hi = int_or("randomInt", args, 1, 100)?;
    if hi <= lo {
        return Err(RtError::value_error(format!(
            "random.randomInt() empty range [{lo}, {hi})"
        )));
    }
    Ok(Value::Int(g.rng.random_range(lo..hi)))
}

fn next_int(g: &mut Gen, args: &[Value]) -> NativeResult {
    expect_args("random.nextInt", args, 0, 0)?;
    Ok(Value::Int(g.rng.random::<u32>() as i64))
}

fn random_bool(g: &mut Gen, args: &[Value]) -> NativeResult {
    expect_args("random.randomBool", args, 0, 0)?;
    Ok(Value::Bool(g.unit() < 0.5))
}

fn weighted(g: &mut Gen, args: &[Value]) -> NativeResult {
    expect_args("random.randomBoolWeighted", args, 1, 1)?;
    let p = num_or("randomBoolWeighted", args, 0, 0.5)?;
    Ok(Value::Bool(g.unit() < p))
}

/// Box–Muller; `1 - unit()` keeps the logarithm's argument above 0.
fn normal(g: &mut Gen, args: &[Value]) -> NativeResult {
    expect_args("random.randomNormal", args, 0, 2)?;
    let mean = num_or("randomNormal", args, 0, 0.0)?;
    let sd = num_or("randomNormal", args, 1, 1.0)?;
    let (u1, u2) = (1.0 - g.unit(), g.unit());
    let z = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
    Ok(Value::Float(mean + sd * z))
}

/// Python's `random.triangular` algorithm.
fn triangular(g: &mut Gen, args: &[Value]) -> NativeResult {
    expect_args("random.triangular", args, 2, 3)?;
    let mut lo = num_or("triangular", args, 0, 0.0)?;
    let mut hi = num_or("triangular", args, 1, 1.0)?;
    let mode = num_or("triangular", args, 2, (lo + hi) / 2.0)?;
    if hi == lo {
        return Ok(Value::Float(lo));
    }
    let mut u = g.unit();
    let mut c = (mode - lo) / (hi - lo);
    if u > c {
        u = 1.0 - u;
        c = 1.0 - c;
        std::mem::swap(&mut lo, &mut hi);
    }
    Ok(Value::Float(lo + (hi - lo) * (u * c).sqrt()))
}

fn choice(g: &mut Gen, args: &[Value]) -> NativeResult {
    expect_args("random.choice", args, 1, 1)?;
    let mut items = collect(&args[0])?;
    if items.is_empty() {
        return Ok(Value::Null);
    }
    let i = g.index(items.len());
    Ok(items.swap_remove(i))
}

fn shuffle(g: &mut Gen, args: &[Value]) -> NativeResult {
    expect_args("random.shuffle", args, 1, 1)?;
    let items = collect(&args[0])?;
    Ok(Value::array(g.shuffled(items)))
}

fn sample(g: &mut Gen, args: &[Value]) -> NativeResult {
    expect_args("random.sample", args, 2, 2)?;
    let items = collect(&args[0])?;
    let n = count_arg("sample", &args[1])?;
    if n >= items.len() {
        return Ok(Value::array(g.shuffled(items)));
    }
    Ok(Value::array(g.sample(items, n)))
}

fn indices(g: &mut Gen, args: &[Value]) -> NativeResult {
    expect_args("random.randomIndices", args, 2, 2)?;
    let len = count_arg("randomIndices", &args[0])?;
    let count = count_arg("randomIndices", &args[1])?;
    let all = range_values(0, len as i64, 1)?;
    if count >= len {
        return Ok(Value::array(all));
    }
    Ok(Value::array(g.sample(all, count)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let (mut a, mut b) = (Gen::seeded(42), Gen::seeded(42));
        let xs: Vec<f64> = (0..5).map(|_| a.unit()).collect();
        let ys: Vec<f64> = (0..5).map(|_| b.unit()).collect();
        assert_eq!(xs, ys);
        assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
    }

    #[test]
    fn sample_is_distinct() {
        let mut g = Gen::seeded(1);
        let items: Vec<Value> = (0..10).map(Value::Int).collect();
        let mut picked: Vec<i64> = g
            .sample(items, 4)
            .iter()
            .map(|v| match v {
                Value::Int(i) => *i,
                _ => -1,
            })
            .collect();
        picked.sort();
        picked.dedup();
        assert_eq!(picked.len(), 4);
    }
}
