//! Static scope analysis (spec 3.8): which names a function assigns (its
//! locals, Python-style, for the whole body), which it declares `nonlocal`,
//! and which it needs from enclosing scopes (its free names). The compiler
//! uses the free names of nested functions to decide which locals must live
//! in shared cells.

use super::ast::{ExceptClause, Expr, ExprKind, FuncBody, FuncDef, Name, Stmt, StmtKind, Target};
use rustc_hash::FxHashSet as HashSet;

/// Names assigned directly in `body` (not inside nested functions), minus
/// the ones declared `nonlocal`. Parameters are not included.
pub fn assigned_names(body: &[Stmt]) -> (Vec<Name>, HashSet<Name>) {
    let mut collector = Assigned::default();
    collector.stmts(body);
    let locals = collector
        .names
        .into_iter()
        .filter(|n| !collector.nonlocals.contains(n))
        .collect();
    (locals, collector.nonlocals)
}

#[derive(Default)]
struct Assigned {
    names: Vec<Name>,
    seen: HashSet<Name>,
    nonlocals: HashSet<Name>,
}

impl Assigned {
    fn add(&mut self, name: &Name) {
        if self.seen.insert(name.clone()) {
            self.names.push(name.clone());
        }
    }

    fn stmts(&mut self, body: &[Stmt]) {
        for stmt in body {
            self.stmt(stmt);
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::FuncDecl(def) => {
                if let Some(name) = &def.name {
                    self.add(name);
                }
            }
            StmtKind::If {
                branches,
                else_body,
            } => {
                for (_, body) in branches {
                    self.stmts(body);
                }
                if let Some(body) = else_body {
                    self.stmts(body);
                }
            }
            StmtKind::While { body, .. } => self.stmts(body),
            StmtKind::For { var, body, .. } => {
                self.add(var);
                self.stmts(body);
            }
            StmtKind::Try {
                body,
                excepts,
                finally,
            } => {
                self.stmts(body);
                for ExceptClause { name, body, .. } in excepts {
                    if let Some((n, _)) = name {
                        self.add(n);
                    }
                    self.stmts(body);
                }
                if let Some(body) = finally {
                    self.stmts(body);
                }
            }
            StmtKind::Nonlocal(names) => self.nonlocals.extend(names.iter().cloned()),
            StmtKind::DestructureArray { names, .. }
            | StmtKind::DestructureObject { names, .. } => {
                for (n, _) in names {
                    self.add(n);
                }
            }
            StmtKind::Assign {
                target: Target::Name(n, _),
                ..
            } => self.add(n),
            StmtKind::Import { path, alias } => match alias {
                Some(a) => self.add(a),
                None => self.add(&path[0]),
            },
            _ => {}
        }
    }
}

/// Every local name of a function: parameters, assigned names and (for a
/// named function expression) its own name.
pub fn function_locals(def: &FuncDef, is_expression: bool) -> (Vec<Name>, HashSet<Name>) {
    let mut locals: Vec<Name> = def.params.iter().map(|(n, _)| n.clone()).collect();
    let (assigned, nonlocals) = match &def.body {
        FuncBody::Block(body) => assigned_names(body),
        FuncBody::Expr(_) => (Vec::new(), HashSet::default()),
    };
    // Assigned names are already distinct, so only the parameters need
    // checking (a function with tens of thousands of locals stays linear).
    let params = locals.len();
    for name in assigned {
        if !locals[..params].contains(&name) {
            locals.push(name);
        }
    }
    if is_expression {
        if let Some(name) = &def.name {
            if !locals.contains(name) && !nonlocals.contains(name) {
                locals.push(name.clone());
            }
        }
    }
    (locals, nonlocals)
}

/// Names a function reads or writes that are not its own locals: what it
/// needs from enclosing scopes (including what its nested functions need).
pub fn free_names(def: &FuncDef, is_expression: bool) -> HashSet<Name> {
    let (locals, _) = function_locals(def, is_expression);
    let mut used = Used::default();
    match &def.body {
        FuncBody::Block(body) => used.stmts(body),
        FuncBody::Expr(e) => used.expr(e),
    }
    let locals: HashSet<Name> = locals.into_iter().collect();
    used.names.retain(|n| !locals.contains(n));
    used.names
}

/// Collects every name used in a body, with nested functions contributing
/// their free names.
#[derive(Default)]
struct Used {
    names: HashSet<Name>,
    /// When set, only nested functions' free names are collected.
    nested_only: bool,
}

/// Names that functions nested in `body` need from outside themselves: the
/// locals of the enclosing function among them must become cells.
pub fn names_captured_by_nested(body: &FuncBody) -> HashSet<Name> {
    match body {
        FuncBody::Block(stmts) => names_captured_in(stmts),
        FuncBody::Expr(e) => {
            let mut used = Used::nested_only();
            used.expr(e);
            used.names
        }
    }
}

/// The same for a statement list (a function body or top-level code).
pub fn names_captured_in(stmts: &[Stmt]) -> HashSet<Name> {
    let mut used = Used::nested_only();
    used.stmts(stmts);
    used.names
}

impl Used {
    fn nested_only() -> Used {
        Used {
            names: HashSet::default(),
            nested_only: true,
        }
    }

    fn direct(&mut self, name: &Name) {
        if !self.nested_only {
            self.names.insert(name.clone());
        }
    }

    fn stmts(&mut self, body: &[Stmt]) {
        for s in body {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::FuncDecl(def) => {
                if let Some(n) = &def.name {
                    self.direct(n);
                }
                self.names.extend(free_names(def, false));
            }
            StmtKind::If {
                branches,
                else_body,
            } => {
                for (c, body) in branches {
                    self.expr(c);
                    self.stmts(body);
                }
                if let Some(b) = else_body {
                    self.stmts(b);
                }
            }
            StmtKind::While { cond, body } => {
                self.expr(cond);
                self.stmts(body);
            }
            StmtKind::For {
                var, iter, body, ..
            } => {
                self.direct(var);
                self.expr(iter);
                self.stmts(body);
            }
            StmtKind::Try {
                body,
                excepts,
                finally,
            } => {
                self.stmts(body);
                for clause in excepts {
                    if let Some((n, _)) = &clause.name {
                        self.direct(n);
                    }
                    self.stmts(&clause.body);
                }
                if let Some(b) = finally {
                    self.stmts(b);
                }
            }
            StmtKind::Return(Some(e)) | StmtKind::Throw(e) | StmtKind::Expr(e) => self.expr(e),
            StmtKind::Nonlocal(names) => names.iter().for_each(|n| self.direct(n)),
            StmtKind::DestructureArray { names, value }
            | StmtKind::DestructureObject { names, value } => {
                names.iter().for_each(|(n, _)| self.direct(n));
                self.expr(value);
            }
            StmtKind::Assign { target, value } => {
                self.target(target);
                self.expr(value);
            }
            _ => {}
        }
    }

    fn target(&mut self, target: &Target) {
        match target {
            Target::Name(n, _) => self.direct(n),
            Target::Index { object, index } => {
                self.expr(object);
                self.expr(index);
            }
            Target::Slice {
                object,
                start,
                end,
                step,
            } => {
                self.expr(object);
                for e in [start, end, step].into_iter().flatten() {
                    self.expr(e);
                }
            }
            Target::Member { object, .. } => self.expr(object),
        }
    }

    /// Follows a chain's links in a loop (chains may be any length, see
    /// [`ExprKind::chain_operand`]) and recurses into the other children.
    fn expr(&mut self, mut expr: &Expr) {
        loop {
            match &expr.kind {
                ExprKind::Name(n) => self.direct(n),
                ExprKind::Array(items) => items.iter().for_each(|e| self.expr(e)),
                ExprKind::Object(pairs) => pairs.iter().for_each(|(_, e)| self.expr(e)),
                ExprKind::Function(def) => self.names.extend(free_names(def, true)),
                ExprKind::Binary(_, _, b) | ExprKind::Logic(_, _, b) => self.expr(b),
                ExprKind::Ternary { cond, then, .. } => {
                    self.expr(cond);
                    self.expr(then);
                }
                ExprKind::Call { args, .. } => args.iter().for_each(|e| self.expr(e)),
                ExprKind::Index { index, .. } => self.expr(index),
                ExprKind::Slice {
                    start, end, step, ..
                } => {
                    for e in [start, end, step].into_iter().flatten() {
                        self.expr(e);
                    }
                }
                _ => {}
            }
            match expr.kind.chain_operand() {
                Some(next) => expr = next,
                None => return,
            }
        }
    }
}
