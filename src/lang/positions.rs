//! The source position of each instruction, stored compactly.
//!
//! A position is only looked up when an error is raised or a traceback is
//! built, so the table is optimised for size, not lookup speed: a list of
//! entries (instructions since the previous entry, change of byte offset),
//! one only where the offset changes and only for instructions whose
//! position can be asked for (see [`Positions::encode`]). Consecutive
//! instructions of one statement are close together, so most entries fit
//! in one byte: two bits of step (1 to 3) and six of offset change (-32 to
//! 31). Other entries are a zero byte, then the step and the zigzagged
//! change as varints.

/// Byte offsets in the source, one per instruction, encoded.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Positions {
    encoded: Box<[u8]>,
}

const SHORT_STEPS: std::ops::RangeInclusive<usize> = 1..=3;
const SHORT_CHANGES: std::ops::RangeInclusive<i64> = -32..=31;

impl Positions {
    /// The table for instructions whose byte offsets are `offsets`, in
    /// instruction order. `asked_for(i)` says whether instruction `i`'s
    /// position can ever be looked up; one that cannot gets no entry of
    /// its own and reads back the offset of an instruction before it.
    pub fn encode(offsets: &[u32], asked_for: impl Fn(usize) -> bool) -> Positions {
        let mut encoded = Vec::new();
        let mut previous_offset = 0i64;
        let mut last_entry = 0usize;
        for (index, &offset) in offsets.iter().enumerate() {
            let offset = i64::from(offset);
            if index > 0 && (offset == previous_offset || !asked_for(index)) {
                continue;
            }
            write_entry(&mut encoded, index - last_entry, offset - previous_offset);
            last_entry = index;
            previous_offset = offset;
        }
        // An end marker with the instruction count and no change, so that
        // an index past the code finds nothing.
        encoded.push(0);
        write_varint(&mut encoded, (offsets.len() - last_entry) as u64);
        Positions {
            encoded: encoded.into_boxed_slice(),
        }
    }

    /// The byte offset of instruction `index`, if the code has one.
    pub fn offset_of(&self, index: usize) -> Option<u32> {
        let mut bytes = self.encoded.iter().copied();
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

    /// Bytes the table holds.
    pub fn memory_bytes(&self) -> usize {
        self.encoded.len()
    }
}

fn write_entry(out: &mut Vec<u8>, step: usize, change: i64) {
    if SHORT_STEPS.contains(&step) && SHORT_CHANGES.contains(&change) {
        out.push(((step as u8) << 6) | (change - SHORT_CHANGES.start()) as u8);
    } else {
        out.push(0);
        write_varint(out, step as u64);
        write_varint(out, zigzag(change));
    }
}

/// The next entry's step and change; the change is `None` for the end
/// marker.
fn read_entry(bytes: &mut impl Iterator<Item = u8>) -> Option<(usize, Option<i64>)> {
    let first = bytes.next()?;
    if first != 0 {
        let change = i64::from(first & 0x3f) + SHORT_CHANGES.start();
        return Some(((first >> 6) as usize, Some(change)));
    }
    let step = read_varint(bytes)? as usize;
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
        let table = Positions::encode(offsets, |_| true);
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
        let long: Vec<u32> = (0..1000).map(|i| (i / 3) * 37 % 5000).collect();
        round_trip(&long);
    }

    #[test]
    fn instructions_never_asked_for_read_an_earlier_offset() {
        let offsets = [10, 20, 30, 40, 50, 60];
        let asked = |i: usize| i.is_multiple_of(2);
        let table = Positions::encode(&offsets, asked);
        for i in (0..offsets.len()).filter(|i| asked(*i)) {
            assert_eq!(table.offset_of(i), Some(offsets[i]));
        }
        assert_eq!(table.offset_of(3), Some(30));
        assert_eq!(table.offset_of(6), None);
    }

    #[test]
    fn nearby_offsets_take_a_byte_each() {
        let offsets: Vec<u32> = (0..100).map(|i| 1000 + (i % 4) * 9).collect();
        let table = Positions::encode(&offsets, |_| true);
        assert!(table.memory_bytes() <= 100 + 8, "{}", table.memory_bytes());
        assert_eq!(Positions::encode(&[10; 200], |_| true).memory_bytes(), 6);
    }
}
