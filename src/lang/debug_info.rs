//! What a compiled function keeps only to describe itself: its variables'
//! names (for parameter lists and "referenced before assignment" messages)
//! and the source position of each instruction (for error locations and
//! tracebacks). Both are read rarely, so they share one allocation laid out
//! for size, not lookup speed: the names one per line, a zero byte, then
//! the position table.
//!
//! The position table is a list of entries (instructions since the
//! previous entry, change of byte offset), one only where the offset
//! changes and only for instructions whose position can be asked for (see
//! [`DebugInfo::new`]). Consecutive instructions of one statement are close
//! together, so most entries fit in one byte: two bits of step (1 to 3) and
//! six of offset change (-32 to 31). Other entries start with a byte whose
//! top two bits are zero and whose others hold the step (or 63 and the step
//! follows as a varint), then the zigzagged change as a varint.

/// Variable names and instruction positions of one function, encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebugInfo {
    bytes: Box<[u8]>,
}

impl Default for DebugInfo {
    fn default() -> DebugInfo {
        DebugInfo::new([], &[], |_| true)
    }
}

const SHORT_STEPS: std::ops::RangeInclusive<usize> = 1..=3;
const SHORT_CHANGES: std::ops::RangeInclusive<i64> = -32..=31;
/// In a long entry's first byte: the step follows as a varint.
const STEP_FOLLOWS: u8 = 63;

impl DebugInfo {
    /// The names (which never contain a line break or a zero byte) and the
    /// byte offsets of the instructions, in instruction order.
    /// `asked_for(i)` says whether instruction `i`'s position can ever be
    /// looked up; one that cannot gets no entry of its own and reads back
    /// the offset of an instruction before it.
    pub fn new<'n>(
        names: impl IntoIterator<Item = &'n str>,
        offsets: &[u32],
        asked_for: impl Fn(usize) -> bool,
    ) -> DebugInfo {
        let mut bytes = Vec::new();
        for (i, name) in names.into_iter().enumerate() {
            if i > 0 {
                bytes.push(b'\n');
            }
            bytes.extend_from_slice(name.as_bytes());
        }
        bytes.push(0);
        encode_positions(&mut bytes, offsets, asked_for);
        DebugInfo {
            bytes: bytes.into_boxed_slice(),
        }
    }

    /// The names, in the order given.
    pub fn names(&self) -> std::str::Split<'_, char> {
        let text = std::str::from_utf8(self.names_bytes()).unwrap_or_default();
        text.split('\n')
    }

    fn names_bytes(&self) -> &[u8] {
        let end = self.bytes.iter().position(|b| *b == 0).unwrap_or(0);
        &self.bytes[..end]
    }

    /// The byte offset of instruction `index`, if the code has one.
    pub fn offset_of(&self, index: usize) -> Option<u32> {
        let table = self.bytes.get(self.names_bytes().len() + 1..)?;
        let mut bytes = table.iter().copied();
        let mut next_entry = 0usize;
        let mut offset: Option<i64> = None;
        loop {
            let (step, change) = read_entry(&mut bytes)?;
            next_entry += step;
            if let Some(offset) = offset.filter(|_| index < next_entry) {
                return u32::try_from(offset).ok();
            }
            offset = Some(offset.unwrap_or(0) + change?);
        }
    }

    /// Bytes held.
    pub fn memory_bytes(&self) -> usize {
        self.bytes.len()
    }
}

fn encode_positions(out: &mut Vec<u8>, offsets: &[u32], asked_for: impl Fn(usize) -> bool) {
    let mut previous_offset = 0i64;
    let mut last_entry = 0usize;
    for (index, &offset) in offsets.iter().enumerate() {
        let offset = i64::from(offset);
        if index > 0 && (offset == previous_offset || !asked_for(index)) {
            continue;
        }
        write_entry(out, index - last_entry, offset - previous_offset);
        last_entry = index;
        previous_offset = offset;
    }
    // An end marker with the instruction count and no change, so that an
    // index past the code finds nothing.
    write_long_step(out, offsets.len() - last_entry);
}

fn write_entry(out: &mut Vec<u8>, step: usize, change: i64) {
    if SHORT_STEPS.contains(&step) && SHORT_CHANGES.contains(&change) {
        out.push(((step as u8) << 6) | (change - SHORT_CHANGES.start()) as u8);
    } else {
        write_long_step(out, step);
        write_varint(out, zigzag(change));
    }
}

fn write_long_step(out: &mut Vec<u8>, step: usize) {
    match u8::try_from(step) {
        Ok(step) if step < STEP_FOLLOWS => out.push(step),
        _ => {
            out.push(STEP_FOLLOWS);
            write_varint(out, step as u64);
        }
    }
}

/// The next entry's step and change; the change is `None` for the end
/// marker.
fn read_entry(bytes: &mut impl Iterator<Item = u8>) -> Option<(usize, Option<i64>)> {
    let first = bytes.next()?;
    if first >> 6 != 0 {
        let change = i64::from(first & 0x3f) + SHORT_CHANGES.start();
        return Some(((first >> 6) as usize, Some(change)));
    }
    let step = match first {
        STEP_FOLLOWS => read_varint(bytes)? as usize,
        step => step as usize,
    };
    Some((step, read_varint(bytes).map(unzigzag)))
}

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    (n >> 1) as i64 ^ -((n & 1) as i64)
}

fn write_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read_varint(bytes: &mut impl Iterator<Item = u8>) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = bytes.next()?;
        n |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(n);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(offsets: &[u32]) {
        let table = DebugInfo::new([], offsets, |_| true);
        for (i, &offset) in offsets.iter().enumerate() {
            assert_eq!(
                table.offset_of(i),
                Some(offset),
                "instruction {i} of {offsets:?}"
            );
        }
        assert_eq!(table.offset_of(offsets.len()), None);
        assert_eq!(table.offset_of(offsets.len() + 7), None);
    }

    #[test]
    fn every_instruction_finds_its_offset() {
        round_trip(&[]);
        round_trip(&[0]);
        round_trip(&[5]);
        round_trip(&[0, 0, 0]);
        round_trip(&[3, 3, 9, 9, 9, 2, 400, 400, 70_000, 12, u32::MAX, 0]);
        round_trip(&[100, 131, 99, 67, 68, 68, 68, 68, 68, 36, 37]);
        let steps: Vec<u32> = (0..300).map(|i| (i / 100) * 5).collect();
        round_trip(&steps);
        let long: Vec<u32> = (0..1000).map(|i| (i / 3) * 37 % 5000).collect();
        round_trip(&long);
    }

    #[test]
    fn instructions_never_asked_for_read_an_earlier_offset() {
        let offsets = [10, 20, 30, 40, 50, 60];
        let asked = |i: usize| i.is_multiple_of(2);
        let table = DebugInfo::new([], &offsets, asked);
        for i in (0..offsets.len()).filter(|i| asked(*i)) {
            assert_eq!(table.offset_of(i), Some(offsets[i]));
        }
        assert_eq!(table.offset_of(3), Some(30));
        assert_eq!(table.offset_of(6), None);
    }

    #[test]
    fn names_and_positions_share_the_allocation() {
        let info = DebugInfo::new(["a", "", "count"], &[4, 9, 9, 2], |_| true);
        assert_eq!(info.names().collect::<Vec<_>>(), ["a", "", "count"]);
        assert_eq!(info.offset_of(2), Some(9));
        assert_eq!(info.offset_of(3), Some(2));
        assert_eq!(info.offset_of(4), None);
        let empty = DebugInfo::default();
        assert_eq!(empty.names().collect::<Vec<_>>(), [""]);
        assert_eq!(empty.offset_of(0), None);
    }

    #[test]
    fn nearby_offsets_take_a_byte_each() {
        let offsets: Vec<u32> = (0..100).map(|i| 1000 + (i % 4) * 9).collect();
        let table = DebugInfo::new([], &offsets, |_| true);
        assert!(table.memory_bytes() <= 100 + 9, "{}", table.memory_bytes());
        assert_eq!(DebugInfo::new([], &[10; 200], |_| true).memory_bytes(), 6);
    }
}
