//! What each instruction does besides its work in the VM: its stack
//! effect, whether it can raise, the global slot it names. Each is one
//! match over every instruction, next to the instruction set, so adding an
//! instruction means answering each of them here.

use super::Op;

/// How one instruction moves the stack: it pops `pops` values, then pushes
/// `pushes` when it falls through; `branch` is a jump target and the number
/// of values pushed (after the pops) when control goes there.
pub struct StackEffect {
    pub pops: u32,
    pub pushes: u32,
    pub falls_through: bool,
    pub branch: Option<(u32, u32)>,
    /// Values popped only when control goes to the branch target.
    pub branch_pops: u32,
}

impl Op {
    /// How this instruction moves the operand stack (the compiler's
    /// stack-depth analysis follows it over every path).
    pub fn stack_effect(self) -> StackEffect {
        let simple = |pops, pushes| StackEffect {
            pops,
            pushes,
            falls_through: true,
            branch: None,
            branch_pops: 0,
        };
        let branching = |pops, pushes, target, pushes_at_target| StackEffect {
            pops,
            pushes,
            falls_through: true,
            branch: Some((target, pushes_at_target)),
            branch_pops: 0,
        };
        let ends = |pops| StackEffect {
            pops,
            pushes: 0,
            falls_through: false,
            branch: None,
            branch_pops: 0,
        };
        let present = |flags: u8| flags.count_ones();
        match self {
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
            | Op::ModLK { .. }
            | Op::AddGK { .. }
            | Op::IndexLL(..)
            | Op::GetMemberL { .. }
            | Op::GetMemberU { .. }
            // The fused field updates push the field on their general
            // path and leave it to the two instructions after them; the
            // fast path skips those with the stack as they leave it.
            | Op::RmwMemberL { .. }
            | Op::RmwMemberU { .. }
            | Op::IncMemberU { .. }
            | Op::RmwIndexLL { .. }
            | Op::RmwIndexLK { .. }
            | Op::ArithMemberL { .. }
            | Op::StoreLocalAtLL { .. }
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
            | Op::ArithLTo { .. }
            | Op::StoreMemberL { .. }
            | Op::StoreMemberU { .. }
            | Op::GetIter(_) => simple(1, 0),
            Op::MakeCell(_)
            | Op::ArithLLTo { .. }
            | Op::IncLocal { .. }
            | Op::IncLocalCmp { .. }
            | Op::DecLocal { .. }
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
            // On their general path; their fast path skips the store after
            // them with the stack as it leaves it.
            | Op::ArithStoreMemberL { .. }
            | Op::ArithStoreMemberU { .. }
            | Op::CallAppend { .. } => simple(2, 1),
            Op::Neg
            | Op::ArithL { .. }
            | Op::Not
            | Op::AddK(_)
            | Op::SubK(_)
            | Op::MulK(_)
            | Op::ModK(_)
            | Op::FloorDivK(_)
            | Op::GetMember(_)
            | Op::ImportBind(_) => simple(1, 1),
            Op::StoreIndex => simple(3, 0),
            Op::StoreMember(_) => simple(2, 0),
            Op::Slice(flags) => simple(1 + present(flags), 1),
            Op::StoreSlice(flags) => simple(2 + present(flags), 0),
            Op::MakeArray(n) => simple(n, 1),
            Op::MakeObject(n) => simple(2 * n, 1),
            Op::MakeObjectK { n, .. } => simple(n.into(), 1),
            Op::Unpack(n) => simple(1, n),
            Op::Call(argc) => simple(argc + 1, 1),
            Op::CallMethod { argc, .. } => simple(argc as u32 + 1, 1),
            Op::Jump(t) => StackEffect {
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
            Op::CmpKJump { target, .. }
            | Op::CmpCJump { target, .. }
            | Op::CmpGJump { target, .. } => {
                branching(1, 0, target.into(), 0)
            }
            Op::CmpNullJump { target, .. } => branching(1, 0, target, 0),
            Op::CmpLKJump { target, .. }
            | Op::CmpLCJump { target, .. }
            | Op::CmpLLJump { target, .. } => branching(0, 0, target.into(), 0),
            Op::ForLoop { target, .. } => branching(0, 0, target, 1),
            Op::ForLoopTo { target, .. } => branching(0, 0, target.into(), 0),
            // The counted range pops the callee and arguments and jumps; the
            // general path leaves them to the `Call` after it.
            Op::ForRange { argc, target, .. } => StackEffect {
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

    /// Whether running this instruction, found at code position `at`, can
    /// raise an error. Only those need their source position recorded
    /// (an error's location and each traceback line come from the
    /// instruction that raised or the call waiting in a caller), so the
    /// position table leaves the others out. Anything not listed raises.
    pub fn may_raise(self, at: usize) -> bool {
        match self {
            Op::Const(_)
            | Op::SmallInt(_)
            | Op::Null
            | Op::True
            | Op::False
            | Op::Pop
            | Op::Dup
            | Op::StoreLocal(_)
            | Op::StoreGlobal(_)
            | Op::MakeCell(_)
            | Op::LoadCallee
            | Op::Closure(_)
            | Op::JumpIfFalse(_)
            | Op::JumpIfFalseKeep(_)
            | Op::JumpIfTrueKeep(_)
            | Op::MakeArray(_)
            | Op::MakeObject(_)
            | Op::MakeObjectK { .. }
            | Op::SetupTry(_)
            | Op::SetupFinally(_) => false,
            // A backward jump is where a pending interrupt is raised.
            Op::Jump(target) => target as usize <= at,
            _ => true,
        }
    }

    /// The global slot `op` names and `op` with that slot cleared, so that two
    /// compilations' instructions compare apart from their slot numbering. The
    /// match names every instruction: a new one must be placed on one side, or
    /// a reload would report changes that are none.
    pub fn global_operand(self) -> Option<(u32, Op)> {
        match self {
            Op::LoadGlobal(slot) => Some((slot, Op::LoadGlobal(0))),
            Op::StoreGlobal(slot) => Some((slot, Op::StoreGlobal(0))),
            Op::AddGK { slot, k } => Some((slot.into(), Op::AddGK { slot: 0, k })),
            Op::IncGlobal { slot, k } => Some((slot.into(), Op::IncGlobal { slot: 0, k })),
            Op::CmpGJump { cmp, slot, target } => Some((
                slot.into(),
                Op::CmpGJump {
                    cmp,
                    slot: 0,
                    target,
                },
            )),
            Op::Const { .. }
            | Op::SmallInt { .. }
            | Op::Null
            | Op::True
            | Op::False
            | Op::Pop
            | Op::Dup
            | Op::LoadLocal { .. }
            | Op::StoreLocal { .. }
            | Op::LoadCell { .. }
            | Op::StoreCell { .. }
            | Op::LoadUpval { .. }
            | Op::StoreUpval { .. }
            | Op::MakeCell { .. }
            | Op::LoadCallee
            | Op::Closure { .. }
            | Op::Add
            | Op::Sub
            | Op::Mul
            | Op::Div
            | Op::FloorDiv
            | Op::Mod
            | Op::Neg
            | Op::Not
            | Op::Eq
            | Op::Ne
            | Op::Lt
            | Op::Gt
            | Op::Le
            | Op::Ge
            | Op::Jump { .. }
            | Op::JumpIfFalse { .. }
            | Op::JumpIfTrue { .. }
            | Op::JumpIfFalseKeep { .. }
            | Op::JumpIfTrueKeep { .. }
            | Op::CmpJump { .. }
            | Op::AddK { .. }
            | Op::SubK { .. }
            | Op::MulK { .. }
            | Op::ModK { .. }
            | Op::FloorDivK { .. }
            | Op::AddLK { .. }
            | Op::SubLK { .. }
            | Op::ModLK { .. }
            | Op::LoadLocal2 { .. }
            | Op::ArithL { .. }
            | Op::ArithLL { .. }
            | Op::ArithLTo { .. }
            | Op::ArithLLTo { .. }
            | Op::CmpNullJump { .. }
            | Op::CmpKJump { .. }
            | Op::CmpCJump { .. }
            | Op::CmpLKJump { .. }
            | Op::CmpLCJump { .. }
            | Op::CmpLLJump { .. }
            | Op::IndexLL { .. }
            | Op::IndexLLTo { .. }
            | Op::MoveLocal { .. }
            | Op::ReturnLocal { .. }
            | Op::StoreIndexLL { .. }
            | Op::StoreLocalAtLL { .. }
            | Op::GetMemberL { .. }
            | Op::AddMemberLK { .. }
            | Op::IncMemberL { .. }
            | Op::RmwMemberL { .. }
            | Op::RmwMemberU { .. }
            | Op::IncMemberU { .. }
            | Op::RmwIndexLL { .. }
            | Op::RmwIndexLK { .. }
            | Op::ArithStoreMemberL { .. }
            | Op::ArithStoreMemberU { .. }
            | Op::ArithMemberL { .. }
            | Op::GetMemberU { .. }
            | Op::StoreMemberU { .. }
            | Op::StoreMemberL { .. }
            | Op::CallAppend { .. }
            | Op::IncLocal { .. }
            | Op::IncLocalCmp { .. }
            | Op::DecLocal { .. }
            | Op::Call { .. }
            | Op::CallMethod { .. }
            | Op::Return
            | Op::MakeArray { .. }
            | Op::MakeObject { .. }
            | Op::MakeObjectK { .. }
            | Op::Index
            | Op::StoreIndex
            | Op::Slice { .. }
            | Op::StoreSlice { .. }
            | Op::GetMember { .. }
            | Op::StoreMember { .. }
            | Op::GetIter { .. }
            | Op::ForLoop { .. }
            | Op::ForLoopTo { .. }
            | Op::ForRange { .. }
            | Op::SetupTry { .. }
            | Op::SetupFinally { .. }
            | Op::PopTry
            | Op::Throw
            | Op::Rethrow
            | Op::Import { .. }
            | Op::ImportBind { .. }
            | Op::Unpack { .. }
            | Op::GetKeyStrict { .. } => None,
        }
    }
}
