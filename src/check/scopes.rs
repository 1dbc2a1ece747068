//! The names each scope binds (spec 3.8: a name assigned anywhere in a
//! function body is local to the whole body), collected from statements
//! only, with where each was first bound and, for functions, their arity.

use crate::lang::ast::{ExceptClause, FuncBody, FuncDef, Name, Span, Stmt, StmtKind, Target};
use rustc_hash::{FxHashMap, FxHashSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BindKind {
    Param,
    Assign,
    Function,
    Loop,
    Except,
    Destructure,
    Import,
    /// A named function expression's own name, bound inside it.
    OwnName,
}

#[derive(Debug)]
pub struct Binding {
    pub kind: BindKind,
    pub span: Span,
    /// How many statements bind the name.
    pub count: u32,
    /// Parameters, when the only binding is one `function name(...)`.
    pub arity: Option<u32>,
    pub used: bool,
    /// Where the name is first bound other than by `import`, if an
    /// `import` binds it too.
    pub rebound_import: Option<Span>,
    /// A declared function whose body catches errors (`try ... except`):
    /// function literals passed to it may fail on purpose.
    pub catches: bool,
}

#[derive(Default)]
pub struct Scope {
    pub names: FxHashMap<Name, Binding>,
    pub nonlocals: FxHashSet<Name>,
}

impl Scope {
    /// The module scope: every name its top level binds.
    pub fn module(items: &[Stmt]) -> Scope {
        let mut scope = Scope::default();
        scope.stmts(items);
        scope
    }

    /// A function's scope: parameters, then what the body binds.
    pub fn function(def: &FuncDef, is_expression: bool) -> Scope {
        let mut scope = Scope::default();
        for (name, span) in &def.params {
            scope.bind(name, BindKind::Param, *span, None);
        }
        if let FuncBody::Block(body) = &def.body {
            scope.stmts(body);
        }
        for name in &scope.nonlocals {
            scope.names.remove(name);
        }
        if let (true, Some(name)) = (is_expression, &def.name) {
            if !scope.names.contains_key(name) && !scope.nonlocals.contains(name) {
                scope.bind(name, BindKind::OwnName, def.span, None);
            }
        }
        scope
    }

    fn bind(&mut self, name: &Name, kind: BindKind, span: Span, arity: Option<u32>) {
        match self.names.get_mut(name) {
            Some(b) => {
                b.count += 1;
                b.arity = None;
                if b.kind == BindKind::Import && kind != BindKind::Import {
                    b.rebound_import.get_or_insert(span);
                }
                if kind == BindKind::Import && b.kind != BindKind::Import {
                    b.rebound_import.get_or_insert(b.span);
                    b.kind = BindKind::Import;
                }
            }
            None => {
                self.names.insert(
                    name.clone(),
                    Binding {
                        kind,
                        span,
                        count: 1,
                        arity,
                        used: false,
                        rebound_import: None,
                        catches: false,
                    },
                );
            }
        }
    }

    fn stmts(&mut self, body: &[Stmt]) {
        for stmt in body {
            self.stmt(stmt);
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        let span = stmt.span;
        match &stmt.kind {
            StmtKind::FuncDecl(def) => {
                if let Some(name) = &def.name {
                    let arity = u32::try_from(def.params.len()).ok();
                    self.bind(name, BindKind::Function, span, arity);
                    if let (Some(b), FuncBody::Block(body)) = (self.names.get_mut(name), &def.body)
                    {
                        b.catches = catches(body);
                    }
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
            StmtKind::For {
                var,
                var_span,
                body,
                ..
            } => {
                self.bind(var, BindKind::Loop, *var_span, None);
                self.stmts(body);
            }
            StmtKind::Try {
                body,
                excepts,
                finally,
            } => {
                self.stmts(body);
                for ExceptClause { name, body, .. } in excepts {
                    if let Some((n, s)) = name {
                        self.bind(n, BindKind::Except, *s, None);
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
                for (n, s) in names {
                    self.bind(n, BindKind::Destructure, *s, None);
                }
            }
            StmtKind::Assign {
                target: Target::Name(n, s),
                ..
            } => self.bind(n, BindKind::Assign, *s, None),
            StmtKind::Import { path, alias } => {
                let name = alias.as_ref().unwrap_or(&path[0]);
                self.bind(name, BindKind::Import, span, None);
            }
            _ => {}
        }
    }
}

/// Whether `body` (not counting nested functions) has a `try` with an
/// `except` clause.
fn catches(body: &[Stmt]) -> bool {
    body.iter().any(|stmt| match &stmt.kind {
        StmtKind::Try { excepts, .. } if !excepts.is_empty() => true,
        StmtKind::Try { body, finally, .. } => {
            catches(body) || finally.as_deref().is_some_and(catches)
        }
        StmtKind::If {
            branches,
            else_body,
        } => branches.iter().any(|(_, b)| catches(b)) || else_body.as_deref().is_some_and(catches),
        StmtKind::While { body, .. } | StmtKind::For { body, .. } => catches(body),
        _ => false,
    })
}
