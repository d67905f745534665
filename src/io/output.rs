//! Output rules, one place for every command: where a run may write, checked before any work.
//!
//! - An output **file** is written only to a regular file (replaced atomically) or a new path.
//!   A device (`/dev/null`), FIFO, socket, directory or symbolic link at the path is refused:
//!   the atomic rename would replace it (a symlink would be replaced by a file, not followed).
//! - An output **directory** is one the run creates, or an existing empty directory, or, with
//!   `--force`, an existing directory whose files of the same names are replaced (others are
//!   left alone). A symbolic link, a file or another non-directory at the path is refused.
//! - An output is never one of the run's inputs (same file, also through another path or a
//!   hard link), and an output directory never holds an input.
//! - The location must be writable: the check creates and removes a probe file there.
//!
//! Every refusal is an [`Error::Param`] naming the flag (exit code 2), raised before any work.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// What a run writes to: a file or a directory, and the flag that named it.
#[derive(Clone, Copy, Debug)]
pub struct Target<'a> {
    /// Flag as the user spells it, e.g. `--out` or `--export`.
    pub flag: &'a str,
    /// Path given.
    pub path: &'a Path,
}

fn refuse(t: &Target<'_>, msg: impl std::fmt::Display) -> Error {
    Error::Param {
        name: t.flag.to_string(),
        msg: format!("{}: {msg}", t.path.display()),
    }
}

/// Describes a file type that is not a regular file or directory, for messages.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let ft = meta.file_type();
    if ft.is_symlink() {
        return "a symbolic link";
    }
    if ft.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_char_device() || ft.is_block_device() {
            return "a device";
        }
        if ft.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

/// An I/O error looking at an output path, in the user's words.
fn describe(e: std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotADirectory {
        "a part of the path is a file, not a directory".into()
    } else {
        e.to_string()
    }
}

/// True if `a` and `b` are the same file (the same inode on Unix, the same canonical path
/// elsewhere).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (a.canonicalize(), b.canonicalize()) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
    }
}

/// The directory a new entry at `path` goes into ("." for a bare file name).
fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Checks that `dir` (which must exist) is a directory where a file can be created, by
/// creating and removing a probe file.
fn probe_writable(t: &Target<'_>, dir: &Path) -> Result<()> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(m) => {
            return Err(refuse(
                t,
                format!("{} is {}, not a directory", dir.display(), kind_of(&m)),
            ));
        }
        Err(e) => return Err(refuse(t, format!("{}: {e}", dir.display()))),
    }
    tempfile::Builder::new()
        .prefix(".tillit-probe-")
        .tempfile_in(dir)
        .map(drop)
        .map_err(|e| refuse(t, format!("cannot write in {}: {e}", dir.display())))
}

/// Checks an output file path before any work: a new path or a regular file that is none of
/// `inputs`, in a writable directory that exists.
///
/// # Errors
/// [`Error::Param`] naming the flag and saying why.
pub fn check_file(t: Target<'_>, inputs: &[&Path]) -> Result<()> {
    match std::fs::symlink_metadata(t.path) {
        Ok(m) if m.file_type().is_file() => {
            if let Some(input) = inputs.iter().find(|i| same_file(i, t.path)) {
                return Err(refuse(
                    &t,
                    format!(
                        "is the input {}; writing it would destroy the input — choose another path",
                        input.display()
                    ),
                ));
            }
        }
        Ok(m) => {
            return Err(refuse(
                &t,
                format!(
                    "is {}; outputs are written only to regular files (the file would be \
                     replaced, not written through)",
                    kind_of(&m)
                ),
            ));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let parent = parent_of(t.path);
            if !parent.exists() {
                return Err(refuse(
                    &t,
                    format!("the folder {} does not exist", parent.display()),
                ));
            }
        }
        Err(e) => return Err(refuse(&t, describe(e))),
    }
    probe_writable(&t, &parent_of(t.path))
}

/// Checks output file paths of one run together: each as [`check_file`], and no two the same.
///
/// # Errors
/// As [`check_file`].
pub fn check_files(targets: &[Target<'_>], inputs: &[&Path]) -> Result<()> {
    for (i, t) in targets.iter().enumerate() {
        check_file(*t, inputs)?;
        if targets.iter().take(i).any(|u| u.path == t.path) {
            return Err(refuse(t, "named twice as an output"));
        }
    }
    Ok(())
}

/// Checks an output directory before any work: a new path (its nearest existing ancestor a
/// writable directory), an empty directory, or with `force` a non-empty one; never a symbolic
/// link or a non-directory, never an input nor holding one.
///
/// # Errors
/// [`Error::Param`] naming the flag and saying why.
pub fn check_dir(t: Target<'_>, inputs: &[&Path], force: bool) -> Result<()> {
    match std::fs::symlink_metadata(t.path) {
        Ok(m) if m.is_dir() => {
            let out = t.path.canonicalize().map_err(|e| refuse(&t, e))?;
            for input in inputs {
                if let Ok(i) = input.canonicalize()
                    && i.starts_with(&out)
                {
                    return Err(refuse(
                        &t,
                        format!(
                            "holds the input {}; choose an output directory of its own",
                            input.display()
                        ),
                    ));
                }
            }
            let mut entries = std::fs::read_dir(t.path).map_err(|e| refuse(&t, e))?;
            if entries.next().is_some() && !force {
                return Err(refuse(
                    &t,
                    "exists and is not empty; choose a new directory, empty it, or give --force \
                     to replace the files of the same names in it",
                ));
            }
            probe_writable(&t, t.path)
        }
        Ok(m) => Err(refuse(
            &t,
            format!(
                "is {}; the output must be a directory the run creates or an existing directory",
                kind_of(&m)
            ),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut anc = parent_of(t.path);
            // The nearest existing ancestor must be a writable directory (missing folders
            // between are created).
            while std::fs::symlink_metadata(&anc).is_err() {
                match anc.parent() {
                    Some(p) if !p.as_os_str().is_empty() => anc = p.to_path_buf(),
                    _ => {
                        anc = PathBuf::from(".");
                        break;
                    }
                }
            }
            probe_writable(&t, &anc)
        }
        Err(e) => Err(refuse(&t, describe(e))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(p: &Path) -> Target<'_> {
        Target {
            flag: "--out",
            path: p,
        }
    }

    fn msg(r: Result<()>) -> String {
        match r {
            Err(Error::Param { name, msg }) => format!("{name}: {msg}"),
            other => panic!("expected a parameter error, got {other:?}"),
        }
    }

    #[test]
    fn new_and_regular_files_pass_devices_and_inputs_do_not() {
        let d = tempfile::tempdir().expect("dir");
        let input = d.path().join("in.json");
        std::fs::write(&input, b"{}").expect("write");
        let out = d.path().join("out.json");
        check_file(t(&out), &[&input]).expect("a new file is fine");
        std::fs::write(&out, b"old").expect("write");
        check_file(t(&out), &[&input]).expect("a regular file is replaced");
        assert!(msg(check_file(t(&input), &[&input])).contains("is the input"));
        // The same input through another spelling of its path.
        let other = d.path().join(".").join("in.json");
        assert!(msg(check_file(t(&other), &[&input])).contains("is the input"));
        #[cfg(unix)]
        {
            let dev = Path::new("/dev/null");
            assert!(msg(check_file(t(dev), &[])).contains("a device"));
            let link = d.path().join("link.json");
            std::os::unix::fs::symlink(&out, &link).expect("symlink");
            assert!(msg(check_file(t(&link), &[])).contains("symbolic link"));
            let hard = d.path().join("hard.json");
            std::fs::hard_link(&input, &hard).expect("hard link");
            assert!(msg(check_file(t(&hard), &[&input])).contains("is the input"));
        }
        assert!(msg(check_file(t(d.path()), &[])).contains("a directory"));
        let under_a_file = input.join("out.json");
        assert!(
            msg(check_file(t(&under_a_file), &[]))
                .to_lowercase()
                .contains("not a directory")
        );
        let missing = d.path().join("no/such/dir/out.json");
        assert!(msg(check_file(t(&missing), &[])).contains("does not exist"));
        // Nothing left behind by the probes.
        let left: Vec<_> = std::fs::read_dir(d.path())
            .expect("read")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".tillit"))
            .collect();
        assert!(left.is_empty());
    }

    #[test]
    fn two_outputs_with_one_path_are_refused() {
        let d = tempfile::tempdir().expect("dir");
        let out = d.path().join("out.json");
        let r = check_files(&[t(&out), t(&out)], &[]);
        assert!(msg(r).contains("twice"));
    }

    #[test]
    fn directories_new_empty_forced_and_holding_inputs() {
        let d = tempfile::tempdir().expect("dir");
        let out = d.path().join("a/b/out");
        check_dir(t(&out), &[], false).expect("a new directory, parents created later");
        std::fs::create_dir_all(&out).expect("mkdir");
        check_dir(t(&out), &[], false).expect("an empty directory");
        std::fs::write(out.join("plan.json"), b"{}").expect("write");
        assert!(msg(check_dir(t(&out), &[], false)).contains("not empty"));
        check_dir(t(&out), &[], true).expect("--force");
        let input = out.join("plan.json");
        assert!(msg(check_dir(t(&out), &[&input], true)).contains("holds the input"));
        let file = d.path().join("f");
        std::fs::write(&file, b"x").expect("write");
        assert!(msg(check_dir(t(&file), &[], false)).contains("a regular file"));
        #[cfg(unix)]
        {
            let link = d.path().join("link");
            std::os::unix::fs::symlink(&out, &link).expect("symlink");
            assert!(msg(check_dir(t(&link), &[], true)).contains("symbolic link"));
        }
    }

    #[cfg(unix)]
    #[test]
    fn an_unwritable_location_is_refused_unless_root() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().expect("dir");
        let ro = d.path().join("ro");
        std::fs::create_dir(&ro).expect("mkdir");
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        let out = ro.join("out.json");
        // Root writes anyway; then the probe succeeds, which is the truth for root.
        let probe_ok = std::fs::write(ro.join("x"), b"").is_ok();
        let r = check_file(t(&out), &[]);
        assert_eq!(r.is_ok(), probe_ok, "{r:?}");
        let _ = std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755));
    }
}
