//! The Kotlin tests: the Android kit and tests of the generated bindings, on the JVM.
//!
//! Android Studio builds `android/` with Gradle; these machines have no Gradle or Android
//! SDK, so this compiles the same sources (generated bindings + `kit/src/main` +
//! `kit/src/test`) with `kotlinc` and runs them with JUnit 5's console launcher against
//! the host build of the Rust library.

use std::fs;
use std::process::Command;

use crate::install::{kotlin_jars, Tools};
use crate::process::{path_str, run, run_captured};
use crate::summary::{parse_junit, Counts};
use crate::workspace::Workspace;
use crate::xlang::SharedServer;

const LIBRARY_JARS: &[&str] = &[
    "kotlin-stdlib.jar",
    "kotlinx-coroutines-core-jvm.jar",
    "kotlin-test.jar",
    "kotlin-test-junit5.jar",
];

pub fn test(ws: &Workspace, tools: &Tools, shared: &SharedServer) -> Result<Counts, String> {
    let classes = ws.target.join("kotlin/classes");
    if classes.exists() {
        fs::remove_dir_all(&classes)
            .map_err(|e| format!("cannot clear {}: {e}", classes.display()))?;
    }
    let mut classpath = kotlin_jars(tools, LIBRARY_JARS)?;
    classpath.push(path_str(&tools.jna_jar)?.to_owned());
    classpath.push(path_str(&tools.junit_console_jar)?.to_owned());

    let kit = ws.root.join("android/kit/src");
    run(Command::new(tools.kotlin_home.join("bin/kotlinc"))
        .args(["-jvm-target", "17", "-progressive", "-d"])
        .arg(&classes)
        .arg("-cp")
        .arg(classpath.join(":"))
        .arg(ws.bindings_dir().join("kotlin"))
        .arg(kit.join("main/kotlin"))
        .arg(kit.join("test/kotlin")))?;

    classpath.insert(0, path_str(&classes)?.to_owned());
    let captured = run_captured(
        Command::new("java")
            .arg(format!("-Djna.library.path={}", path_str(&ws.debug_dir())?))
            .arg(format!(
                "-Dwarmline.scenarios={}",
                path_str(&ws.root.join("tests/scenarios"))?
            ))
            .arg(format!(
                "-Dwarmline.server={}",
                path_str(&ws.debug_dir().join("warmline-server"))?
            ))
            .arg(format!("-Dwarmline.xlang.server={}", shared.url))
            .arg(format!("-Dwarmline.xlang.code={}", shared.kotlin_code))
            .arg("-cp")
            .arg(classpath.join(":"))
            .args([
                "org.junit.platform.console.ConsoleLauncher",
                "--disable-banner",
            ])
            .args([
                "--disable-ansi-colors",
                "--details=tree",
                "--scan-classpath",
            ])
            .arg(&classes),
    )?;
    let counts = parse_junit(&captured.output);
    if !captured.success && counts.failed == 0 {
        return Err("the JUnit launcher failed before reporting results".into());
    }
    Ok(counts)
}

/// Compiles the kit with its benchmark (`kit/src/bench`) and runs it on the JVM against
/// the release library.
pub fn bench(ws: &Workspace, tools: &Tools) -> Result<(), String> {
    let classes = ws.target.join("kotlin/bench-classes");
    if classes.exists() {
        fs::remove_dir_all(&classes)
            .map_err(|e| format!("cannot clear {}: {e}", classes.display()))?;
    }
    let mut classpath = kotlin_jars(tools, LIBRARY_JARS)?;
    classpath.push(path_str(&tools.jna_jar)?.to_owned());
    let kit = ws.root.join("android/kit/src");
    run(Command::new(tools.kotlin_home.join("bin/kotlinc"))
        .args(["-jvm-target", "17", "-progressive", "-d"])
        .arg(&classes)
        .arg("-cp")
        .arg(classpath.join(":"))
        .arg(ws.bindings_dir().join("kotlin"))
        .arg(kit.join("main/kotlin"))
        .arg(kit.join("bench/kotlin")))?;
    classpath.insert(0, path_str(&classes)?.to_owned());
    run(Command::new("java")
        .arg(format!(
            "-Djna.library.path={}",
            path_str(&ws.target.join("release"))?
        ))
        .arg("-cp")
        .arg(classpath.join(":"))
        .arg("app.warmline.bench.KitBenchKt"))
}
