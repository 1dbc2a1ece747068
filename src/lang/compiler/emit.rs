//! Emitting an instruction, and the peephole fusion that runs as each one
//! is emitted: a constant or local operand folded into its operation,
//! `x = x + k` as one step, heads that run a loop test or a field update
//! with the instruction before them.

use super::peephole::{arith_store, combine, member_arith, read_modify_write, regroup};
use super::{Compiler, ConstKey};
use crate::lang::ast::Span;
use crate::lang::chunk::{Constant, Op};

impl Compiler<'_> {
    pub(super) fn emit(&mut self, op: Op, span: Span) -> usize {
        if let Some(at) = self.fuse(op, span) {
            self.counter_step_head(at);
            return at;
        }
        let op = self.split_load_pair(op).unwrap_or(op);
        let f = self.cur();
        // A field read before an operation gets the head that does both
        // (the operation stays, see `fuse_head`).
        if let Some(last) = f.code.last_mut() {
            if let Some(head) = member_arith(*last, op) {
                *last = head;
            }
        }
        f.code.push(op);
        f.spans.push(span.start);
        f.code.len() - 1
    }

    /// Peephole fusion of `op` with the instructions just before it (a
    /// constant operand, local operands, `x = x + k`). Returns where the
    /// fused instruction is, or `None` to emit `op` as is. Never fuses
    /// across a jump target.
    fn fuse(&mut self, op: Op, span: Span) -> Option<usize> {
        let f = self.cur();
        let n = f.code.len();
        if n == 0 || f.last_label >= n {
            return None;
        }
        let mut at = n - 1;
        let last = f.code[at];
        if n >= 2 && f.last_label < at {
            if let Some([first, fused]) = regroup(f.code[at - 1], last, op, f.short_jumps) {
                f.code[at - 1] = first;
                f.code[at] = fused;
                self.element_store_head(at);
                return Some(at);
            }
        }
        let fused = self.fuse_pair(last, op)?;
        let f = self.cur();
        f.code[at] = fused;
        // A constant folded into its operator raises where the operator
        // is, not at the constant.
        if matches!(last, Op::SmallInt(_) | Op::Const(_)) {
            f.spans[at] = span.start;
        }
        while at > 0 && self.cur().last_label < at {
            let (a, b) = (self.cur().code[at - 1], self.cur().code[at]);
            let Some(both) = self.fuse_pair(a, b) else {
                self.fuse_head(at);
                break;
            };
            let f = self.cur();
            f.code.pop();
            f.spans.pop();
            at -= 1;
            f.code[at] = both;
        }
        Some(at)
    }

    /// A field read or store `op` of the local that a `LoadLocal2` just
    /// before it pushed second (`x + o.f`, `o.f = x`): the pair is split
    /// so that the object's local fuses with `op` (`GetMemberL`,
    /// `StoreMemberL`) and the object is never pushed. Returns the fused
    /// instruction to emit in `op`'s place, the pair's first load left
    /// where the pair was.
    fn split_load_pair(&mut self, op: Op) -> Option<Op> {
        let f = self.cur();
        let n = f.code.len();
        if n == 0 || f.last_label >= n || !matches!(op, Op::GetMember(_) | Op::StoreMember(_)) {
            return None;
        }
        let Op::LoadLocal2(first, obj) = f.code[n - 1] else {
            return None;
        };
        let fused = combine(Op::LoadLocal(obj.into()), op, f.short_jumps)?;
        f.code[n - 1] = Op::LoadLocal(first.into());
        Some(fused)
    }

    /// A loop test at `at` comparing a local that the instruction before
    /// it steps (`i = i + 1` then `i < n`, the end of a `while` loop) gets
    /// that step as its head, which runs both (see `Op::IncLocalCmp`). The
    /// test stays, to run on its own when the head's fast path does not
    /// apply or when a jump lands on it (a loop's first test).
    fn counter_step_head(&mut self, at: usize) {
        let code = &mut self.cur().code;
        if at == 0 {
            return;
        }
        if let (Op::IncLocal { slot, k }, Op::CmpLLJump { a, b, .. }) = (code[at - 1], code[at]) {
            if slot == a || slot == b {
                code[at - 1] = Op::IncLocalCmp { slot, k };
            }
        }
    }

    /// A field store at `at` gets a head that does it in one step with
    /// what computes its value: a field read and an operation (see
    /// [`read_modify_write`]), else an operation (see [`arith_store`]).
    /// An element store of a local gets the local's read as its head.
    /// The head takes the first one's place and the others stay after it,
    /// to run as they are when its fast path does not apply, so results
    /// and errors (and their positions) are theirs. A jump to any of them
    /// runs what it ran before, so jump targets do not matter here.
    fn fuse_head(&mut self, at: usize) {
        let code = &mut self.cur().code;
        if at >= 2 {
            if let Some(op) = read_modify_write(code[at - 2], code[at - 1], code[at]) {
                code[at - 2] = op;
                return;
            }
        }
        if at >= 1 {
            if let Some(op) = arith_store(code[at - 1], code[at]) {
                code[at - 1] = op;
                return;
            }
        }
        self.element_store_head(at);
    }

    /// An element store at `at` of the local read just before it
    /// (`a[i] = t`) gets that read as its head (see `Op::StoreLocalAtLL`).
    fn element_store_head(&mut self, at: usize) {
        let code = &mut self.cur().code;
        if at == 0 {
            return;
        }
        if let (Op::LoadLocal(src), Op::StoreIndexLL(a, i)) = (code[at - 1], code[at]) {
            if let Ok(src) = u16::try_from(src) {
                code[at - 1] = Op::StoreLocalAtLL { a, i, src };
            }
        }
    }

    /// [`combine`], plus the one fusion that needs the constant table: a
    /// local compared with an int too wide for `CmpLKJump` (a loop bound
    /// like `i < 2000000`) is compared with the constant in the table.
    fn fuse_pair(&mut self, a: Op, b: Op) -> Option<Op> {
        if let Some(op) = combine(a, b, self.cur().short_jumps) {
            return Some(op);
        }
        let (Op::LoadLocal(slot), Op::CmpKJump { cmp, k, target }) = (a, b) else {
            return None;
        };
        let slot = u16::try_from(slot).ok()?;
        let k = i64::from(k);
        let konst = u16::try_from(self.constant(ConstKey::Int(k), || Constant::Int(k))).ok()?;
        Some(Op::CmpLCJump {
            cmp,
            slot,
            konst,
            target,
        })
    }
}
