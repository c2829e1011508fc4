//! The on-device store: one SQLite file, one writer, readers that never wait for it.
//!
//! The shape follows Mozilla's application-services: a single writer connection behind a
//! mutex (SQLite allows one writer anyway; queueing in Rust beats `SQLITE_BUSY`), a
//! separate read-only connection, WAL so readers see the last committed state while a
//! write is in progress, and all access through `read(|conn| ..)` / `write(|tx| ..)`
//! closures so no caller can forget to commit or hold a transaction open.

mod migrations;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, TryLockError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::Result;
pub use migrations::{latest_version, migrate, migrate_to, user_version, version_of, MIGRATIONS};

/// How long a connection waits on a lock held by another process before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Read-only connections: enough for the UI, a sync and a search to read at once.
const READERS: usize = 3;

/// How hard a commit works to survive failures; see docs/adr/0003-durability.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    /// `synchronous = FULL` (+ `fullfsync` on Apple): each commit is fsynced before it is
    /// acknowledged. Survives a process kill, an OS crash and a power cut. The default.
    #[default]
    PowerSafe,
    /// `synchronous = NORMAL`: in WAL mode a commit is in the OS's cache when acknowledged.
    /// Survives a process kill; an OS crash or power cut may lose the last commits.
    ProcessSafe,
}

/// The store's SQLite database.
#[derive(Debug)]
pub struct Database {
    path: PathBuf,
    /// The schema version the file had when opened (0: created now).
    found_version: u32,
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
    checkpointer: Checkpointer,
    writes: AtomicUsize,
    /// Last, so the file counts as open until every connection above has closed.
    _open: OpenFile,
}

/// The store files open in this process, by path, with how many handles hold each:
/// [`Database::remove`] waits for them to close, and blocks new opens while it deletes.
static OPEN_FILES: OpenFiles = OpenFiles {
    counts: Mutex::new(Vec::new()),
    closed: Condvar::new(),
};

struct OpenFiles {
    counts: Mutex<Vec<(PathBuf, usize)>>,
    closed: Condvar,
}

impl OpenFiles {
    fn lock(&self) -> MutexGuard<'_, Vec<(PathBuf, usize)>> {
        self.counts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// One open handle on a store file; dropping it releases the file.
#[derive(Debug)]
struct OpenFile(PathBuf);

impl OpenFile {
    fn register(path: &Path) -> Self {
        let key = file_key(path);
        let mut counts = OPEN_FILES.lock();
        match counts.iter_mut().find(|(open, _)| *open == key) {
            Some((_, count)) => *count += 1,
            None => counts.push((key.clone(), 1)),
        }
        Self(key)
    }
}

impl Drop for OpenFile {
    fn drop(&mut self) {
        let mut counts = OPEN_FILES.lock();
        if let Some((_, count)) = counts.iter_mut().find(|(open, _)| *open == self.0) {
            *count -= 1;
        }
        counts.retain(|(_, count)| *count > 0);
        OPEN_FILES.closed.notify_all();
    }
}

/// The same key for every spelling of a store's path (relative, through links).
fn file_key(path: &Path) -> PathBuf {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    match (dir.canonicalize(), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

/// Writes between nudges to the checkpointer (it also runs once a second).
const WRITES_PER_CHECKPOINT: usize = 128;
const CHECKPOINT_INTERVAL: Duration = Duration::from_secs(1);

/// Copies the WAL back into the database file on its own thread and connection, so the
/// cost never lands on a user's save. A PASSIVE checkpoint never blocks the writer or the
/// readers; it stops when the store is dropped.
#[derive(Debug)]
struct Checkpointer {
    nudge: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Checkpointer {
    fn start(path: &Path) -> Result<Self> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let (nudge, nudged) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("warmline-checkpoint".into())
            .spawn(move || {
                use std::sync::mpsc::RecvTimeoutError::Timeout;
                // Runs on every nudge and every interval; ends when the store drops the sender.
                while let Ok(()) | Err(Timeout) = nudged.recv_timeout(CHECKPOINT_INTERVAL) {
                    if let Err(err) =
                        conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                    {
                        tracing::warn!(error = %err, "background checkpoint failed");
                    }
                }
            })
            .map_err(|e| {
                crate::Error::Corrupt(format!("cannot start the checkpoint thread: {e}"))
            })?;
        Ok(Self {
            nudge: Some(nudge),
            thread: Some(thread),
        })
    }

    fn nudge(&self) {
        if let Some(nudge) = &self.nudge {
            let _ = nudge.send(());
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.nudge.take(); // disconnects: the thread ends after its current checkpoint
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Database {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::open_with(path, Durability::default())
    }

    pub fn open_with(path: impl AsRef<Path>, durability: Durability) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let open = OpenFile::register(&path);
        let mut writer = Connection::open(&path)?;
        configure_writer(&writer, durability)?;
        let found_version = migrations::migrate(&mut writer, &path)?;
        let readers = (0..READERS)
            .map(|_| open_reader(&path).map(Mutex::new))
            .collect::<Result<_>>()?;
        let checkpointer = Checkpointer::start(&path)?;
        Ok(Self {
            path,
            found_version,
            writer: Mutex::new(writer),
            readers,
            next_reader: AtomicUsize::new(0),
            checkpointer,
            writes: AtomicUsize::new(0),
            _open: open,
        })
    }

    /// Deletes the store's files (the database, its WAL and shared memory) once no
    /// handle in this process has it open, waiting up to `wait` for handles still
    /// closing (a sync in flight); no store opens on the path meanwhile.
    pub fn remove(path: impl AsRef<Path>, wait: Duration) -> Result<()> {
        let path = path.as_ref();
        let key = file_key(path);
        let counts = OPEN_FILES.lock();
        let (_counts, timeout) = OPEN_FILES
            .closed
            .wait_timeout_while(counts, wait, |counts| {
                counts.iter().any(|(open, _)| *open == key)
            })
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if timeout.timed_out() {
            return Err(crate::Error::StoreInUse {
                path: path.display().to_string(),
            });
        }
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut file = path.as_os_str().to_owned();
            file.push(suffix);
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                Err(err) => {
                    return Err(crate::Error::Files(format!(
                        "cannot delete {}: {err}",
                        Path::new(&file).display()
                    )))
                }
            }
        }
        Ok(())
    }

    /// A new read-only connection to the same file, for work on another thread.
    pub fn open_reader(&self) -> Result<Connection> {
        open_reader(&self.path)
    }

    /// The schema version the file had before this open migrated it (0: new file).
    pub fn found_version(&self) -> u32 {
        self.found_version
    }

    /// Runs `f` on the read-only connection. It sees the last committed state and never
    /// waits for a write in progress.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        f(&self.any_reader())
    }

    /// A free reader if there is one, else the next in turn.
    fn any_reader(&self) -> MutexGuard<'_, Connection> {
        for reader in &self.readers {
            match reader.try_lock() {
                Ok(conn) => return conn,
                Err(TryLockError::Poisoned(poisoned)) => return poisoned.into_inner(),
                Err(TryLockError::WouldBlock) => {}
            }
        }
        let turn = self.next_reader.fetch_add(1, Ordering::Relaxed) % self.readers.len();
        lock(&self.readers[turn])
    }

    /// Runs `f` in an immediate transaction on the writer and commits if it returns `Ok`;
    /// an `Err` rolls everything back. When this returns `Ok`, the write is durable.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.write_then(f, |_| ())
    }

    /// Like [`write`](Self::write), then runs `after` on the committed result while still
    /// holding the writer, so in-memory state derived from writes (the queue index) is
    /// updated in the same order as the writes themselves.
    pub fn write_then<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T>,
        after: impl FnOnce(&mut T),
    ) -> Result<T> {
        let mut conn = lock(&self.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut value = f(&tx)?;
        tx.commit()?;
        after(&mut value);
        if self.writes.fetch_add(1, Ordering::Relaxed) % WRITES_PER_CHECKPOINT
            == WRITES_PER_CHECKPOINT - 1
        {
            self.checkpointer.nudge();
        }
        Ok(value)
    }
}

/// Runs `f` inside a savepoint of the open transaction: if `f` fails, everything it wrote
/// is undone and the transaction goes on.
pub fn in_savepoint<T>(conn: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    conn.execute_batch("SAVEPOINT item")?;
    match f() {
        Ok(value) => {
            conn.execute_batch("RELEASE item")?;
            Ok(value)
        }
        Err(err) => {
            conn.execute_batch("ROLLBACK TO item; RELEASE item")?;
            Err(err)
        }
    }
}

fn configure_writer(conn: &Connection, durability: Durability) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // WAL: readers and the writer do not block each other.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // Checkpoints run on a background connection (see `Checkpointer`), not inside a
    // user's save: measured, they were the whole p99 tail of a durable write.
    conn.pragma_update(None, "wal_autocheckpoint", 0)?;
    match durability {
        // `fullfsync` makes that fsync reach the flash on Apple platforms, where plain
        // fsync stops at the drive cache; elsewhere SQLite ignores it.
        Durability::PowerSafe => {
            conn.pragma_update(None, "synchronous", "FULL")?;
            conn.pragma_update(None, "fullfsync", true)?;
        }
        Durability::ProcessSafe => conn.pragma_update(None, "synchronous", "NORMAL")?,
    }
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(())
}

fn open_reader(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(conn)
}

fn lock(conn: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A panic inside a closure leaves no transaction open (it is rolled back on drop),
    // so the connection itself is still sound.
    conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(dir.path().join("w.db")).unwrap();
        let result: Result<()> = db.write(|tx| {
            tx.execute(
                "INSERT INTO leads (id, first_name, phone_e164, phone_raw, created_at, updated_at)
                 VALUES ('x', 'Ann', '+14155552671', '415', 0, 0)",
                [],
            )?;
            Err(crate::Error::Corrupt("abort".into()))
        });
        assert!(result.is_err());
        let count: i64 = db
            .read(|c| Ok(c.query_row("SELECT count(*) FROM leads", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(count, 0);
    }

    #[test]
    fn removing_waits_for_the_handles_on_the_file_and_refuses_while_one_stays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let db = Database::open(&path).unwrap();
        assert!(matches!(
            Database::remove(&path, Duration::from_millis(50)),
            Err(crate::Error::StoreInUse { .. })
        ));
        assert!(path.exists(), "an open store is left alone");
        let closing = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            drop(db);
        });
        // Another spelling of the same file.
        let same = dir.path().join(".").join("w.db");
        Database::remove(&same, Duration::from_secs(10)).unwrap();
        closing.join().unwrap();
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn the_database_is_in_wal_mode() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(dir.path().join("w.db")).unwrap();
        let mode: String = db
            .read(|c| Ok(c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn reads_run_side_by_side() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(dir.path().join("w.db")).unwrap();
        let inner: i64 = db
            .read(|_outer| {
                db.read(|c| Ok(c.query_row("SELECT count(*) FROM leads", [], |r| r.get(0))?))
            })
            .unwrap();
        assert_eq!(
            inner, 0,
            "a second read while one is open uses another connection"
        );
    }

    #[test]
    fn readers_do_not_wait_for_a_write_in_progress() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(dir.path().join("w.db")).unwrap();
        db.write(|tx| {
            tx.execute(
                "INSERT INTO leads (id, first_name, phone_e164, phone_raw, created_at, updated_at)
                 VALUES ('uncommitted', 'Ann', '+14155552671', '415', 0, 0)",
                [],
            )?;
            // Mid-transaction: a read completes and sees only committed data.
            let seen: i64 =
                db.read(|c| Ok(c.query_row("SELECT count(*) FROM leads", [], |r| r.get(0))?))?;
            assert_eq!(seen, 0);
            Ok(())
        })
        .unwrap();
    }
}
