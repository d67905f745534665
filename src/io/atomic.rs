//! Atomic output: write to a temporary file beside the target, rename on success. A failed run
//! leaves no partial output and never clobbers an existing file with half a result.
//!
//! Every temporary file or directory this module creates is listed in a process-wide register
//! until it is renamed into place or removed, so that a signal handler that ends the process at
//! once can still remove them ([`remove_pending`]): no `.tillit-*.tmp` is left behind on any
//! exit path.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// Temporary files and directories being written, removed by [`remove_pending`].
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Adds `path` to the register of temporaries; the guard takes it off again when dropped.
pub(crate) fn track(path: &Path) -> Tracked {
    if let Ok(mut p) = PENDING.lock() {
        p.push(path.to_path_buf());
    }
    Tracked(path.to_path_buf())
}

/// A temporary listed in the register until dropped (after it was renamed or removed).
pub(crate) struct Tracked(PathBuf);

impl Drop for Tracked {
    fn drop(&mut self) {
        if let Ok(mut p) = PENDING.lock()
            && let Some(i) = p.iter().position(|q| q == &self.0)
        {
            p.swap_remove(i);
        }
    }
}

/// Removes every temporary file or directory still being written. For a signal handler that
/// is about to end the process without running destructors; safe to call at any time (a
/// writer whose temporary vanished fails with an I/O error and writes nothing).
pub fn remove_pending() {
    let paths: Vec<PathBuf> = match PENDING.lock() {
        Ok(mut p) => std::mem::take(&mut *p),
        Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
    };
    for p in paths {
        if p.is_dir() {
            let _ = std::fs::remove_dir_all(&p);
        } else {
            let _ = std::fs::remove_file(&p);
        }
    }
}

/// A builder for temporary output files: on Unix with mode 0666 before the process umask, so
/// outputs get the same mode as files made by other tools (0644 under the usual umask 022)
/// instead of tempfile's private 0600.
fn temp_builder<'a>() -> tempfile::Builder<'a, 'a> {
    let mut b = tempfile::Builder::new();
    b.prefix(".tillit-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    b
}

/// A new temporary directory beside `dir` (in its parent), listed in the register; for
/// outputs that are whole directories.
pub(crate) fn temp_dir_beside(dir: &Path) -> Result<(tempfile::TempDir, Tracked)> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut b = tempfile::Builder::new();
    b.prefix(".tillit-out-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o777));
    }
    let tmp = b.tempdir_in(parent).map_err(|e| Error::io(parent, e))?;
    let guard = track(tmp.path());
    Ok((tmp, guard))
}

/// Writes `files` (relative names, `/` for subfolders) into `dir` all or nothing: they are
/// written into a temporary directory beside `dir`, which is renamed to `dir` when `dir` does
/// not exist; into an existing `dir` (empty, or allowed by `--force`, see [`super::output`])
/// each file is renamed over its namesake. Missing parent folders are created.
///
/// # Errors
/// [`Error::Io`] naming the directory or file.
pub fn write_dir(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let (tmp, _tracked) = temp_dir_beside(dir)?;
    for (name, bytes) in files {
        let p = tmp.path().join(name);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
        }
        std::fs::write(&p, bytes).map_err(|e| Error::io(&p, e))?;
    }
    if !dir.exists() {
        let kept = tmp.keep();
        if let Err(e) = std::fs::rename(&kept, dir) {
            let _ = std::fs::remove_dir_all(&kept);
            return Err(Error::io(dir, e));
        }
        return Ok(());
    }
    for (name, _) in files {
        let from = tmp.path().join(name);
        let to = dir.join(name);
        if let Some(d) = to.parent() {
            std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
        }
        std::fs::rename(&from, &to).map_err(|e| Error::io(&to, e))?;
    }
    Ok(())
}

/// Writes `path` through `write`; the file appears only if `write` and the flush succeed.
pub fn write_atomic<F>(path: &Path, write: F) -> Result<()>
where
    F: FnOnce(&mut dyn Write) -> std::io::Result<()>,
{
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = temp_builder()
        .tempfile_in(dir)
        .map_err(|e| Error::io(path, e))?;
    let _guard = track(tmp.path());
    {
        let mut w = BufWriter::new(tmp.as_file());
        write(&mut w).map_err(|e| Error::io(path, e))?;
        w.flush().map_err(|e| Error::io(path, e))?;
    }
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// Writes one file of a multi-file output: the closure gets the file's buffered writer.
pub type FileWriter<'a> = Box<dyn FnOnce(&mut dyn Write) -> std::io::Result<()> + 'a>;

/// Writes several files as one output, all or nothing: each is written to a temporary file
/// beside its target, and only when every one is complete are they renamed into place. If a
/// write fails, no target is touched; if a rename fails (rare: the temporaries sit in the
/// targets' directories), the targets already renamed are removed again, so that no file of
/// the set is left without the others.
pub fn write_atomic_all(files: Vec<(PathBuf, FileWriter<'_>)>) -> Result<()> {
    let mut written = Vec::with_capacity(files.len());
    for (path, write) in files {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let tmp = temp_builder()
            .tempfile_in(dir)
            .map_err(|e| Error::io(&path, e))?;
        let guard = track(tmp.path());
        {
            let mut w = BufWriter::new(tmp.as_file());
            write(&mut w).map_err(|e| Error::io(&path, e))?;
            w.flush().map_err(|e| Error::io(&path, e))?;
        }
        written.push((path, tmp, guard));
    }
    let mut renamed: Vec<PathBuf> = Vec::with_capacity(written.len());
    for (path, tmp, _guard) in written {
        if let Err(e) = tmp.persist(&path) {
            for p in &renamed {
                let _ = std::fs::remove_file(p);
            }
            return Err(Error::io(&path, e.error));
        }
        renamed.push(path);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_leaves_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("out.json");
        let r = write_atomic(&out, |w| {
            w.write_all(b"partial")?;
            Err(std::io::Error::other("boom"))
        });
        assert!(r.is_err());
        assert!(!out.exists());
        assert_eq!(
            std::fs::read_dir(dir.path()).map(|d| d.count()).ok(),
            Some(0)
        );
        write_atomic(&out, |w| w.write_all(b"ok")).expect("write succeeds");
        assert_eq!(std::fs::read(&out).ok().as_deref(), Some(&b"ok"[..]));
    }

    #[test]
    fn remove_pending_removes_a_temporary_being_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("out.json");
        let r = write_atomic(&out, |w| {
            w.write_all(b"partial")?;
            // As a signal handler would, mid-write.
            remove_pending();
            Ok(())
        });
        assert!(
            r.is_err(),
            "the temporary vanished, so the rename must fail"
        );
        assert!(!out.exists());
        assert_eq!(
            std::fs::read_dir(dir.path()).map(|d| d.count()).ok(),
            Some(0)
        );
    }

    #[cfg(unix)]
    #[test]
    fn outputs_get_the_umask_mode_not_0600() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("out.json");
        write_atomic(&out, |w| w.write_all(b"x")).expect("write");
        let mode = std::fs::metadata(&out).expect("meta").permissions().mode() & 0o777;
        // Whatever the umask, group/other read bits survive unless the umask removes them;
        // the usual umask 022 gives 0644. 0600 is what tempfile gives when not told.
        let probe = dir.path().join("probe");
        std::fs::write(&probe, b"p").expect("probe");
        let expect = std::fs::metadata(&probe)
            .expect("meta")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(
            mode, expect,
            "output mode {mode:o}, a plain new file gets {expect:o}"
        );
    }

    #[test]
    fn write_all_writes_every_file_or_none() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, b) = (dir.path().join("a.npy"), dir.path().join("b.npy"));
        let r = write_atomic_all(vec![
            (
                a.clone(),
                Box::new(|w: &mut dyn Write| w.write_all(b"first")),
            ),
            (
                b.clone(),
                Box::new(|w: &mut dyn Write| {
                    w.write_all(b"half")?;
                    Err(std::io::Error::other("disk full"))
                }),
            ),
        ]);
        assert!(r.is_err());
        assert_eq!(
            std::fs::read_dir(dir.path()).map(|d| d.count()).ok(),
            Some(0),
            "neither the complete first file nor any temporary may remain"
        );
        write_atomic_all(vec![
            (a.clone(), Box::new(|w: &mut dyn Write| w.write_all(b"1"))),
            (b.clone(), Box::new(|w: &mut dyn Write| w.write_all(b"2"))),
        ])
        .expect("both written");
        assert_eq!(std::fs::read(&a).ok().as_deref(), Some(&b"1"[..]));
        assert_eq!(std::fs::read(&b).ok().as_deref(), Some(&b"2"[..]));
    }

    #[test]
    fn write_all_removes_the_renamed_files_when_a_later_rename_fails() {
        let dir = tempfile::tempdir().expect("temp dir");
        let a = dir.path().join("a.npy");
        // A non-empty directory where the second file should go: its rename fails.
        let b = dir.path().join("b.npy");
        std::fs::create_dir(&b).expect("dir");
        std::fs::write(b.join("keep"), b"x").expect("file");
        let r = write_atomic_all(vec![
            (a.clone(), Box::new(|w: &mut dyn Write| w.write_all(b"1"))),
            (b.clone(), Box::new(|w: &mut dyn Write| w.write_all(b"2"))),
        ]);
        assert!(r.is_err());
        assert!(
            !a.exists(),
            "the first file must not stay without the second"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("read dir")
            .filter_map(|e| e.ok().map(|e| e.file_name()))
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("b.npy")]);
    }
}
