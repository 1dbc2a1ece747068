//! Instruction fusion: pairs of instructions that commonly follow each
//! other become one (a constant operand, local operands, `x = x + k`),
//! which saves a dispatch each time they run.

use crate::lang::chunk::Op;

/// The instruction that does `a` then `b`, when one exists.
pub(super) fn combine(a: Op, b: Op) -> Option<Op> {
    Some(match (a, b) {
        (Op::SmallInt(k), Op::Add) => Op::AddK(k),
        (Op::SmallInt(k), Op::Sub) => Op::SubK(k),
        (Op::SmallInt(k), Op::Mul) => Op::MulK(k),
        (Op::SmallInt(k), Op::Mod) => Op::ModK(k),
        (Op::SmallInt(k), Op::CmpJump { cmp, target }) => Op::CmpKJump { cmp, k, target },
        (Op::LoadLocal(slot), Op::AddK(k)) => Op::AddLK { slot, k },
        (Op::LoadLocal(slot), Op::SubK(k)) => Op::SubLK { slot, k },
        (Op::LoadGlobal(slot), Op::AddK(k)) => Op::AddGK { slot, k },
        (Op::LoadLocal(a), Op::LoadLocal(b)) => Op::LoadLocal2(a, b),
        (Op::LoadLocal(slot), Op::CmpKJump { cmp, k, target }) => Op::CmpLKJump {
            cmp,
            slot,
            k,
            target,
        },
        (Op::LoadLocal2(a, b), Op::CmpJump { cmp, target }) => Op::CmpLLJump { cmp, a, b, target },
        (Op::AddLK { slot, k }, Op::StoreLocal(s)) if s == slot => Op::IncLocal { slot, k },
        (Op::LoadLocal2(a, i), Op::Index) => Op::IndexLL(a, i),
        (Op::LoadLocal2(a, i), Op::StoreIndex) => Op::StoreIndexLL(a, i),
        (Op::LoadLocal(slot), Op::GetMember(name)) => Op::GetMemberL { slot, name },
        (Op::LoadLocal(slot), Op::StoreMember(name)) => Op::StoreMemberL { slot, name },
        (Op::AddGK { slot, k }, Op::StoreGlobal(g)) if g == slot => Op::IncGlobal { slot, k },
        _ => return None,
    })
}
