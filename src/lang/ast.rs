//! The syntax tree the parser produces and the compiler consumes.
//!
//! Every node carries a byte [`Span`] into its source text; line and column are
//! computed only when a diagnostic is rendered. Names are `Rc<str>` so the
//! compiler can keep them in its scope tables without copying.

use std::rc::Rc;

/// Byte offsets `[start, end)` into one source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

pub type Name = Rc<str>;

/// A whole source file (or one REPL input).
#[derive(Debug, Clone)]
pub struct Program {
    pub items: Vec<Stmt>,
}

#[derive(Debug, Clone)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum StmtKind {
    /// `import a.b.c;` or `import a.b.c as x;` (top level only).
    Import {
        path: Vec<Name>,
        alias: Option<Name>,
    },
    /// `capability Name { ... }`: recorded, grants nothing.
    Capability {
        name: Name,
        items: Vec<CapabilityItem>,
    },
    /// `function name(params) { body }`
    FuncDecl(Rc<FuncDef>),
    If {
        /// `if` and every `elif` / `else if`, in order.
        branches: Vec<(Expr, Vec<Stmt>)>,
        else_body: Option<Vec<Stmt>>,
    },
    While {
        cond: Expr,
        body: Vec<Stmt>,
    },
    For {
        var: Name,
        var_span: Span,
        iter: Expr,
        body: Vec<Stmt>,
    },
    Try {
        body: Vec<Stmt>,
        /// Every clause catches everything, so only the first can run; the
        /// rest are kept so the compiler can warn about them.
        excepts: Vec<ExceptClause>,
        finally: Option<Vec<Stmt>>,
    },
    Return(Option<Expr>),
    Break,
    Continue,
    Throw(Expr),
    Nonlocal(Vec<Name>),
    /// `[a, b] = expr;`
    DestructureArray {
        names: Vec<(Name, Span)>,
        value: Expr,
    },
    /// `{a, b} = expr;`
    DestructureObject {
        names: Vec<(Name, Span)>,
        value: Expr,
    },
    Assign {
        target: Target,
        value: Expr,
    },
    Expr(Expr),
    /// A lone `;`.
    Empty,
}

#[derive(Debug, Clone)]
pub struct CapabilityItem {
    /// `resource` or one of `read write execute network system`.
    pub kind: Name,
    pub value: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ExceptClause {
    pub name: Option<(Name, Span)>,
    pub body: Vec<Stmt>,
    pub span: Span,
}

/// The left side of `=`. The operands are boxed, as in [`ExprKind`], so
/// that an assignment (the most common statement) stays a small node.
#[derive(Debug, Clone)]
pub enum Target {
    Name(Name, Span),
    /// `obj[index] = v`
    Index {
        object: Box<Expr>,
        index: Box<Expr>,
    },
    /// `seq[a:b:c] = v`
    Slice {
        object: Box<Expr>,
        start: Option<Box<Expr>>,
        end: Option<Box<Expr>>,
        step: Option<Box<Expr>>,
    },
    /// `obj.name = v`
    Member {
        object: Box<Expr>,
        name: Name,
    },
}

#[derive(Debug, Clone)]
pub struct FuncDef {
    /// `None` for anonymous functions.
    pub name: Option<Name>,
    pub params: Vec<(Name, Span)>,
    pub body: FuncBody,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum FuncBody {
    Block(Vec<Stmt>),
    /// `fn(x) => expr`: the value of the expression is returned.
    Expr(Box<Expr>),
}

#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogicOp {
    And,
    Or,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    Bool(bool),
    /// `null` or `undefined`.
    Null,
    Name(Name),
    Array(Vec<Expr>),
    /// Keys are strings (identifier, keyword or string literal keys).
    Object(Vec<(Rc<str>, Expr)>),
    /// `fn(...) => ...`, `function [name](...) {...}` in expression position.
    Function(Rc<FuncDef>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Logic(LogicOp, Box<Expr>, Box<Expr>),
    Ternary {
        cond: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    Call {
        callee: Box<Expr>,
        args: Vec<Expr>,
    },
    Index {
        object: Box<Expr>,
        index: Box<Expr>,
    },
    Slice {
        object: Box<Expr>,
        start: Option<Box<Expr>>,
        end: Option<Box<Expr>>,
        step: Option<Box<Expr>>,
    },
    Member {
        object: Box<Expr>,
        name: Name,
    },
}

impl ExprKind {
    /// The operand a chain grows through: the left operand of a binary
    /// operator, the operand of a prefix operator, the callee or object of a
    /// postfix link, the `otherwise` branch of a ternary. The parser builds
    /// chains of any length, so the tree may be as deep as a chain is long;
    /// code walking the tree follows this link in a loop and recurses only
    /// into the other children, whose depth the parser bounds.
    pub fn chain_operand(&self) -> Option<&Expr> {
        match self {
            ExprKind::Unary(_, e)
            | ExprKind::Binary(_, e, _)
            | ExprKind::Logic(_, e, _)
            | ExprKind::Call { callee: e, .. }
            | ExprKind::Index { object: e, .. }
            | ExprKind::Slice { object: e, .. }
            | ExprKind::Member { object: e, .. }
            | ExprKind::Ternary { otherwise: e, .. } => Some(e),
            _ => None,
        }
    }

    /// Detaches the chain operand (see [`ExprKind::chain_operand`]),
    /// leaving `null` in place of this node; its other children are dropped.
    fn take_chain_operand(&mut self) -> Option<Box<Expr>> {
        self.chain_operand()?;
        match std::mem::replace(self, ExprKind::Null) {
            ExprKind::Unary(_, e)
            | ExprKind::Binary(_, e, _)
            | ExprKind::Logic(_, e, _)
            | ExprKind::Call { callee: e, .. }
            | ExprKind::Index { object: e, .. }
            | ExprKind::Slice { object: e, .. }
            | ExprKind::Member { object: e, .. }
            | ExprKind::Ternary { otherwise: e, .. } => Some(e),
            _ => None,
        }
    }
}

/// Dropping recursively would take one stack frame per link of a chain, so
/// a chain longer than one link is taken apart in a loop.
impl Drop for Expr {
    fn drop(&mut self) {
        let long = self
            .kind
            .chain_operand()
            .is_some_and(|next| next.kind.chain_operand().is_some());
        if !long {
            return;
        }
        let mut next = self.kind.take_chain_operand();
        while let Some(mut link) = next {
            next = link.kind.take_chain_operand();
        }
    }
}
