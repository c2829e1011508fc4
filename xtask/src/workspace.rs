//! Where things are: the repository, the shared target directory, the tool cache.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
    pub target: PathBuf,
    pub cache: PathBuf,
}

impl Workspace {
    pub fn locate() -> Result<Self, String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .ok_or("xtask is not inside the workspace")?
            .to_path_buf();
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .map(|dir| {
                if dir.is_absolute() {
                    dir
                } else {
                    root.join(dir)
                }
            })
            .unwrap_or_else(|| root.join("target"));
        Ok(Self {
            root,
            target,
            cache: cache_dir()?,
        })
    }

    /// The host build of the FFI library, as the tests load it.
    pub fn debug_dir(&self) -> PathBuf {
        self.target.join("debug")
    }

    pub fn bindings_dir(&self) -> PathBuf {
        self.target.join("bindings")
    }

    pub fn swift_package(&self) -> PathBuf {
        self.root.join("ios/WarmlineKit")
    }
}

/// Tools live outside the repository so a clean clone reuses them:
/// `$WARMLINE_CACHE`, else `$XDG_CACHE_HOME/warmline`, else `~/.cache/warmline`.
fn cache_dir() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("WARMLINE_CACHE") {
        return Ok(PathBuf::from(dir));
    }
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME") {
        return Ok(PathBuf::from(dir).join("warmline"));
    }
    std::env::var_os("HOME")
        .map(|home| PathBuf::from(home).join(".cache/warmline"))
        .ok_or_else(|| "set HOME, XDG_CACHE_HOME or WARMLINE_CACHE for the tool cache".into())
}
