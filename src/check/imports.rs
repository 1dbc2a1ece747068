//! The checker's view of imports: which module each `import` finds,
//! what a name or member chain like `a.b.c` refers to, and the members and
//! arities of ML modules.

use super::scopes::BindKind;
use super::walk::{closest, Checker};
use super::{Code, ModuleInfo};
use crate::lang::ast::{Expr, ExprKind, Name, Span, Stmt, StmtKind};

/// What a name or member chain refers to, when it is module-valued.
pub(super) enum ModRef {
    /// `a` after `import a.b;`: a namespace on the way to a module.
    Namespace(String),
    Module(String),
}

impl Checker<'_> {
    // ----- imports and module references -----

    pub(super) fn imports(&mut self, items: &[Stmt]) {
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
    pub(super) fn import_ref(&self, name: &Name) -> Option<ModRef> {
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
    pub(super) fn path_ref(&self, prefix: String) -> Option<ModRef> {
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
    pub(super) fn mod_ref(&self, e: &Expr) -> Option<ModRef> {
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
    pub(super) fn ml_exports(&self, full: &str) -> Option<&super::Exports> {
        match self.imported.get(full)? {
            Some(ModuleInfo::Ml(Some(exports))) => Some(exports),
            _ => None,
        }
    }

    /// `object.name` read or called: the member must exist in an ML module.
    pub(super) fn check_member(&mut self, object: &Expr, name: &Name, span: Span) {
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

    /// A run of two or more member links `a.b.c`, resolved from the root
    /// outwards in one pass: namespaces lead to a module, whose member is
    /// then checked; what lies beyond is a value, not checked.
    pub(super) fn check_member_run(&mut self, e: &Expr) {
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
    pub(super) fn call_arity(&mut self, callee: &Expr, given: usize, span: Span) {
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
    pub(super) fn calls_a_catcher(&self, callee: &Expr) -> bool {
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
    pub(super) fn local_arity(&self, name: &Name) -> Option<u32> {
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
}

/// The span of `name` at the end of a member expression's span.
fn name_at_end(span: Span, name: &str) -> Span {
    let end = span.end as usize;
    Span::new(end.saturating_sub(name.len()).max(span.start as usize), end)
}
