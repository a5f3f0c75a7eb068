//! Compile-time context: namespace prefixes, variable slots and the
//! signatures of stylesheet functions.

use std::collections::HashMap;

use crate::ast::VarId;

/// Names known when compiling expressions of one stylesheet.
#[derive(Debug, Clone, Default)]
pub struct StaticContext {
    namespaces: HashMap<String, String>,
    variables: HashMap<String, VarId>,
    var_names: Vec<String>,
    functions: HashMap<(String, String, usize), usize>,
}

impl StaticContext {
    /// An empty context with the `xs` and `fn` prefixes bound.
    pub fn new() -> Self {
        let mut c = StaticContext::default();
        c.bind_namespace("xs", crate::parser::XS_NS);
        c.bind_namespace("fn", crate::functions::FN_NS);
        c
    }

    /// Binds `prefix` to `uri` (later bindings replace earlier ones).
    pub fn bind_namespace(&mut self, prefix: &str, uri: &str) {
        self.namespaces.insert(prefix.to_string(), uri.to_string());
    }

    /// The namespace URI bound to `prefix`.
    pub fn namespace(&self, prefix: &str) -> Option<&str> {
        self.namespaces.get(prefix).map(String::as_str)
    }

    /// The slot of variable `name`, allocated on first use. Slots are
    /// names, not scopes: scoping is resolved at run time, innermost first.
    pub fn var_id(&mut self, name: &str) -> VarId {
        if let Some(&id) = self.variables.get(name) {
            return id;
        }
        let id = VarId::try_from(self.var_names.len()).unwrap_or(VarId::MAX);
        self.variables.insert(name.to_string(), id);
        self.var_names.push(name.to_string());
        id
    }

    /// The name of a variable slot.
    pub fn var_name(&self, id: VarId) -> &str {
        self.var_names.get(id as usize).map_or("?", String::as_str)
    }

    /// Declares a stylesheet function `{ns}local#arity` with index `idx`.
    pub fn declare_function(&mut self, ns: &str, local: &str, arity: usize, idx: usize) {
        self.functions
            .insert((ns.to_string(), local.to_string(), arity), idx);
    }

    /// The index of a declared stylesheet function.
    pub fn user_function(&self, ns: &str, local: &str, arity: usize) -> Option<usize> {
        self.functions
            .get(&(ns.to_string(), local.to_string(), arity))
            .copied()
    }
}
