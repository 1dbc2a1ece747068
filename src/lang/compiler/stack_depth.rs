//! The deepest a function's operand stack can get. The VM reserves room for
//! a frame's locals plus this many operands when it enters the frame, so the
//! dispatch loop can push without a capacity check on every instruction; an
//! answer that is too small would be a memory error, so the analysis follows
//! every control-flow edge (jumps, handler entries) and rejects code whose
//! depth is not bounded.

use crate::lang::chunk::Op;

/// How one instruction moves the stack: it pops `pops` values, then pushes
/// `pushes` when it falls through; `branch` is a jump target and the number
/// of values pushed (after the pops) when control goes there.
struct Effect {
    pops: u32,
    pushes: u32,
    falls_through: bool,
    branch: Option<(u32, u32)>,
    /// Values popped only when control goes to the branch target.
    branch_pops: u32,
}

fn effect(op: Op) -> Effect {
    let simple = |pops, pushes| Effect {
        pops,
        pushes,
        falls_through: true,
        branch: None,
        branch_pops: 0,
    };
    let branching = |pops, pushes, target, pushes_at_target| Effect {
        pops,
        pushes,
        falls_through: true,
        branch: Some((target, pushes_at_target)),
        branch_pops: 0,
    };
    let ends = |pops| Effect {
        pops,
        pushes: 0,
        falls_through: false,
        branch: None,
        branch_pops: 0,
    };
    let present = |flags: u8| flags.count_ones();
    match op {
        Op::Const(_)
        | Op::SmallInt(_)
        | Op::Null
        | Op::True
        | Op::False
        | Op::LoadLocal(_)
        | Op::LoadCell(_)
        | Op::LoadUpval(_)
        | Op::LoadGlobal(_)
        | Op::LoadCallee
        | Op::Closure(_)
        | Op::AddLK { .. }
        | Op::SubLK { .. }
        | Op::AddGK { .. }
        | Op::IndexLL(..)
        | Op::GetMemberL { .. }
        | Op::GetMemberU { .. }
        | Op::ArithLL { .. }
        | Op::AddMemberLK { .. }
        | Op::Import(_) => simple(0, 1),
        Op::Dup | Op::GetKeyStrict(_) => simple(1, 2),
        Op::LoadLocal2(..) => simple(0, 2),
        Op::Pop
        | Op::StoreLocal(_)
        | Op::StoreCell(_)
        | Op::StoreUpval(_)
        | Op::StoreGlobal(_)
        | Op::StoreIndexLL(..)
        | Op::StoreMemberL { .. }
        | Op::StoreMemberU { .. }
        | Op::GetIter(_) => simple(1, 0),
        Op::MakeCell(_)
        | Op::IncLocal { .. }
        | Op::IncGlobal { .. }
        | Op::IndexLLTo { .. }
        | Op::MoveLocal { .. }
        | Op::IncMemberL { .. }
        | Op::PopTry => simple(0, 0),
        Op::Add
        | Op::Sub
        | Op::Mul
        | Op::Div
        | Op::FloorDiv
        | Op::Mod
        | Op::Eq
        | Op::Ne
        | Op::Lt
        | Op::Gt
        | Op::Le
        | Op::Ge
        | Op::Index
        | Op::CallAppend { .. } => simple(2, 1),
        Op::Neg
        | Op::ArithL { .. }
        | Op::Not
        | Op::AddK(_)
        | Op::SubK(_)
        | Op::MulK(_)
        | Op::ModK(_)
        | Op::GetMember(_)
        | Op::ImportBind(_) => simple(1, 1),
        Op::StoreIndex => simple(3, 0),
        Op::StoreMember(_) => simple(2, 0),
        Op::Slice(flags) => simple(1 + present(flags), 1),
        Op::StoreSlice(flags) => simple(2 + present(flags), 0),
        Op::MakeArray(n) => simple(n, 1),
        Op::MakeObject(n) => simple(2 * n, 1),
        Op::Unpack(n) => simple(1, n),
        Op::Call(argc) => simple(argc + 1, 1),
        Op::CallMethod { argc, .. } => simple(argc as u32 + 1, 1),
        Op::Jump(t) => Effect {
            pops: 0,
            pushes: 0,
            falls_through: false,
            branch: Some((t, 0)),
            branch_pops: 0,
        },
        Op::JumpIfFalse(t) | Op::JumpIfTrue(t) => branching(1, 0, t, 0),
        // `&&` / `||`: the jump keeps the operand, falling through drops it.
        Op::JumpIfFalseKeep(t) | Op::JumpIfTrueKeep(t) => branching(1, 0, t, 1),
        Op::CmpJump { target, .. } => branching(2, 0, target, 0),
        Op::CmpKJump { target, .. } => branching(1, 0, target.into(), 0),
        Op::CmpLKJump { target, .. }
        | Op::CmpLCJump { target, .. }
        | Op::CmpLLJump { target, .. } => branching(0, 0, target.into(), 0),
        Op::ForLoop { target, .. } => branching(0, 0, target, 1),
        Op::ForLoopTo { target, .. } => branching(0, 0, target.into(), 0),
        // The counted range pops the callee and arguments and jumps; the
        // general path leaves them to the `Call` after it.
        Op::ForRange { argc, target, .. } => Effect {
            branch_pops: u32::from(argc) + 1,
            ..branching(0, 0, target, 0)
        },
        // The handler runs with the stack cut back to its depth here plus
        // the error.
        Op::SetupTry(t) | Op::SetupFinally(t) => branching(0, 0, t, 1),
        Op::Return | Op::Throw | Op::Rethrow => ends(1),
        Op::ReturnLocal(_) => ends(0),
    }
}

/// The maximum operand-stack depth of `code` (values above the local
/// slots), or an error message when some path pops more than it pushed,
/// jumps outside the code, or grows the stack without bound.
pub(super) fn max_stack_depth(code: &[Op]) -> Result<u32, String> {
    // On any path without a cycle each instruction pushes at most
    // max(2, n) values, where `Unpack(n)` is followed by n stores, so a
    // depth beyond this bound means a loop that grows the stack.
    let bound = 4 * code.len() as u64 + 64;
    let mut depth_at: Vec<Option<u32>> = vec![None; code.len()];
    let mut pending: Vec<(usize, u32)> = vec![(0, 0)];
    let mut max = 0u32;
    while let Some((at, depth)) = pending.pop() {
        let Some(&op) = code.get(at) else {
            return Err(format!("control reaches {at}, past the end of the code"));
        };
        match depth_at[at] {
            Some(seen) if seen >= depth => continue,
            _ => depth_at[at] = Some(depth),
        }
        let e = effect(op);
        let Some(after_pops) = depth.checked_sub(e.pops) else {
            return Err(format!("{op:?} at {at} pops from an empty stack"));
        };
        let mut visit = |next: usize, popped: u32, pushed: u32| -> Result<(), String> {
            let Some(d) = after_pops.checked_sub(popped) else {
                return Err(format!("{op:?} at {at} pops from an empty stack"));
            };
            let d = d + pushed;
            if u64::from(d) > bound {
                return Err(format!("the stack grows without bound at {at}"));
            }
            max = max.max(d);
            pending.push((next, d));
            Ok(())
        };
        if e.falls_through {
            visit(at + 1, 0, e.pushes)?;
        }
        if let Some((target, pushed)) = e.branch {
            visit(target as usize, e.branch_pops, pushed)?;
        }
    }
    Ok(max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_deepest_point_of_straight_code() {
        let code = [
            Op::SmallInt(1),
            Op::SmallInt(2),
            Op::SmallInt(3),
            Op::MakeArray(3),
            Op::Return,
        ];
        assert_eq!(max_stack_depth(&code), Ok(3));
    }

    #[test]
    fn follows_both_sides_of_a_branch_and_handler_entries() {
        let code = [
            Op::SetupTry(5),
            Op::True,
            Op::JumpIfTrueKeep(4),
            Op::LoadLocal2(0, 1),
            Op::Return,
            // The handler: the error is pushed on entry.
            Op::Return,
        ];
        // Fallthrough of `JumpIfTrueKeep` drops the operand, then two
        // locals are pushed.
        assert_eq!(max_stack_depth(&code), Ok(2));
    }

    #[test]
    fn rejects_popping_an_empty_stack() {
        assert!(max_stack_depth(&[Op::Pop, Op::Null, Op::Return]).is_err());
    }

    #[test]
    fn rejects_a_loop_that_grows_the_stack() {
        let code = [Op::Null, Op::Jump(0)];
        assert!(max_stack_depth(&code).is_err());
    }

    #[test]
    fn rejects_falling_off_the_end() {
        assert!(max_stack_depth(&[Op::Null]).is_err());
    }
}
