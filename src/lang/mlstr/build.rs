//! Putting together the field of a new inline string: the text's bytes
//! and the tag as the three words the field is stored as, assembled in
//! registers (joined texts, copied slices, the digits of an int) so that a
//! new string is written once, as whole words, and read back without a
//! stall on store forwarding.

use super::{MlStr, INLINE, INLINE_BIT, REPR};
#[cfg(not(all(target_endian = "little", target_pointer_width = "64")))]
use super::{TAG_AT, TEXT_AT};
use crate::lang::format;

/// The last of a field's three words without its tag, which is that
/// word's top byte on 64-bit little-endian targets; the text's bytes past
/// its length are zero (the invariant of `Repr`).
#[cfg(all(target_endian = "little", target_pointer_width = "64"))]
const LAST_WORD_TEXT: usize = !(0xff << 56);

/// The field of inline text `x` followed by inline text `y` (together at
/// most [`INLINE`] bytes), as the words it is stored as: on 64-bit
/// little-endian targets put together in registers (the words of `y`
/// shifted past `x`), so the result is stored once, as words, never byte
/// by byte.
#[inline(always)]
pub(super) fn joined_words(x: &MlStr, y: &MlStr) -> [usize; 3] {
    let (lx, ly) = (x.as_str().len(), y.as_str().len());
    debug_assert!(x.is_inline() && y.is_inline() && lx + ly <= INLINE);
    #[cfg(all(target_endian = "little", target_pointer_width = "64"))]
    {
        let [a, b, c] = x.field_words();
        let [d, e, f] = y.field_words();
        let [d, e, f] = shl_bytes([d, e, f & LAST_WORD_TEXT], lx);
        let tag = usize::from(INLINE_BIT) | (lx + ly);
        [a | d, b | e, (c & LAST_WORD_TEXT) | f | tag << 56]
    }
    #[cfg(not(all(target_endian = "little", target_pointer_width = "64")))]
    {
        let mut buf = [0u8; INLINE];
        buf[..lx].copy_from_slice(x.as_str().as_bytes());
        buf[lx..lx + ly].copy_from_slice(y.as_str().as_bytes());
        inline_words(&buf[..lx + ly])
    }
}

/// The three little-endian words `w` moved `n` bytes (0..24) up, the
/// bytes moved past the top dropped.
#[cfg(all(target_endian = "little", target_pointer_width = "64"))]
#[inline(always)]
fn shl_bytes([a, b, c]: [usize; 3], n: usize) -> [usize; 3] {
    let (a, b, c) = match n / 8 {
        0 => (a, b, c),
        1 => (0, a, b),
        _ => (0, 0, a),
    };
    let r = (n % 8 * 8) as u32;
    // `x >> 1 >> (63 - r)` is `x >> (64 - r)`, and 0 when `r` is 0.
    let carry = |x: usize| x >> 1 >> (63 - r);
    [a << r, b << r | carry(a), c << r | carry(b)]
}

/// The field of bytes `first..first + count` of the inline field `words`
/// (the slice lies within the text): the words moved `first` bytes down,
/// the bytes past `count` cleared, the tag set for `count`.
#[cfg(all(target_endian = "little", target_pointer_width = "64"))]
#[inline(always)]
pub(super) fn inline_run(words: [usize; 3], first: usize, count: usize) -> [usize; 3] {
    debug_assert!(first + count <= INLINE);
    let [a, b, c] = words;
    let [a, b, c] = shr_bytes([a, b, c & LAST_WORD_TEXT], first);
    let [ma, mb, mc] = LOW_BYTES[count];
    let tag = usize::from(INLINE_BIT) | count;
    [a & ma, b & mb, c & mc | tag << 56]
}

/// `LOW_BYTES[n]`: three words whose low `n` bytes (little-endian, as a
/// field lies in memory) are set and the others clear.
#[cfg(all(target_endian = "little", target_pointer_width = "64"))]
static LOW_BYTES: [[usize; 3]; REPR] = {
    let mut masks = [[0; 3]; REPR];
    let mut n = 0;
    while n < REPR {
        let mut w = 0;
        while w < 3 {
            let k = n.saturating_sub(8 * w);
            masks[n][w] = if k >= 8 { !0 } else { (1 << (8 * k)) - 1 };
            w += 1;
        }
        n += 1;
    }
    masks
};

/// The three little-endian words `w` moved `n` bytes (0..24) down, zeros
/// coming in at the top.
#[cfg(all(target_endian = "little", target_pointer_width = "64"))]
#[inline(always)]
fn shr_bytes([a, b, c]: [usize; 3], n: usize) -> [usize; 3] {
    let (a, b, c) = match n / 8 {
        0 => (a, b, c),
        1 => (b, c, 0),
        _ => (c, 0, 0),
    };
    let r = (n % 8 * 8) as u32;
    // `x << 1 << (63 - r)` is `x << (64 - r)`, and 0 when `r` is 0.
    let carry = |x: usize| x << 1 << (63 - r);
    [a >> r | carry(b), b >> r | carry(c), c >> r]
}

/// The byte offset of the first byte `b` in a field's words as they lie
/// in memory, the tag byte read as 0; the caller drops a match past the
/// text (a zero byte of the padding or the tag). A word holding `b` has a
/// zero byte after xor with `b` repeated, and the lowest flag the
/// zero-byte test raises is the first match (a false flag can only
/// appear above a true one).
#[cfg(all(target_endian = "little", target_pointer_width = "64"))]
#[inline(always)]
pub(super) fn find_byte_in_field(words: [usize; 3], b: u8) -> Option<usize> {
    const LOW: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let pattern = LOW * u64::from(b);
    let mut at = 0;
    let [a, b2, c] = words;
    for w in [a, b2, c & LAST_WORD_TEXT] {
        let x = w as u64 ^ pattern;
        let flags = x.wrapping_sub(LOW) & !x & HIGH;
        if flags != 0 {
            return Some(at + flags.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    None
}

/// The bytes of a field given as the words it is stored as.
#[inline(always)]
pub(super) fn field_bytes(words: [usize; 3]) -> [u8; REPR] {
    let mut field = [0u8; REPR];
    for (bytes, w) in field.chunks_exact_mut(WORD).zip(words) {
        bytes.copy_from_slice(&w.to_ne_bytes());
    }
    field
}

/// The inline field of `src` (at most [`INLINE`] bytes), tag included.
#[inline(always)]
pub(super) fn inline_field(src: &[u8]) -> [u8; REPR] {
    field_bytes(inline_words(src))
}

const WORD: usize = std::mem::size_of::<usize>();

/// [`inline_field`] as the three words it is stored as.
///
/// On 64-bit little-endian targets they are put together in registers
/// from overlapping loads of `src`: built byte by byte in memory and read
/// back as words, the field stalled each read on the narrower stores
/// before it (store forwarding fails).
#[inline(always)]
pub(super) fn inline_words(src: &[u8]) -> [usize; 3] {
    #[cfg(all(target_endian = "little", target_pointer_width = "64"))]
    {
        let n = src.len();
        debug_assert!(n <= INLINE);
        // SAFETY (each read): `at + size <= n`, checked by the branch the
        // read is in.
        let w8 = |at: usize| unsafe { src.as_ptr().add(at).cast::<u64>().read_unaligned() };
        let w4 =
            |at: usize| u64::from(unsafe { src.as_ptr().add(at).cast::<u32>().read_unaligned() });
        let w2 =
            |at: usize| u64::from(unsafe { src.as_ptr().add(at).cast::<u16>().read_unaligned() });
        // A tail word read ending at `n` holds bytes already taken below
        // its part: shifted down, only the new ones remain (zero-padded).
        let (a, b, c) = match n {
            17..=23 => (w8(0), w8(8), w8(n - 8) >> (8 * (24 - n))),
            16 => (w8(0), w8(8), 0),
            9..=15 => (w8(0), w8(n - 8) >> (8 * (16 - n)), 0),
            8 => (w8(0), 0, 0),
            // Overlapping halves: the shared bytes are equal, so `|` keeps them.
            4..=7 => (w4(0) | w4(n - 4) << (8 * (n - 4)), 0, 0),
            2 | 3 => (w2(0) | w2(n - 2) << (8 * (n - 2)), 0, 0),
            1 => (u64::from(src[0]), 0, 0),
            _ => (0, 0, 0),
        };
        let c = c | u64::from(INLINE_BIT | n as u8) << 56;
        [a as usize, b as usize, c as usize]
    }
    #[cfg(not(all(target_endian = "little", target_pointer_width = "64")))]
    {
        let mut field = [0u8; REPR];
        copy_short(&mut field, src);
        field[TAG_AT] = INLINE_BIT | src.len() as u8;
        let word = |i: usize| {
            let mut w = [0u8; WORD];
            w.copy_from_slice(&field[i * WORD..(i + 1) * WORD]);
            usize::from_ne_bytes(w)
        };
        [word(0), word(1), word(2)]
    }
}

/// `field[TEXT_AT..][..src.len()] = src` for `src` of at most [`INLINE`]
/// bytes, as overlapping word copies instead of a call to `memcpy`: most
/// strings a program makes (slices, digits, words) are this short.
#[cfg(not(all(target_endian = "little", target_pointer_width = "64")))]
#[inline]
fn copy_short(field: &mut [u8; REPR], src: &[u8]) {
    let n = src.len();
    let dst = &mut field[TEXT_AT..TEXT_AT + INLINE];
    if n >= 16 {
        dst[..16].copy_from_slice(&src[..16]);
        dst[n - 8..n].copy_from_slice(&src[n - 8..]);
    } else if n >= 8 {
        dst[..8].copy_from_slice(&src[..8]);
        dst[n - 8..n].copy_from_slice(&src[n - 8..]);
    } else if n >= 4 {
        dst[..4].copy_from_slice(&src[..4]);
        dst[n - 4..n].copy_from_slice(&src[n - 4..]);
    } else {
        for (d, b) in dst.iter_mut().zip(src) {
            *d = *b;
        }
    }
}

/// The inline field of the decimal text of `i` and its length, put
/// together in registers (the last digit first) when the text has at most
/// 16 bytes, on 64-bit little-endian targets; `None` otherwise.
#[inline(always)]
pub(super) fn int_words(i: i64) -> Option<([usize; 3], u32)> {
    #[cfg(all(target_endian = "little", target_pointer_width = "64"))]
    if i.unsigned_abs() < 1_000_000_000_000_000 {
        let mut n = i.unsigned_abs();
        let (mut text, mut len) = (0u128, 0usize);
        loop {
            text = text << 8 | u128::from(b'0' + (n % 10) as u8);
            len += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        if i < 0 {
            text = text << 8 | u128::from(b'-');
            len += 1;
        }
        let tag = (usize::from(INLINE_BIT) | len) << 56;
        return Some(([text as usize, (text >> 64) as usize, tag], len as u32));
    }
    let _ = i;
    None
}

/// The decimal text of `i` (the numbers too long for [`int_words`]).
#[cold]
pub(super) fn decimal(i: i64) -> MlStr {
    let mut text = String::with_capacity(20);
    format::push_int(&mut text, i);
    MlStr::new(text)
}
