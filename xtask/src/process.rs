//! Running commands: streamed to the terminal, or captured for counting.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs `cmd` with its output going straight to the terminal.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = describe(cmd);
    eprintln!("$ {shown}");
    let status = cmd
        .status()
        .map_err(|err| format!("cannot start `{shown}`: {err}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Runs `cmd`, echoing its output (stdout and stderr merged by the caller's `sh -c` or
/// as they come) while also keeping it, so test counts can be read from it.
pub struct Captured {
    pub success: bool,
    pub output: String,
}

pub fn run_captured(cmd: &mut Command) -> Result<Captured, String> {
    let shown = describe(cmd);
    eprintln!("$ {shown}");
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| format!("cannot start `{shown}`: {err}"))?;
    let stderr = child.stderr.take().ok_or("no stderr pipe")?;
    let err_thread =
        std::thread::spawn(move || tee(BufReader::new(stderr), &mut std::io::stderr()));
    let stdout = child.stdout.take().ok_or("no stdout pipe")?;
    let mut output = tee(BufReader::new(stdout), &mut std::io::stderr());
    output.push_str(&err_thread.join().unwrap_or_default());
    let status = child.wait().map_err(|err| format!("`{shown}`: {err}"))?;
    Ok(Captured {
        success: status.success(),
        output,
    })
}

fn tee(reader: impl BufRead, sink: &mut impl Write) -> String {
    let mut kept = String::new();
    for line in reader.lines().map_while(Result::ok) {
        let _ = writeln!(sink, "{line}");
        kept.push_str(&line);
        kept.push('\n');
    }
    kept
}

/// Whether `program` can be found on `PATH`.
pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

pub fn describe(cmd: &Command) -> String {
    let mut parts = vec![cmd.get_program().to_string_lossy().into_owned()];
    parts.extend(cmd.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}

pub fn path_str(path: &Path) -> Result<&str, String> {
    path.to_str()
        .ok_or_else(|| format!("{} is not valid UTF-8", path.display()))
}
