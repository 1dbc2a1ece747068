//! The deepest a function's operand stack can get. The VM reserves room for
//! a frame's locals plus this many operands when it enters the frame, so the
//! dispatch loop can push without a capacity check on every instruction; an
//! answer that is too small would be a memory error, so the analysis follows
//! every control-flow edge (jumps, handler entries) and rejects code whose
//! depth is not bounded.

use crate::lang::chunk::Op;

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
        let e = op.stack_effect();
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
