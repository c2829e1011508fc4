//! Checks of the iPhone app (`ios/App`) that run without Xcode.
//!
//! The app and its widget extension only build on a Mac, so here: every Swift file under
//! `ios/App` parses (`swiftc -parse` in the Swift toolchain, which needs none of the
//! Apple frameworks to parse), `project.yml` lists a source folder holding every one of
//! them (and lists none that is missing), and every Info.plist key `docs/ios.md`
//! documents (its usage strings, and the keys of its Info.plist table) is set in
//! `project.yml` or a plist under `ios/App`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::install::{SwiftToolchain, Tools};
use crate::process::{path_str, run_captured};
use crate::swift::Mounts;
use crate::workspace::Workspace;

pub fn check(ws: &Workspace, tools: &Tools) -> Result<(), String> {
    let app = ws.root.join("ios/App");
    let files = swift_files(&app)?;
    if files.is_empty() {
        return Err(format!("no Swift file under {}", app.display()));
    }
    let project = read(&app.join("project.yml"))?;
    let docs = read(&ws.root.join("docs/ios.md"))?;
    let mut problems = unlisted_sources(&app, &files, &source_paths(&project));
    problems.extend(missing_plist_keys(&docs, &plist_text(&app, &project)?));
    if let Err(why) = parse(ws, tools, &files) {
        problems.push(why);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// `swiftc -parse` on every file at once; the errors name the files that do not parse.
fn parse(ws: &Workspace, tools: &Tools, files: &[PathBuf]) -> Result<(), String> {
    let mut script = String::from("swiftc -parse");
    for file in files {
        script.push_str(&format!(" '{}'", path_str(file)?));
    }
    script.push_str(" 2>&1");
    let captured = match &tools.swift {
        SwiftToolchain::Native => run_captured(Command::new("sh").args(["-c", &script]))?,
        SwiftToolchain::Chroot(root) => {
            let _mounts = Mounts::for_workspace(root, ws)?;
            run_captured(
                Command::new("chroot")
                    .arg(root)
                    .args(["/bin/sh", "-c", &script]),
            )?
        }
    };
    if captured.success {
        return Ok(());
    }
    let errors: Vec<&str> = captured
        .output
        .lines()
        .filter(|line| line.contains("error:"))
        .collect();
    Err(format!("swiftc -parse failed: {}", errors.join(" | ")))
}

/// Every `.swift` file under `dir`, sorted.
fn swift_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries =
            fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry
                .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "swift") {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The paths of every `sources:` list in an XcodeGen `project.yml`, as written
/// (`- Folder`, `- path: Folder`, or `path: Folder` inside a list item).
fn source_paths(project: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut block: Option<usize> = None;
    for line in project.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if block.is_some_and(|sources| indent <= sources) {
            block = None;
        }
        if trimmed == "sources:" {
            block = Some(indent);
            continue;
        }
        if block.is_none() {
            continue;
        }
        let item = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        let path = match item.strip_prefix("path:") {
            Some(path) => Some(path),
            None if trimmed.starts_with("- ") && !item.contains(':') => Some(item),
            None => None,
        };
        if let Some(path) = path {
            paths.push(path.trim().trim_matches(['"', '\'']).to_owned());
        }
    }
    paths
}

/// A Swift file in no listed folder, or a listed folder that is not there.
fn unlisted_sources(app: &Path, files: &[PathBuf], listed: &[String]) -> Vec<String> {
    let mut problems: Vec<String> = listed
        .iter()
        .filter(|path| !app.join(path).exists())
        .map(|path| format!("project.yml lists {path}, which is not in ios/App"))
        .collect();
    problems.extend(
        files
            .iter()
            .filter(|file| !listed.iter().any(|path| file.starts_with(app.join(path))))
            .map(|file| {
                let shown = file.strip_prefix(app).unwrap_or(file);
                format!(
                    "ios/App/{} is in no source folder project.yml lists",
                    shown.display()
                )
            }),
    );
    problems
}

/// `project.yml` and every plist under `ios/App`, where Info.plist keys are set.
fn plist_text(app: &Path, project: &str) -> Result<String, String> {
    let mut text = project.to_owned();
    let mut pending = vec![app.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "plist") {
                text.push_str(&read(&path)?);
            }
        }
    }
    Ok(text)
}

/// The Info.plist keys `docs/ios.md` documents: every usage string it names, and the
/// first column of the table in its Info.plist section.
fn documented_plist_keys(docs: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut in_plist_section = false;
    for line in docs.lines() {
        if line.starts_with('#') {
            in_plist_section = line.contains("Info.plist");
        }
        for (index, token) in line.split('`').enumerate() {
            let quoted = index % 2 == 1;
            let is_key = !token.is_empty() && token.chars().all(|c| c.is_ascii_alphanumeric());
            let usage = token.ends_with("UsageDescription");
            let tabled = in_plist_section && line.starts_with("| `") && index == 1;
            if quoted && is_key && (usage || tabled) && !keys.iter().any(|k| k == token) {
                keys.push(token.to_owned());
            }
        }
    }
    keys
}

/// Each documented key that is set nowhere: `KEY:` in project.yml or `<key>KEY</key>`
/// in a plist, with a value.
fn missing_plist_keys(docs: &str, plists: &str) -> Vec<String> {
    let keys = documented_plist_keys(docs);
    if keys.is_empty() {
        return vec!["docs/ios.md documents no Info.plist key".into()];
    }
    keys.into_iter()
        .filter(|key| !set_in_yaml(plists, key) && !plists.contains(&format!("<key>{key}</key>")))
        .map(|key| format!("docs/ios.md lists {key}, which project.yml and the plists do not set"))
        .collect()
}

/// `KEY: value` on one line, or `KEY:` with its value on the more indented lines below.
fn set_in_yaml(text: &str, key: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    lines.iter().enumerate().any(|(index, line)| {
        let Some(value) = line
            .trim()
            .strip_prefix(key)
            .and_then(|r| r.strip_prefix(':'))
        else {
            return false;
        };
        if !value.trim().trim_matches(['"', '\'']).is_empty() {
            return true;
        }
        let indent = |l: &str| l.len() - l.trim_start().len();
        lines[index + 1..]
            .iter()
            .find(|next| !next.trim().is_empty())
            .is_some_and(|next| indent(next) > indent(line))
    })
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole check on this repository's app, in the Swift chroot of the tool cache.
    #[test]
    #[ignore = "needs root and the Swift chroot: cargo test -p xtask -- --ignored"]
    fn the_app_in_this_repository_passes() {
        let ws = Workspace::locate().unwrap();
        let tools = Tools {
            kotlin_home: PathBuf::new(),
            jna_jar: PathBuf::new(),
            junit_console_jar: PathBuf::new(),
            swift: SwiftToolchain::Chroot(ws.cache.join("swift-trixie")),
        };
        check(&ws, &tools).unwrap();
    }

    const PROJECT: &str = "
name: Warmline
targets:
  Warmline:
    type: application
    sources:
      - path: Warmline
      - Shared
    info:
      properties:
        NSLocalNetworkUsageDescription: \"To reach your team's server\"
        UIBackgroundModes: [fetch, processing]
  Widgets:
    sources:
      - path: \"WarmlineWidgets\"
        excludes: [\"*.md\"]
    dependencies:
      - package: WarmlineKit
";

    #[test]
    fn every_form_of_a_source_path_is_read() {
        assert_eq!(
            source_paths(PROJECT),
            ["Warmline", "Shared", "WarmlineWidgets"]
        );
    }

    #[test]
    fn a_swift_file_outside_the_listed_folders_is_named() {
        let app = Path::new("/nonexistent/ios/App");
        let files = [
            app.join("Warmline/App.swift"),
            app.join("Extra/Loose.swift"),
        ];
        let problems = unlisted_sources(app, &files, &["Warmline".into()]);
        assert!(problems
            .iter()
            .any(|p| p == "ios/App/Extra/Loose.swift is in no source folder project.yml lists"));
        assert!(problems
            .iter()
            .any(|p| p.contains("lists Warmline, which is not in ios/App")));
        assert!(!problems.iter().any(|p| p.contains("App.swift")));
    }

    #[test]
    fn documented_keys_must_be_set_with_a_value() {
        let docs = "## Info.plist\n\n| key | why |\n|---|---|\n| `UIBackgroundModes` | sync |\n| `NSSupportsLiveActivities` | the card |\n\nThe app never uses `UIApplication` for `NSCameraUsageDescription`.\n";
        assert_eq!(
            documented_plist_keys(docs),
            [
                "UIBackgroundModes",
                "NSSupportsLiveActivities",
                "NSCameraUsageDescription"
            ]
        );
        let missing = missing_plist_keys(docs, PROJECT);
        assert_eq!(missing.len(), 2, "{missing:?}");
        assert!(missing[0].contains("NSSupportsLiveActivities"));
        assert!(missing[1].contains("NSCameraUsageDescription"));
        let set = format!(
            "{PROJECT}\n<key>NSSupportsLiveActivities</key>\nNSCameraUsageDescription: \"\"\n"
        );
        assert_eq!(
            missing_plist_keys(docs, &set).len(),
            1,
            "an empty value is not set"
        );
        assert_eq!(missing_plist_keys("# nothing\n", PROJECT).len(), 1);
        let block = "    CFBundleURLTypes:\n      - CFBundleURLSchemes: [warmline]\n    Empty:\n    Next: 1\n";
        assert!(set_in_yaml(block, "CFBundleURLTypes"));
        assert!(!set_in_yaml(block, "Empty"));
    }
}
