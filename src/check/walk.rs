//! The checker's walk over one program: resolves every name read against
//! the scopes of spec 3.8, follows imports into the module system, and
//! records findings. Chains are followed in loops (see
//! [`ExprKind::chain_operand`]), so any chain the parser accepts is fine.

use super::scopes::{BindKind, Scope};
use super::{Code, Finding, ModuleInfo, ModuleLookup, Severity};
use crate::lang::ast::{
    BinOp, Expr, ExprKind, FuncBody, FuncDef, Name, Program, Span, Stmt, StmtKind, Target,
};
use rustc_hash::{FxHashMap, FxHashSet};

/// What a name or member chain refers to, when it is module-valued.
enum ModRef {
    /// `a` after `import a.b;`: a namespace on the way to a module.
    Namespace(String),
    Module(String),
}

pub struct Checker<'a> {
    text: &'a str,
    modules: &'a dyn ModuleLookup,
    /// The module scope first, then enclosing functions, innermost last.
    scopes: Vec<Scope>,
    /// Full dotted names of this file's imports, with what was found.
    imported: FxHashMap<String, Option<ModuleInfo>>,
    /// `import a.b as x;` binds `x` to `a.b`.
    aliases: FxHashMap<Name, String>,
    findings: Vec<Finding>,
    /// Names read that no scope binds and no builtin has; reported at the
    /// end, unless a `nonlocal` elsewhere turns out to bind them globally.
    unresolved: Vec<(Name, Span, bool)>,
    nonlocal_globals: FxHashSet<Name>,
    /// Inside code whose errors are caught (see [`Finding::severity`]).
    guarded: bool,
}

/// Whether `name` is a builtin (spec 4), including the `builtin` module.
pub fn is_builtin(name: &str) -> bool {
    name == "builtin" || crate::lang::builtins::names().binary_search(&name).is_ok()
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

    fn add(&mut self, code: Code, span: Span, mut message: String, hint: String) {
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
    fn word_span(&self, within: Span, word: &str) -> Span {
        let (start, end) = (within.start as usize, within.end as usize);
        match self.text.get(start..end).and_then(|t| t.find(word)) {
            Some(at) => Span::new(start + at, start + at + word.len()),
            None => within,
        }
    }

    // ----- imports and module references -----

    fn imports(&mut self, items: &[Stmt]) {
        for stmt in items {
            let StmtKind::Import { path, alias } = &stmt.kind else {
                continue;
            };
            let full = path.iter().map(|p| &**p).collect::<Vec<_>>().join(".");
            if let Some(alias) = alias {
                self.aliases.insert(alias.clone(), full.clone());
            }
            if self.imported.contains_key(&full) {
                continue;
            }
            let found = self.modules.find(&full);
            if found.is_none() {
                let suggestions = self.modules.suggestions(&full);
                let hint = match closest(&full, suggestions.iter().map(|s| s.as_str())) {
                    Some(s) => format!("did you mean '{s}'? (or add its folder with -M)"),
                    None => {
                        "check the spelling, or add the module's folder with -M or to mlpy.json"
                            .to_string()
                    }
                };
                let span = self.word_span(stmt.span, &full);
                self.add(
                    Code::UnknownModule,
                    span,
                    format!("no module named '{full}'"),
                    hint,
                );
            }
            self.imported.insert(full, found);
        }
    }

    /// What `name`, read in the innermost scope, refers to if it is an
    /// import binding of this file (and nothing else binds it).
    fn import_ref(&self, name: &Name) -> Option<ModRef> {
        if self.scopes[1..]
            .iter()
            .rev()
            .any(|s| s.names.contains_key(name))
        {
            return None;
        }
        let binding = self.scopes[0].names.get(name)?;
        // Several imports may share a root (`import a.b; import a.c;`);
        // any other binding of the name makes it a variable.
        if binding.kind != BindKind::Import || binding.rebound_import.is_some() {
            return None;
        }
        if let Some(full) = self.aliases.get(name) {
            return Some(ModRef::Module(full.clone()));
        }
        self.path_ref(name.to_string())
    }

    /// `prefix` as a module (imported exactly) or a namespace (a prefix of
    /// imports); neither, or both at once, is left alone.
    fn path_ref(&self, prefix: String) -> Option<ModRef> {
        let deeper = self.imported.keys().any(|k| {
            k.len() > prefix.len() && k.starts_with(&prefix) && k.as_bytes()[prefix.len()] == b'.'
        });
        match (self.imported.contains_key(&prefix), deeper) {
            (true, false) => Some(ModRef::Module(prefix)),
            (false, true) => Some(ModRef::Namespace(prefix)),
            _ => None,
        }
    }

    /// The module-valued thing `e` denotes, following member links down to
    /// an import binding.
    fn mod_ref(&self, e: &Expr) -> Option<ModRef> {
        let mut members = Vec::new();
        let mut base = e;
        while let ExprKind::Member { object, name } = &base.kind {
            members.push(name);
            base = object;
        }
        let ExprKind::Name(root) = &base.kind else {
            return None;
        };
        let mut current = self.import_ref(root)?;
        for name in members.into_iter().rev() {
            current = match current {
                ModRef::Namespace(prefix) => self.path_ref(format!("{prefix}.{name}"))?,
                ModRef::Module(_) => return None,
            };
        }
        Some(current)
    }

    /// The exports of ML module `full`, when known.
    fn ml_exports(&self, full: &str) -> Option<&super::Exports> {
        match self.imported.get(full)? {
            Some(ModuleInfo::Ml(Some(exports))) => Some(exports),
            _ => None,
        }
    }

    /// `object.name` read or called: the member must exist in an ML module.
    fn check_member(&mut self, object: &Expr, name: &Name, span: Span) {
        let Some(ModRef::Module(full)) = self.mod_ref(object) else {
            return;
        };
        let Some(exports) = self.ml_exports(&full) else {
            return;
        };
        if exports.has(name) {
            return;
        }
        let hint = match closest(name, exports.names()) {
            Some(s) => format!("did you mean '{s}'?"),
            None => format!("define '{name}' at the top level of module '{full}'"),
        };
        let at = name_at_end(span, name);
        self.add(
            Code::UnknownMember,
            at,
            format!("module '{full}' has no member '{name}'"),
            hint,
        );
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
        let inner = self.scopes.len() - 1;
        for name in names {
            let enclosing = self.scopes[1..inner]
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
            let near =
                own.or_else(|| closest(&name, crate::lang::builtins::names().iter().copied()));
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

    fn stmts(&mut self, body: &[Stmt]) {
        let mut ended_by: Option<&str> = None;
        for stmt in body {
            if let Some(word) = ended_by.take() {
                if !matches!(stmt.kind, StmtKind::Empty) {
                    self.add(
                        Code::Unreachable,
                        stmt.span,
                        format!("this code never runs: it follows '{word}'"),
                        "remove it, or move it before that statement".to_string(),
                    );
                } else {
                    ended_by = Some(word);
                }
            }
            self.stmt(stmt);
            ended_by = ended_by.or(match stmt.kind {
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

    /// A run of two or more member links `a.b.c`, resolved from the root
    /// outwards in one pass: namespaces lead to a module, whose member is
    /// then checked; what lies beyond is a value, not checked.
    fn check_member_run(&mut self, e: &Expr) {
        let mut links = Vec::new();
        let mut base = e;
        while let ExprKind::Member { object, name } = &base.kind {
            links.push((&**object, name, base.span));
            base = object;
        }
        let ExprKind::Name(root) = &base.kind else {
            return;
        };
        let mut current = self.import_ref(root);
        for (object, name, span) in links.into_iter().rev() {
            match current {
                Some(ModRef::Namespace(prefix)) => {
                    current = self.path_ref(format!("{prefix}.{name}"))
                }
                Some(ModRef::Module(_)) => {
                    self.check_member(object, name, span);
                    return;
                }
                None => return,
            }
        }
    }

    /// `f(args)` of a function declared once in reach, or `m.f(args)` of an
    /// ML module's function: the argument count must match (spec 3.9: no
    /// defaults, no rest parameters).
    fn call_arity(&mut self, callee: &Expr, given: usize, span: Span) {
        let (name, arity, owner) = match &callee.kind {
            ExprKind::Name(name) => match self.local_arity(name) {
                Some(n) => (name, n, String::new()),
                None => return,
            },
            ExprKind::Member { object, name } => {
                let Some(ModRef::Module(full)) = self.mod_ref(object) else {
                    return;
                };
                match self.ml_exports(&full).and_then(|x| x.arity(name)) {
                    Some(n) => (name, n, format!("{full}.")),
                    None => return,
                }
            }
            _ => return,
        };
        if given == arity as usize {
            return;
        }
        let s = |n: usize| if n == 1 { "" } else { "s" };
        self.add(
            Code::ArgumentCount,
            span,
            format!(
                "{owner}{name}() takes {arity} argument{} but is given {given}",
                s(arity as usize)
            ),
            format!("pass exactly {arity} argument{}", s(arity as usize)),
        );
    }

    /// Whether `callee` is a function of this file that catches errors, so
    /// function literals passed to it may fail on purpose.
    fn calls_a_catcher(&self, callee: &Expr) -> bool {
        let ExprKind::Name(name) = &callee.kind else {
            return false;
        };
        self.scopes
            .iter()
            .rev()
            .find_map(|s| s.names.get(name))
            .is_some_and(|b| b.catches)
    }

    /// The arity of the function `name` refers to here, when it is bound
    /// only by one declaration.
    fn local_arity(&self, name: &Name) -> Option<u32> {
        let scope = self
            .scopes
            .iter()
            .rev()
            .find(|s| s.names.contains_key(name))?;
        if self.nonlocal_globals.contains(name) {
            return None;
        }
        let b = &scope.names[name];
        match (b.kind, b.count) {
            (BindKind::Function, 1) => b.arity,
            _ => None,
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

/// The span of `name` at the end of a member expression's span.
fn name_at_end(span: Span, name: &str) -> Span {
    let end = span.end as usize;
    Span::new(end.saturating_sub(name.len()).max(span.start as usize), end)
}

/// The candidate nearest to `word` by edit distance, if near enough.
pub fn closest<'n>(word: &str, candidates: impl Iterator<Item = &'n str>) -> Option<&'n str> {
    let limit = 1.max(word.len() / 3);
    candidates
        .filter(|c| *c != word)
        .map(|c| (crate::registry::edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}
