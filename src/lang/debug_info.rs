//! What a compiled function keeps only to describe itself: its variables'
//! names (for parameter lists and "referenced before assignment" messages)
//! and the source position of each instruction (for error locations and
//! tracebacks). Both are read rarely, so they share one allocation laid out
//! for size, not lookup speed: the position table, then the names one per
//! line.
//!
//! The position table starts with the offset of the first instruction (a
//! varint), then lists entries (instructions since the previous entry,
//! change of byte offset), one only where the offset changes and only for
//! instructions whose position can be asked for (see [`DebugInfo::new`]).
//! Consecutive instructions of one statement are close together, so most
//! entries fit in one byte: two bits of step (1 to 3) and six of offset
//! change (-32 to 31). Other entries start with a byte whose top two bits
//! are zero and whose others hold the step (or [`STEP_FOLLOWS`] and the step
//! follows as a varint), then the zigzagged change as a varint. The table
//! ends with [`END`] and the count of instructions after the last entry.

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
/// The first byte of the table's end marker.
const END: u8 = 62;

impl DebugInfo {
    /// The names (which never contain a line break) and the byte offsets of
    /// the instructions, in instruction order. `asked_for(i)` says whether
    /// instruction `i`'s position can ever be looked up; one that cannot
    /// gets no entry of its own and reads back the offset of an instruction
    /// before it.
    pub fn new<'n>(
        names: impl IntoIterator<Item = &'n str>,
        offsets: &[u32],
        asked_for: impl Fn(usize) -> bool,
    ) -> DebugInfo {
        let mut bytes = Vec::new();
        encode_positions(&mut bytes, offsets, asked_for);
        for (i, name) in names.into_iter().enumerate() {
            if i > 0 {
                bytes.push(b'\n');
            }
            bytes.extend_from_slice(name.as_bytes());
        }
        DebugInfo {
            bytes: bytes.into_boxed_slice(),
        }
    }

    /// The names, in the order given.
    pub fn names(&self) -> std::str::Split<'_, char> {
        let mut rest: &[u8] = &self.bytes;
        read_varint(&mut rest);
        while read_entry(&mut rest).is_some_and(|(_, change)| change.is_some()) {}
        std::str::from_utf8(rest).unwrap_or_default().split('\n')
    }

    /// The byte offset of instruction `index`, if the code has one.
    pub fn offset_of(&self, index: usize) -> Option<u32> {
        let mut rest: &[u8] = &self.bytes;
        let mut offset = read_varint(&mut rest)? as i64;
        let mut next_entry = 0usize;
        loop {
            let (step, change) = read_entry(&mut rest)?;
            next_entry += step;
            if index < next_entry {
                return u32::try_from(offset).ok();
            }
            offset += change?;
        }
    }

    /// Bytes held.
    pub fn memory_bytes(&self) -> usize {
        self.bytes.len()
    }
}

fn encode_positions(out: &mut Vec<u8>, offsets: &[u32], asked_for: impl Fn(usize) -> bool) {
    let mut previous_offset = i64::from(offsets.first().copied().unwrap_or(0));
    write_varint(out, previous_offset as u64);
    let mut last_entry = 0usize;
    for (index, &offset) in offsets.iter().enumerate().skip(1) {
        let offset = i64::from(offset);
        if offset == previous_offset || !asked_for(index) {
            continue;
        }
        write_entry(out, index - last_entry, offset - previous_offset);
        last_entry = index;
        previous_offset = offset;
    }
    // The count after the last entry, so that an index past the code finds
    // nothing.
    out.push(END);
    write_varint(out, (offsets.len() - last_entry) as u64);
}

fn write_entry(out: &mut Vec<u8>, step: usize, change: i64) {
    if SHORT_STEPS.contains(&step) && SHORT_CHANGES.contains(&change) {
        out.push(((step as u8) << 6) | (change - SHORT_CHANGES.start()) as u8);
        return;
    }
    match u8::try_from(step) {
        Ok(step) if step < END => out.push(step),
        _ => {
            out.push(STEP_FOLLOWS);
            write_varint(out, step as u64);
        }
    }
    write_varint(out, zigzag(change));
}

/// The next entry's step and change; the change is `None` for the end
/// marker.
fn read_entry(rest: &mut &[u8]) -> Option<(usize, Option<i64>)> {
    let (&first, tail) = rest.split_first()?;
    *rest = tail;
    if first >> 6 != 0 {
        let change = i64::from(first & 0x3f) + SHORT_CHANGES.start();
        return Some(((first >> 6) as usize, Some(change)));
    }
    let step = match first {
        END => return Some((read_varint(rest)? as usize, None)),
        STEP_FOLLOWS => read_varint(rest)? as usize,
        step => step as usize,
    };
    Some((step, Some(unzigzag(read_varint(rest)?))))
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

fn read_varint(rest: &mut &[u8]) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, tail) = rest.split_first()?;
        *rest = tail;
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
        let steps: Vec<u32> = (0..300).map(|i| (i / 100) * 5 + 62).collect();
        let info = DebugInfo::new(["x"], &steps, |_| true);
        assert_eq!(info.names().collect::<Vec<_>>(), ["x"]);
        assert_eq!(info.offset_of(150), Some(67));
        let empty = DebugInfo::default();
        assert_eq!(empty.names().collect::<Vec<_>>(), [""]);
        assert_eq!(empty.offset_of(0), None);
    }

    #[test]
    fn nearby_offsets_take_a_byte_each() {
        let offsets: Vec<u32> = (0..100).map(|i| 1000 + (i % 4) * 9).collect();
        let table = DebugInfo::new([], &offsets, |_| true);
        assert!(table.memory_bytes() <= 100 + 4, "{}", table.memory_bytes());
        assert_eq!(DebugInfo::new([], &[10; 200], |_| true).memory_bytes(), 4);
    }
}
