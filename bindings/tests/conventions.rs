//! The FFI conventions, checked on this crate's own source.
//!
//! uniffi runs an `async fn` export on whatever executor its attribute names; without
//! `async_runtime = "tokio"`, a future that needs tokio (spawn_blocking, timers, I/O)
//! panics at its first poll on the app's thread. Nothing warns at compile time, so this
//! test reads every source file and fails on:
//! - an exported `async fn` whose `#[uniffi::export]` does not name the tokio runtime;
//! - an async constructor (the apps cannot await object creation uniformly);
//! - any `block_on` (it deadlocks when the app calls in from a runtime thread).

#![allow(clippy::unwrap_used)] // a test helper panicking is the failure report

use std::path::Path;

use syn::visit::Visit;

#[derive(Default)]
struct Checker {
    file: String,
    violations: Vec<String>,
}

impl Checker {
    fn check_source(&mut self, file: &str, source: &str) {
        self.file = file.to_owned();
        match syn::parse_file(source) {
            Ok(ast) => self.visit_file(&ast),
            Err(err) => self.violations.push(format!("{file}: cannot parse: {err}")),
        }
    }

    fn flag(&mut self, span: proc_macro2::Span, what: &str) {
        let line = span.start().line;
        self.violations
            .push(format!("{}:{line}: {what}", self.file));
    }
}

/// The `#[uniffi::export(...)]` attribute among `attrs`, as text.
fn export_attribute(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|attr| {
        let path = attr.path();
        let is_export = path.segments.len() == 2
            && path.segments[0].ident == "uniffi"
            && path.segments[1].ident == "export";
        is_export.then(|| quote_tokens(attr))
    })
}

fn quote_tokens(attr: &syn::Attribute) -> String {
    match &attr.meta {
        syn::Meta::List(list) => list.tokens.to_string().replace(' ', ""),
        _ => String::new(),
    }
}

fn on_tokio(export: &str) -> bool {
    export.contains("async_runtime=\"tokio\"")
}

fn is_constructor(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path()
            .segments
            .last()
            .is_some_and(|s| s.ident == "constructor")
    })
}

impl<'ast> Visit<'ast> for Checker {
    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        if let Some(export) = export_attribute(&item.attrs) {
            for impl_item in &item.items {
                if let syn::ImplItem::Fn(method) = impl_item {
                    if method.sig.asyncness.is_none() {
                        continue;
                    }
                    let name = method.sig.ident.to_string();
                    if is_constructor(&method.attrs) {
                        self.flag(
                            method.sig.ident.span(),
                            &format!("async constructor `{name}`"),
                        );
                    } else if !on_tokio(&export) {
                        self.flag(
                            method.sig.ident.span(),
                            &format!("async export `{name}` not on tokio"),
                        );
                    }
                }
            }
        }
        syn::visit::visit_item_impl(self, item);
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        if let Some(export) = export_attribute(&item.attrs) {
            if item.sig.asyncness.is_some() && !on_tokio(&export) {
                let name = item.sig.ident.to_string();
                self.flag(
                    item.sig.ident.span(),
                    &format!("async export `{name}` not on tokio"),
                );
            }
        }
        syn::visit::visit_item_fn(self, item);
    }

    fn visit_ident(&mut self, ident: &'ast proc_macro2::Ident) {
        if ident == "block_on" {
            self.flag(ident.span(), "`block_on` inside the FFI crate");
        }
    }
}

fn check_tree(dir: &Path, checker: &mut Checker) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            check_tree(&path, checker);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let source = std::fs::read_to_string(&path).unwrap();
            checker.check_source(&path.display().to_string(), &source);
        }
    }
}

#[test]
fn this_crate_follows_the_ffi_conventions() {
    let mut checker = Checker::default();
    check_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut checker,
    );
    assert!(
        checker.violations.is_empty(),
        "FFI convention violations:\n{}",
        checker.violations.join("\n")
    );
}

#[test]
fn the_checker_catches_each_violation() {
    let source = r#"
        #[uniffi::export]
        impl Thing {
            pub async fn off_tokio(&self) {}
            #[uniffi::constructor]
            pub async fn new() -> Self { todo!() }
        }
        #[uniffi::export(async_runtime = "tokio")]
        impl Thing {
            pub async fn fine(&self) {}
            pub fn blocks(&self) { runtime.block_on(async {}) }
        }
        #[uniffi::export]
        pub async fn free_off_tokio() {}
    "#;
    let mut checker = Checker::default();
    checker.check_source("sample.rs", source);
    let found = checker.violations.join("\n");
    assert!(found.contains("`off_tokio` not on tokio"), "{found}");
    assert!(found.contains("async constructor `new`"), "{found}");
    assert!(found.contains("`block_on`"), "{found}");
    assert!(found.contains("`free_off_tokio` not on tokio"), "{found}");
    assert!(!found.contains("fine"), "{found}");
    assert_eq!(checker.violations.len(), 4, "{found}");
}
