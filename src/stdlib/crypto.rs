//! The `crypto` module (spec 5.10): hashes, HMAC, UUIDs and secure random
//! data, on the RustCrypto crates (`sha2`, `sha1`, `md-5`, `hmac`) and
//! `uuid`.
//!
//! Hashes take text (hashed as UTF-8, `salt` first, as the reference does)
//! and return lowercase hex. Algorithms are named like Python's `hashlib`;
//! besides the documented `sha256`, `sha1` and `md5`, the other SHA-2 sizes
//! are accepted because the reference looks the name up in `hashlib`.
//! Random values come from `rand`'s thread generator, a CSPRNG seeded by the
//! OS — never from the seedable `random` module. Only `hash_file` touches
//! the outside world, so only it checks grants.

use super::{functions, Row};
use crate::lang::builtins::{expect_args, int_arg, opt_arg, str_arg};
use crate::lang::error::{ErrorKind, RtError};
use crate::lang::value::{NativeResult, Value};
use crate::lang::vm::Vm;
use hmac::{Hmac, KeyInit, Mac};
use rand::RngExt;
use sha2::Digest;
use std::io::Read;

const HASH: &[&str] = &["crypto.hash"];
const RANDOM: &[&str] = &["crypto.random"];
const HASH_FILE: &[&str] = &["crypto.hash", "file.read"];

fn capabilities(name: &str) -> &'static [&'static str] {
    match name {
        "hash_file" => HASH_FILE,
        "uuid" => RANDOM,
        n if n.starts_with("random_") => RANDOM,
        _ => HASH,
    }
}

const ROWS: &[Row] = &[
    ("compare_hash", compare_hash, "compare_hash(a, b): whether two strings are equal, compared in constant time"),
    ("hash_file", hash_file, "hash_file(path, algorithm='sha256'): hex digest of a file's bytes (needs file.read)"),
    ("hmac", hmac_fn, "hmac(message, key, algorithm='sha256'): hex HMAC signature of message"),
    ("md5", md5, "md5(data, salt=''): hex MD5 digest of salt + data (checksums only, not secure)"),
    ("random_bytes", random_bytes, "random_bytes(n): array of n secure random ints 0-255"),
    ("random_float", random_float, "random_float(): a secure random float in [0, 1)"),
    ("random_hex", random_hex, "random_hex(n): 2n secure random hex characters"),
    ("random_int", random_int, "random_int(min, max): a secure random integer in [min, max] (max included)"),
    ("random_string", random_string, "random_string(n): n secure random characters from A-Z a-z 0-9"),
    ("sha1", sha1, "sha1(data, salt=''): hex SHA-1 digest of salt + data"),
    ("sha256", sha256, "sha256(data, salt=''): hex SHA-256 digest of salt + data"),
    ("uuid", uuid_v4, "uuid(): a random (version 4) UUID string"),
    ("uuid_from_string", uuid_v5, "uuid_from_string(data, namespace=DNS): the name-based (version 5) UUID of data"),
    ("verify_hmac", verify_hmac, "verify_hmac(message, signature, key, algorithm='sha256'): whether signature is message's HMAC"),
];

pub(super) fn members() -> Vec<(String, Value)> {
    functions("crypto", ROWS, capabilities)
}

/// The most random data one call may produce (bytes or characters).
const MAX_RANDOM: i64 = 1 << 24;

/// A hash algorithm named as in Python's `hashlib`.
#[derive(Clone, Copy)]
enum Algo {
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Algo {
    fn parse(name: &str) -> Result<Algo, RtError> {
        Ok(match name.to_ascii_lowercase().as_str() {
            "md5" => Algo::Md5,
            "sha1" => Algo::Sha1,
            "sha224" => Algo::Sha224,
            "sha256" => Algo::Sha256,
            "sha384" => Algo::Sha384,
            "sha512" => Algo::Sha512,
            _ => {
                return Err(RtError::value_error(format!(
                    "unsupported hash algorithm '{name}' (use sha256, sha1, md5, sha224, sha384 or sha512)"
                )))
            }
        })
    }

    /// The optional algorithm argument at `i` (default sha256).
    fn arg(name: &str, args: &[Value], i: usize) -> Result<Algo, RtError> {
        match opt_arg(args, i) {
            Some(v) => Algo::parse(str_arg(name, "algorithm", v)?),
            None => Ok(Algo::Sha256),
        }
    }

    /// Hex digest of everything `feed` writes into the hasher.
    fn digest(
        self,
        feed: impl FnMut(&mut dyn FnMut(&[u8])) -> Result<(), RtError>,
    ) -> Result<String, RtError> {
        match self {
            Algo::Md5 => digest_with::<md5::Md5>(feed),
            Algo::Sha1 => digest_with::<sha1::Sha1>(feed),
            Algo::Sha224 => digest_with::<sha2::Sha224>(feed),
            Algo::Sha256 => digest_with::<sha2::Sha256>(feed),
            Algo::Sha384 => digest_with::<sha2::Sha384>(feed),
            Algo::Sha512 => digest_with::<sha2::Sha512>(feed),
        }
    }

    fn hmac(self, key: &[u8], message: &[u8]) -> String {
        match self {
            Algo::Md5 => hmac_with::<Hmac<md5::Md5>>(key, message),
            Algo::Sha1 => hmac_with::<Hmac<sha1::Sha1>>(key, message),
            Algo::Sha224 => hmac_with::<Hmac<sha2::Sha224>>(key, message),
            Algo::Sha256 => hmac_with::<Hmac<sha2::Sha256>>(key, message),
            Algo::Sha384 => hmac_with::<Hmac<sha2::Sha384>>(key, message),
            Algo::Sha512 => hmac_with::<Hmac<sha2::Sha512>>(key, message),
        }
    }
}

fn digest_with<D: Digest>(
    mut feed: impl FnMut(&mut dyn FnMut(&[u8])) -> Result<(), RtError>,
) -> Result<String, RtError> {
    let mut hasher = D::new();
    feed(&mut |chunk| hasher.update(chunk))?;
    Ok(hex(&hasher.finalize()))
}

fn hmac_with<M: Mac + KeyInit>(key: &[u8], message: &[u8]) -> String {
    // HMAC accepts keys of any length, so this cannot fail; an empty
    // signature would simply never verify.
    match <M as KeyInit>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(message);
            hex(&mac.finalize().into_bytes())
        }
        Err(_) => String::new(),
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

/// `name(data, salt='')`: hex digest of salt + data.
fn salted(name: &str, algo: Algo, args: &[Value]) -> NativeResult {
    let qualified = format!("crypto.{name}");
    expect_args(&qualified, args, 1, 2)?;
    let data = str_arg(&qualified, "data", &args[0])?;
    let salt = match opt_arg(args, 1) {
        Some(v) => str_arg(&qualified, "salt", v)?,
        None => "",
    };
    let hex = algo.digest(|update| {
        update(salt.as_bytes());
        update(data.as_bytes());
        Ok(())
    })?;
    Ok(Value::string(hex))
}

fn sha256(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    salted("sha256", Algo::Sha256, args)
}

fn sha1(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    salted("sha1", Algo::Sha1, args)
}

fn md5(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    salted("md5", Algo::Md5, args)
}

fn hmac_fn(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("crypto.hmac", args, 2, 3)?;
    let message = str_arg("crypto.hmac", "message", &args[0])?;
    let key = str_arg("crypto.hmac", "key", &args[1])?;
    let algo = Algo::arg("crypto.hmac", args, 2)?;
    Ok(Value::string(algo.hmac(key.as_bytes(), message.as_bytes())))
}

fn verify_hmac(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("crypto.verify_hmac", args, 3, 4)?;
    let message = str_arg("crypto.verify_hmac", "message", &args[0])?;
    let signature = str_arg("crypto.verify_hmac", "signature", &args[1])?;
    let key = str_arg("crypto.verify_hmac", "key", &args[2])?;
    let algo = Algo::arg("crypto.verify_hmac", args, 3)?;
    let expected = algo.hmac(key.as_bytes(), message.as_bytes());
    Ok(Value::Bool(constant_time_eq(
        signature.as_bytes(),
        expected.as_bytes(),
    )))
}

fn compare_hash(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("crypto.compare_hash", args, 2, 2)?;
    let a = str_arg("crypto.compare_hash", "1", &args[0])?;
    let b = str_arg("crypto.compare_hash", "2", &args[1])?;
    Ok(Value::Bool(constant_time_eq(a.as_bytes(), b.as_bytes())))
}

/// Equality whose time depends only on the lengths, not on where the
/// inputs differ (what `hmac.compare_digest` promises).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

fn hash_file(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("crypto.hash_file", args, 1, 2)?;
    let path = str_arg("crypto.hash_file", "path", &args[0])?;
    let algo = Algo::arg("crypto.hash_file", args, 1)?;
    // Spec 3.14: only the file access is enforced; `crypto.hash` is listed
    // for `help()` but, like the rest of `crypto`, needs no grant.
    let expanded = expand_home(path).to_string_lossy().into_owned();
    let target = crate::capabilities::fs::PathArg {
        given: path,
        expanded: &expanded,
    };
    let mut file = crate::capabilities::fs::open_checked(vm.grants(), target)?;
    let io_error =
        |e: std::io::Error| RtError::new(ErrorKind::RuntimeError, format!("{path}: {e}"));
    let hex = algo.digest(|update| {
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = file.read(&mut buf).map_err(io_error)?;
            if n == 0 {
                return Ok(());
            }
            update(&buf[..n]);
        }
    })?;
    Ok(Value::string(hex))
}

/// `~` and `~/...` name the home directory, as for the `file` module.
fn expand_home(path: &str) -> std::path::PathBuf {
    let home = std::env::var_os("HOME");
    match (path.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            std::path::Path::new(&home).join(rest.trim_start_matches('/'))
        }
        _ => path.into(),
    }
}

fn uuid_v4(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("crypto.uuid", args, 0, 0)?;
    Ok(Value::string(uuid::Uuid::new_v4().to_string()))
}

fn uuid_v5(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("crypto.uuid_from_string", args, 1, 2)?;
    let data = str_arg("crypto.uuid_from_string", "data", &args[0])?;
    let namespace = match opt_arg(args, 1) {
        Some(v) => {
            let text = str_arg("crypto.uuid_from_string", "namespace", v)?;
            uuid::Uuid::parse_str(text).map_err(|e| {
                RtError::value_error(format!("invalid namespace UUID '{text}': {e}"))
            })?
        }
        None => uuid::Uuid::NAMESPACE_DNS,
    };
    Ok(Value::string(
        uuid::Uuid::new_v5(&namespace, data.as_bytes()).to_string(),
    ))
}

/// A length argument: 0..=MAX_RANDOM.
fn length_arg(name: &str, args: &[Value]) -> Result<usize, RtError> {
    let qualified = format!("crypto.{name}");
    expect_args(&qualified, args, 1, 1)?;
    let n = int_arg(&qualified, &args[0])?;
    if !(0..=MAX_RANDOM).contains(&n) {
        return Err(RtError::value_error(format!(
            "{qualified}() length must be between 0 and {MAX_RANDOM}, not {n}"
        )));
    }
    Ok(n as usize)
}

fn secure_bytes(n: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; n];
    rand::rng().fill(&mut bytes[..]);
    bytes
}

fn random_bytes(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let n = length_arg("random_bytes", args)?;
    let items = secure_bytes(n)
        .into_iter()
        .map(|b| Value::Int(b as i64))
        .collect();
    Ok(Value::array(items))
}

fn random_hex(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let n = length_arg("random_hex", args)?;
    Ok(Value::string(hex(&secure_bytes(n))))
}

fn random_string(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let n = length_arg("random_string", args)?;
    let mut rng = rand::rng();
    let text = (0..n)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    Ok(Value::string(text))
}

fn random_int(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("crypto.random_int", args, 2, 2)?;
    let lo = int_arg("crypto.random_int", &args[0])?;
    let hi = int_arg("crypto.random_int", &args[1])?;
    if hi < lo {
        return Err(RtError::value_error(format!(
            "crypto.random_int() empty range [{lo}, {hi}]"
        )));
    }
    Ok(Value::Int(rand::rng().random_range(lo..=hi)))
}

fn random_float(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("crypto.random_float", args, 0, 0)?;
    Ok(Value::Float(rand::rng().random::<f64>()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex_of(algo: &str, text: &str) -> String {
        Algo::parse(algo)
            .unwrap()
            .digest(|u| {
                u(text.as_bytes());
                Ok(())
            })
            .unwrap()
    }

    #[test]
    fn known_vectors() {
        assert_eq!(hex_of("md5", ""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(
            hex_of("sha1", "abc"),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            hex_of("SHA256", "abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(Algo::parse("sha3").is_err());
    }

    #[test]
    fn hmac_rfc_4231_case_2() {
        assert_eq!(
            Algo::Sha256.hmac(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn constant_time_compare() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
