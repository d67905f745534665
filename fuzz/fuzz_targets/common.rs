//! Helpers shared by the fuzz targets (included with `#[path]`, not a target itself).
#![allow(dead_code)]

/// The input as text, as the readers see a file read with `read_to_string` (which refuses
/// bytes that are not UTF-8 before any reader runs).
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// The value of a reader's result; an error is rendered (messages must not panic either)
/// and dropped.
pub fn ok<T>(r: tillit::Result<T>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            std::hint::black_box(e.to_string());
            None
        }
    }
}

/// `data` cut at NUL bytes into at most `n` parts (the last part keeps any further NULs): how
/// one fuzz input carries several files.
pub fn parts(data: &[u8], n: usize) -> Vec<&[u8]> {
    data.splitn(n, |&b| b == 0).collect()
}

/// An instance reader's target: `data` as the text of a file called `name`, read by `parse`,
/// then validated as every command does after reading an instance (`Instance::new`).
pub fn instance(
    data: &[u8],
    name: &str,
    parse: fn(&std::path::Path, &str) -> tillit::Result<tillit::model::InstanceParts>,
) {
    let Some(text) = text(data) else {
        return;
    };
    let Some(parts) = ok(parse(std::path::Path::new(name), text)) else {
        return;
    };
    if let Err(e) = tillit::model::Instance::new(parts) {
        std::hint::black_box(e.to_string());
    }
}
