//! The checker's walk over one program: resolves every name read against
//! the scopes of spec 3.8, follows imports into the module system, and
//! records findings. Imports and module references are in
//! [`super::imports`]. Chains are followed in loops (see
//! [`ExprKind::chain_operand`]), so any chain the parser accepts is fine.

use super::imports::ModRef;
use super::scopes::{BindKind, Scope};
use super::{Code, Finding, ModuleInfo, ModuleLookup, Severity};
use crate::lang::ast::{
    BinOp, Expr, ExprKind, FuncBody, FuncDef, Name, Program, Span, Stmt, StmtKind, Target,
};
use crate::registry::natives::global_names;
use rustc_hash::{FxHashMap, FxHashSet};

pub struct Checker<'a> {
    pub(super) text: &'a str,
    pub(super) modules: &'a dyn ModuleLookup,
    /// The module scope first, then enclosing functions, innermost last.
    pub(super) scopes: Vec<Scope>,
    /// Full dotted names of this file's imports, with what was found.
    pub(super) imported: FxHashMap<String, Option<ModuleInfo>>,
    /// `import a.b as x;` binds `x` to `a.b`.
    pub(super) aliases: FxHashMap<Name, String>,
    pub(super) findings: Vec<Finding>,
    /// Names read that no scope binds and no builtin has; reported at the
    /// end, unless a `nonlocal` elsewhere turns out to bind them globally.
    pub(super) unresolved: Vec<(Name, Span, bool)>,
    pub(super) nonlocal_globals: FxHashSet<Name>,
    /// Inside code whose errors are caught (see [`Finding::severity`]).
    pub(super) guarded: bool,
}

/// Whether `name` is a builtin (spec 4), including the `builtin` module.
pub fn is_builtin(name: &str) -> bool {
    name == "builtin" || global_names().binary_search(&name).is_ok()
}

impl<'a> Checker<'a> {
    pub fn run(program: &Program, text: &'a str, modules: &'a dyn ModuleLookup) -> Vec<Finding> {
        let mut checker = Checker {
            text,
            modules,
            scopes: vec![Scope::module(&program.items)],
            imported: FxHashMap::default(),
            aliases: FxHashMap::default(),
            findings: Vec::new(),
            unresolved: Vec::new(),
            nonlocal_globals: FxHashSet::default(),
            guarded: false,
        };
        checker.imports(&program.items);
        checker.shadowing();
        checker.stmts(&program.items);
        checker.finish();
        checker.findings
    }

    pub(super) fn add(&mut self, code: Code, span: Span, mut message: String, hint: String) {
        let mut severity = code.severity();
        if self.guarded && severity == Severity::Error {
            severity = Severity::Warning;
            message.push_str(" (where errors are caught)");
        }
        self.findings.push(Finding {
            code,
            severity,
            span,
            message,
            hint,
        });
    }

    /// The span of the first `word` inside `within`, or `within` itself.
    pub(super) fn word_span(&self, within: Span, word: &str) -> Span {
        let (start, end) = (within.start as usize, within.end as usize);
        match self.text.get(start..end).and_then(|t| t.find(word)) {
            Some(at) => Span::new(start + at, start + at + word.len()),
            None => within,
        }
    }

    // ----- scopes -----

    /// Warnings for the innermost scope's bindings that hide a builtin or
    /// an imported module.
    fn shadowing(&mut self) {
        let depth = self.scopes.len() - 1;
        let mut found = Vec::new();
        for (name, b) in &self.scopes[depth].names {
            if matches!(b.kind, BindKind::OwnName) {
                continue;
            }
            let import_binding = self.scopes[0]
                .names
                .get(name)
                .filter(|g| g.kind == BindKind::Import);
            if depth == 0 {
                if let Some(at) = b.rebound_import {
                    found.push((Code::ShadowsModule, name.clone(), at));
                } else if b.kind != BindKind::Import && is_builtin(name) {
                    found.push((Code::ShadowsBuiltin, name.clone(), b.span));
                }
            } else if import_binding.is_some() {
                found.push((Code::ShadowsModule, name.clone(), b.span));
            } else if is_builtin(name) {
                found.push((Code::ShadowsBuiltin, name.clone(), b.span));
            }
        }
        for (code, name, span) in found {
            let span = self.word_span(span, &name);
            let (message, hint) = match code {
                Code::ShadowsModule => (
                    format!("'{name}' hides the imported module '{name}'"),
                    "rename the variable, or import the module with 'as' under another name"
                        .to_string(),
                ),
                _ => (
                    format!("'{name}' hides the builtin '{name}'"),
                    format!("rename it; 'builtin.{name}' still reaches the builtin"),
                ),
            };
            self.add(code, span, message, hint);
        }
    }

    /// Marks `name` used where it resolves; `true` if some scope binds it.
    fn resolve(&mut self, name: &Name) -> bool {
        for scope in self.scopes.iter_mut().rev() {
            if let Some(b) = scope.names.get_mut(name) {
                b.used = true;
                return true;
            }
        }
        false
    }

    fn read(&mut self, name: &Name, span: Span) {
        if !self.resolve(name) && !is_builtin(name) {
            self.unresolved.push((name.clone(), span, self.guarded));
        }
    }

    /// `nonlocal a, b;`: the nearest enclosing function's binding, or else
    /// the module global (spec 3.8).
    fn nonlocal(&mut self, names: &[Name]) {
        // At the top level (which the compiler refuses anyway) there is no
        // enclosing function: the range is empty.
        let inner = self.scopes.len() - 1;
        for name in names {
            let enclosing = self.scopes[1.min(inner)..inner]
                .iter_mut()
                .rev()
                .find_map(|s| s.names.get_mut(name));
            match enclosing {
                Some(b) => b.used = true,
                None => {
                    if let Some(b) = self.scopes[0].names.get_mut(name) {
                        b.used = true;
                    }
                    self.nonlocal_globals.insert(name.clone());
                }
            }
        }
    }

    fn function(&mut self, def: &FuncDef, is_expression: bool) {
        // A declared function runs when called, not where it is declared;
        // a literal is usually called where it is made or passed.
        let outer = self.guarded;
        self.guarded &= is_expression;
        self.scopes.push(Scope::function(def, is_expression));
        self.shadowing();
        match &def.body {
            FuncBody::Block(body) => self.stmts(body),
            FuncBody::Expr(e) => self.expr(e),
        }
        let scope = self.scopes.pop().expect("function scope");
        let mut unused: Vec<_> = scope
            .names
            .iter()
            .filter(|(name, b)| {
                !b.used
                    && matches!(b.kind, BindKind::Assign | BindKind::Function)
                    && !name.starts_with('_')
            })
            .map(|(name, b)| (name.clone(), b.span, b.kind))
            .collect();
        unused.sort_by_key(|(_, span, _)| span.start);
        for (name, span, kind) in unused {
            let span = self.word_span(span, &name);
            let what = if kind == BindKind::Function {
                "function"
            } else {
                "variable"
            };
            self.add(
                Code::UnusedVariable,
                span,
                format!("local {what} '{name}' is never used"),
                format!("remove it, or name it '_{name}' if it is meant to be unused"),
            );
        }
        self.guarded = outer;
    }

    fn finish(&mut self) {
        let unresolved = std::mem::take(&mut self.unresolved);
        for (name, span, guarded) in unresolved {
            if self.nonlocal_globals.contains(&name) {
                continue;
            }
            self.guarded = guarded;
            let own = closest(
                &name,
                self.scopes
                    .iter()
                    .flat_map(|s| s.names.keys().map(|k| &**k)),
            );
            let near = own.or_else(|| closest(&name, global_names().iter().copied()));
            let hint = match near {
                Some(s) => format!("did you mean '{s}'?"),
                None => format!("assign '{name}' first, or import the module that defines it"),
            };
            self.add(
                Code::UndefinedName,
                span,
                format!("undefined name '{name}'"),
                hint,
            );
        }
        self.guarded = false;
        let mut unused: Vec<_> = self.scopes[0]
            .names
            .iter()
            .filter(|(_, b)| b.kind == BindKind::Import && !b.used)
            .map(|(name, b)| (name.clone(), b.span))
            .collect();
        unused.sort_by_key(|(_, span)| span.start);
        for (name, span) in unused {
            let span = self.word_span(
                Span::new(span.start as usize + "import".len(), span.end as usize),
                &name,
            );
            // A module found nowhere has its error already.
            let missing = self.imported.iter().any(|(full, found)| {
                found.is_none()
                    && (full == &*name
                        || full.starts_with(&format!("{name}."))
                        || self.aliases.get(&name) == Some(full))
            });
            if missing {
                continue;
            }
            self.add(
                Code::UnusedImport,
                span,
                format!("'{name}' is imported but never used"),
                "remove the import".to_string(),
            );
        }
    }

    // ----- statements -----

    /// The statements of one block; the first statement after one that
    /// always leaves the block is reported, once per block.
    fn stmts(&mut self, body: &[Stmt]) {
        let mut left_by: Option<&str> = None;
        let mut reported = false;
        for stmt in body {
            if let (Some(word), false) = (left_by, reported) {
                if !matches!(stmt.kind, StmtKind::Empty) {
                    self.add(
                        Code::Unreachable,
                        stmt.span,
                        format!("this code never runs: it follows '{word}'"),
                        "remove it, or move it before that statement".to_string(),
                    );
                    reported = true;
                }
            }
            self.stmt(stmt);
            left_by = left_by.or(match stmt.kind {
                StmtKind::Return(_) => Some("return"),
                StmtKind::Throw(_) => Some("throw"),
                StmtKind::Break => Some("break"),
                StmtKind::Continue => Some("continue"),
                _ => None,
            });
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::FuncDecl(def) => self.function(def, false),
            StmtKind::If {
                branches,
                else_body,
            } => {
                for (cond, body) in branches {
                    self.expr(cond);
                    self.stmts(body);
                }
                if let Some(body) = else_body {
                    self.stmts(body);
                }
            }
            StmtKind::While { cond, body } => {
                self.expr(cond);
                self.stmts(body);
            }
            StmtKind::For { iter, body, .. } => {
                self.expr(iter);
                self.stmts(body);
            }
            StmtKind::Try {
                body,
                excepts,
                finally,
            } => {
                let outer = self.guarded;
                self.guarded |= !excepts.is_empty();
                self.stmts(body);
                self.guarded = outer;
                for clause in excepts {
                    self.stmts(&clause.body);
                }
                if let Some(body) = finally {
                    self.stmts(body);
                }
            }
            StmtKind::Return(Some(e)) | StmtKind::Throw(e) | StmtKind::Expr(e) => self.expr(e),
            StmtKind::Nonlocal(names) => self.nonlocal(names),
            StmtKind::DestructureArray { value, .. }
            | StmtKind::DestructureObject { value, .. } => self.expr(value),
            StmtKind::Assign { target, value } => {
                self.expr(value);
                self.target(target, stmt.span);
            }
            _ => {}
        }
    }

    fn target(&mut self, target: &Target, span: Span) {
        match target {
            Target::Name(..) => {}
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
            Target::Member { object, name } => {
                if let Some(ModRef::Module(full)) = self.mod_ref(object) {
                    let after = Span::new(object.span.end as usize, span.end as usize);
                    let at = object.span.to(self.word_span(after, name));
                    self.add(
                        Code::ModuleMemberAssignment,
                        at,
                        format!("assigning to member '{name}' of module '{full}' fails at run time"),
                        "modules cannot be assigned to from outside; call a function of the module that sets it"
                            .to_string(),
                    );
                }
                self.expr(object);
            }
        }
    }

    // ----- expressions -----

    /// Follows the chain operand in a loop; recurses into the other
    /// children only.
    fn expr(&mut self, mut e: &Expr) {
        loop {
            match &e.kind {
                ExprKind::Name(name) => self.read(name, e.span),
                ExprKind::Array(items) => items.iter().for_each(|i| self.expr(i)),
                ExprKind::Object(props) => props.iter().for_each(|(_, v)| self.expr(v)),
                ExprKind::Function(def) => self.function(def, true),
                ExprKind::Binary(op, a, b) => {
                    if matches!(op, BinOp::Eq | BinOp::Ne) {
                        self.fresh_function_comparison(*op, a, b, e.span);
                    }
                    self.expr(b);
                }
                ExprKind::Logic(_, _, b) => self.expr(b),
                ExprKind::Ternary { cond, then, .. } => {
                    self.expr(cond);
                    self.expr(then);
                }
                ExprKind::Call { callee, args } => {
                    self.call_arity(callee, args.len(), e.span);
                    let outer = self.guarded;
                    self.guarded |= self.calls_a_catcher(callee);
                    args.iter().for_each(|a| self.expr(a));
                    self.guarded = outer;
                }
                ExprKind::Index { index, .. } => self.expr(index),
                ExprKind::Slice {
                    start, end, step, ..
                } => {
                    for part in [start, end, step].into_iter().flatten() {
                        self.expr(part);
                    }
                }
                ExprKind::Member { object, name } => {
                    // Only the outermost link of a run of members checks,
                    // so a long `a.b.c...` is resolved once.
                    if !matches!(object.kind, ExprKind::Member { .. }) {
                        self.check_member(object, name, e.span);
                    } else {
                        self.check_member_run(e);
                        e = skip_members(e);
                        continue;
                    }
                }
                _ => {}
            }
            match e.kind.chain_operand() {
                Some(next) => e = next,
                None => return,
            }
        }
    }

    /// `x == fn() => ...`: functions compare by identity (spec 3.3), so a
    /// function made on the spot equals nothing.
    fn fresh_function_comparison(&mut self, op: BinOp, a: &Expr, b: &Expr, span: Span) {
        let fresh = |e: &Expr| matches!(e.kind, ExprKind::Function(_));
        if !(fresh(a) || fresh(b)) {
            return;
        }
        let always = if op == BinOp::Eq { "false" } else { "true" };
        self.add(
            Code::FreshFunctionComparison,
            span,
            format!("this comparison is always {always}: a new function equals nothing"),
            "compare with a function stored in a variable, or compare results instead".to_string(),
        );
    }
}

/// Below a run of member links: the node under the last `.name`.
fn skip_members(mut e: &Expr) -> &Expr {
    while let ExprKind::Member { object, .. } = &e.kind {
        e = object;
    }
    e
}

/// The candidate nearest to `word` by edit distance, if near enough.
pub fn closest<'n>(word: &str, candidates: impl Iterator<Item = &'n str>) -> Option<&'n str> {
    let limit = 1.max(word.len() / 3);
    candidates
        .filter(|c| *c != word)
        .map(|c| (crate::util::edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}
