//! Instruction fusion: pairs of instructions that commonly follow each
//! other become one (a constant operand, local operands, `x = x + k`),
//! which saves a dispatch each time they run.
//!
//! A fused instruction packs its operands into 8 bytes, so a pair fuses
//! only when its slots fit in `u16` and its constant in the fused field;
//! otherwise both instructions stay as they are, which runs the same.

use crate::lang::chunk::{Arith, Cmp, Op};

/// Whether the fused compare-and-branch instructions (whose jump targets
/// are `u16`) may be formed. A function whose code outgrows `u16`
/// is compiled again without them (see `Compiler::function`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ShortJumps {
    Allowed,
    Forbidden,
}

/// `LoadLocal2(x, a); LoadLocal(b); op` as `LoadLocal(x); op'` where `op'`
/// fuses `op` with the locals `a` and `b`: the pairwise fusion paired the
/// first two loads, but an operation on the last two saves more (`arr[i] =
/// t` pushes `t`, `arr`, `i`, and `StoreIndexLL` takes the last two).
pub(super) fn regroup(first: Op, second: Op, op: Op, short_jumps: ShortJumps) -> Option<[Op; 2]> {
    let (Op::LoadLocal2(x, a), Op::LoadLocal(b)) = (first, second) else {
        return None;
    };
    let b = u16::try_from(b).ok()?;
    let fused = combine(Op::LoadLocal2(a, b), op, short_jumps)?;
    // An arithmetic op would fuse with `b` alone as well (`ArithL`), which
    // saves as much; regrouping is for the ops that have no such form.
    if matches!(fused, Op::ArithLL { .. }) {
        return None;
    }
    Some([Op::LoadLocal(x.into()), fused])
}

/// The instruction that does `obj.name = obj.name op x` (or `a[i] = a[i]
/// op x`) in one step: a field (element) read, an operation with a local
/// or a small constant, and the store back into the same field of the
/// same local or upvalue (the same element of the same locals). It takes
/// the read's place and the other two stay after it (see `Op::RmwMemberL`,
/// `Op::RmwIndexLL`).
pub(super) fn read_modify_write(read: Op, modify: Op, store: Op) -> Option<Op> {
    let short = |n: u32| u16::try_from(n).ok();
    Some(match (read, modify, store) {
        (
            Op::GetMemberL { slot: obj, name },
            Op::ArithL { op, slot },
            Op::StoreMemberL { slot: s, name: n },
        ) if s == obj && n == name => Op::RmwMemberL {
            op,
            obj,
            name: short(name)?,
            slot,
        },
        (
            Op::GetMemberU { up, name },
            Op::ArithL { op, slot },
            Op::StoreMemberU { up: u, name: n },
        ) if u == up && n == name => Op::RmwMemberU {
            op,
            up,
            name: short(name)?,
            slot,
        },
        (Op::GetMemberU { up, name }, Op::AddK(k), Op::StoreMemberU { up: u, name: n })
            if u == up && n == name =>
        {
            Op::IncMemberU {
                up,
                name: short(name)?,
                k: i16::try_from(k).ok()?,
            }
        }
        (Op::IndexLL(a, i), Op::ArithL { op, slot }, Op::StoreIndexLL(x, y))
            if (x, y) == (a, i) =>
        {
            Op::RmwIndexLL { op, a, i, slot }
        }
        (Op::IndexLL(a, i), konst, Op::StoreIndexLL(x, y)) if (x, y) == (a, i) => {
            let (op, k) = match konst {
                Op::AddK(k) => (Arith::Add, k),
                Op::SubK(k) => (Arith::Sub, k),
                Op::MulK(k) => (Arith::Mul, k),
                _ => return None,
            };
            Op::RmwIndexLK {
                op,
                a,
                i,
                k: i16::try_from(k).ok()?,
            }
        }
        _ => return None,
    })
}

/// The instruction that does arithmetic `op` and then `store` into a
/// field, taking `op`'s place with the store left after it (see
/// `Op::ArithStoreMemberL`).
pub(super) fn arith_store(op: Op, store: Op) -> Option<Op> {
    let op = Arith::of(op)?;
    Some(match store {
        Op::StoreMemberL { slot, name } => Op::ArithStoreMemberL { op, slot, name },
        Op::StoreMemberU { up, name } => Op::ArithStoreMemberU { op, up, name },
        _ => return None,
    })
}

/// The instruction that reads a local's field and does arithmetic `op`
/// with it, taking the read's place with `op` left after it (see
/// `Op::ArithMemberL`).
pub(super) fn member_arith(read: Op, op: Op) -> Option<Op> {
    let (Op::GetMemberL { slot, name }, Some(op)) = (read, Arith::of(op)) else {
        return None;
    };
    Some(Op::ArithMemberL { op, slot, name })
}

/// The instruction that does `a` then `b`, when one exists and the
/// operands fit it.
pub(super) fn combine(a: Op, b: Op, short_jumps: ShortJumps) -> Option<Op> {
    let short = |n: u32| u16::try_from(n).ok();
    let short_target = |t: u32| match short_jumps {
        ShortJumps::Allowed => short(t),
        ShortJumps::Forbidden => None,
    };
    if let Some(op) = Arith::of(b) {
        match a {
            Op::LoadLocal(slot) => {
                return Some(Op::ArithL {
                    op,
                    slot: short(slot)?,
                })
            }
            Op::LoadLocal2(a, b) => return Some(Op::ArithLL { op, a, b }),
            _ => {}
        }
    }
    Some(match (a, b) {
        (Op::SmallInt(k), Op::Add) => Op::AddK(k),
        (Op::SmallInt(k), Op::Sub) => Op::SubK(k),
        (Op::SmallInt(k), Op::Mul) => Op::MulK(k),
        (Op::SmallInt(k), Op::Mod) => Op::ModK(k),
        (Op::SmallInt(k), Op::FloorDiv) => Op::FloorDivK(k),
        (Op::LoadGlobal(slot), Op::CmpJump { cmp, target }) => Op::CmpGJump {
            cmp,
            slot: short(slot)?,
            target: short_target(target)?,
        },
        // `x == null` / `x != null`.
        (
            Op::Null,
            Op::CmpJump {
                cmp: cmp @ (Cmp::Eq | Cmp::Ne),
                target,
            },
        ) => Op::CmpNullJump { cmp, target },
        (Op::ArithL { op, slot }, Op::StoreLocal(dst)) => Op::ArithLTo {
            op,
            slot,
            dst: short(dst)?,
        },
        (Op::ArithLL { op, a, b }, Op::StoreLocal(dst)) => Op::ArithLLTo {
            op,
            a,
            b,
            dst: short(dst)?,
        },
        (Op::SmallInt(k), Op::CmpJump { cmp, target }) => Op::CmpKJump {
            cmp,
            k,
            target: short_target(target)?,
        },
        // A compare with a constant of the table: a float bound, a string
        // literal (`kind == "array"`), a wide int.
        (Op::Const(konst), Op::CmpJump { cmp, target }) => Op::CmpCJump {
            cmp,
            konst,
            target: short_target(target)?,
        },
        (Op::LoadLocal(slot), Op::CmpCJump { cmp, konst, target }) => Op::CmpLCJump {
            cmp,
            slot: short(slot)?,
            konst: short(konst)?,
            target,
        },
        (Op::LoadLocal(slot), Op::AddK(k)) => Op::AddLK {
            slot: short(slot)?,
            k,
        },
        (Op::LoadLocal(slot), Op::SubK(k)) => Op::SubLK {
            slot: short(slot)?,
            k,
        },
        (Op::LoadLocal(slot), Op::ModK(k)) => Op::ModLK {
            slot: short(slot)?,
            k,
        },
        (Op::LoadGlobal(slot), Op::AddK(k)) => Op::AddGK {
            slot: short(slot)?,
            k,
        },
        (Op::LoadLocal(a), Op::LoadLocal(b)) => Op::LoadLocal2(short(a)?, short(b)?),
        (Op::LoadLocal(slot), Op::CmpKJump { cmp, k, target }) => Op::CmpLKJump {
            cmp,
            slot: short(slot)?,
            k: i16::try_from(k).ok()?,
            target,
        },
        (Op::LoadLocal2(a, b), Op::CmpJump { cmp, target }) => Op::CmpLLJump {
            cmp,
            a,
            b,
            target: short_target(target)?,
        },
        (Op::AddLK { slot, k }, Op::StoreLocal(s)) if u32::from(slot) == s => {
            Op::IncLocal { slot, k }
        }
        (Op::SubLK { slot, k }, Op::StoreLocal(s)) if u32::from(slot) == s => {
            Op::DecLocal { slot, k }
        }
        // The bottom test of `while (true)`.
        (Op::True, Op::JumpIfTrue(target)) => Op::Jump(target),
        (Op::LoadLocal2(a, i), Op::Index) => Op::IndexLL(a, i),
        (Op::LoadLocal2(a, i), Op::StoreIndex) => Op::StoreIndexLL(a, i),
        (Op::LoadLocal(slot), Op::GetMember(name)) => Op::GetMemberL {
            slot: short(slot)?,
            name,
        },
        (Op::LoadUpval(up), Op::GetMember(name)) => Op::GetMemberU {
            up: short(up)?,
            name,
        },
        (Op::LoadUpval(up), Op::StoreMember(name)) => Op::StoreMemberU {
            up: short(up)?,
            name,
        },
        (Op::LoadLocal(slot), Op::StoreMember(name)) => Op::StoreMemberL {
            slot: short(slot)?,
            name,
        },
        (Op::GetMemberL { slot, name }, Op::AddK(k)) => Op::AddMemberLK {
            slot,
            name: short(name)?,
            k: i16::try_from(k).ok()?,
        },
        (Op::AddMemberLK { slot, name, k }, Op::StoreMemberL { slot: s, name: n })
            if s == slot && n == u32::from(name) =>
        {
            Op::IncMemberL { slot, name, k }
        }
        (Op::LoadLocal(slot), Op::Return) => Op::ReturnLocal(short(slot)?),
        (Op::LoadLocal(src), Op::StoreLocal(dst)) => Op::MoveLocal {
            dst: short(dst)?,
            src: short(src)?,
        },
        (Op::IndexLL(a, i), Op::StoreLocal(dst)) if dst != u32::from(a) && dst != u32::from(i) => {
            Op::IndexLLTo {
                a,
                i,
                dst: short(dst)?,
            }
        }
        (Op::AddGK { slot, k }, Op::StoreGlobal(g)) if u32::from(slot) == g => {
            Op::IncGlobal { slot, k }
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_update_of_the_same_locals_gets_a_head() {
        let head = read_modify_write(
            Op::IndexLL(1, 2),
            Op::ArithL {
                op: Arith::Div,
                slot: 3,
            },
            Op::StoreIndexLL(1, 2),
        );
        let want = Op::RmwIndexLL {
            op: Arith::Div,
            a: 1,
            i: 2,
            slot: 3,
        };
        assert_eq!(head, Some(want));
        for (konst, op) in [
            (Op::AddK(-5), Arith::Add),
            (Op::SubK(1), Arith::Sub),
            (Op::MulK(3), Arith::Mul),
        ] {
            let k = match konst {
                Op::AddK(k) | Op::SubK(k) | Op::MulK(k) => k as i16,
                _ => unreachable!(),
            };
            let head = read_modify_write(Op::IndexLL(0, 1), konst, Op::StoreIndexLL(0, 1));
            assert_eq!(head, Some(Op::RmwIndexLK { op, a: 0, i: 1, k }));
        }
    }

    #[test]
    fn element_update_elsewhere_or_too_wide_stays_plain() {
        let add = Op::AddK(1);
        // `a[i] = a[j] + 1`, `b[i] = a[i] + 1`.
        assert_eq!(
            read_modify_write(Op::IndexLL(0, 1), add, Op::StoreIndexLL(0, 2)),
            None
        );
        assert_eq!(
            read_modify_write(Op::IndexLL(0, 1), add, Op::StoreIndexLL(3, 1)),
            None
        );
        // A constant past `i16`, and operations with no fused form.
        assert_eq!(
            read_modify_write(Op::IndexLL(0, 1), Op::AddK(40000), Op::StoreIndexLL(0, 1)),
            None
        );
        for op in [Op::ModK(2), Op::FloorDivK(2), Op::Neg] {
            assert_eq!(
                read_modify_write(Op::IndexLL(0, 1), op, Op::StoreIndexLL(0, 1)),
                None
            );
        }
    }
}
