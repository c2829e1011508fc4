//! A throwaway PostgreSQL cluster for the tests: `initdb` into a temp folder, started on a
//! free loopback port with its socket in that folder (`fsync=off`: nothing here must
//! survive a crash of the machine). One cluster per test binary, a fresh database per
//! test.
//!
//! PostgreSQL refuses to run as root, so as root the cluster's folder belongs to `nobody`
//! and the server runs through `runuser -u nobody --`. A Drop guard cannot stop a cluster
//! kept in a `static` (statics are never dropped) nor survive a killed test binary, so a
//! small watchdog process stops the cluster and removes its folder as soon as the test
//! binary exits, whether its tests passed, panicked or it was killed.
//!
//! Without PostgreSQL the tests fail, saying how to install it: never a silent skip.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

/// The unprivileged user the cluster runs as when the tests run as root.
const CLUSTER_USER: &str = "nobody";

#[derive(Debug)]
pub struct Cluster {
    bin: PathBuf,
    port: u16,
}

static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();
static DATABASES: AtomicU32 = AtomicU32::new(0);

/// The URL of a new, empty database of this test binary's cluster.
pub fn fresh_database() -> String {
    let cluster = match CLUSTER.get_or_init(Cluster::start) {
        Ok(cluster) => cluster,
        Err(why) => panic!("{why}"),
    };
    let name = format!("test{}", DATABASES.fetch_add(1, Ordering::Relaxed));
    run(Command::new(cluster.bin.join("createdb"))
        .args(["-h", "127.0.0.1", "-U", "postgres", "-p"])
        .arg(cluster.port.to_string())
        .arg(&name))
    .unwrap_or_else(|why| panic!("{why}"));
    format!("postgres://postgres@127.0.0.1:{}/{name}", cluster.port)
}

impl Cluster {
    fn start() -> Result<Self, String> {
        let bin = binaries()?;
        let dir = std::env::temp_dir().join(format!("warmline-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let user = is_root().then_some(CLUSTER_USER);
        if let Some(user) = user {
            run(Command::new("chown").arg(format!("{user}:")).arg(&dir))?;
        }
        let data = dir.join("data");
        run(as_user(user, &bin.join("initdb"))
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]))?;
        watchdog(&bin, user, &dir)?;
        let mut last_error = String::new();
        for _ in 0..3 {
            let port = free_port()?;
            match start_server(&bin, user, &dir, port) {
                Ok(()) => return Ok(Self { bin, port }),
                Err(why) => last_error = why,
            }
        }
        Err(last_error)
    }
}

/// The folder with `initdb`, `pg_ctl` and `createdb`: the newest under
/// `/usr/lib/postgresql/*/bin` (Debian), else wherever `initdb` is on the PATH.
fn binaries() -> Result<PathBuf, String> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Ok(bin);
    }
    std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).find(|dir| dir.join("initdb").is_file()))
        .ok_or_else(|| {
            "the PostgreSQL tests need PostgreSQL's server binaries (initdb, pg_ctl), found \
             neither in /usr/lib/postgresql/*/bin nor on the PATH: install them with \
             `apt-get install postgresql` (`cargo xtask test` does this)"
                .to_owned()
        })
}

fn start_server(bin: &Path, user: Option<&str>, dir: &Path, port: u16) -> Result<(), String> {
    let options = format!(
        "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off \
         -c max_connections=300",
        dir.display()
    );
    run(as_user(user, &bin.join("pg_ctl"))
        .arg("-D")
        .arg(dir.join("data"))
        .arg("-l")
        .arg(dir.join("server.log"))
        .args(["-w", "-t", "60", "-o", &options, "start"]))
}

/// Stops the cluster and removes its folder once this process has exited.
fn watchdog(bin: &Path, user: Option<&str>, dir: &Path) -> Result<(), String> {
    let runuser = user.map_or(String::new(), |u| format!("runuser -u {u} -- "));
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; \
         {runuser}'{pg_ctl}' -D '{data}' stop -m immediate; rm -rf '{dir}'",
        pid = std::process::id(),
        pg_ctl = bin.join("pg_ctl").display(),
        data = dir.join("data").display(),
        dir = dir.display(),
    );
    Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(drop)
        .map_err(|e| format!("cannot start the cluster's watchdog: {e}"))
}

fn as_user(user: Option<&str>, program: &Path) -> Command {
    match user {
        Some(user) => {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", user, "--"]).arg(program);
            cmd
        }
        None => Command::new(program),
    }
}

fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|e| format!("no free loopback port: {e}"))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    let output = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{shown} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}
