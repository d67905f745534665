//! Text input, one place for every reader: the encodings users' files come in (UTF-8 with or
//! without a byte-order mark, UTF-16 with one, and Windows-1252, which Excel in Norwegian
//! writes), JSON whose errors name the field by its path in the document and speak the user's
//! words (no internal type names), and the shortening of values echoed back in messages.

use std::borrow::Cow;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::io::input_error;

/// Reads a text file; see [`decode`] for the encodings accepted.
///
/// # Errors
/// [`Error::Io`] if the file cannot be read.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(decode(&bytes).into_owned())
}

/// Decodes the bytes of a text file: a byte-order mark selects UTF-8 or UTF-16 (and is
/// dropped); without one, valid UTF-8 is taken as it is and anything else is read as
/// Windows-1252, the encoding of Excel's plain "CSV" in Western European languages (so `ø` saved
/// as the single byte 0xF8 reads as `ø`). Windows-1252 gives every byte a character, so this
/// never fails; a file that is not text at all fails later, in its format's parser.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = bytes.get(bom..).unwrap_or_default();
        return encoding.decode_without_bom_handling(body).0;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// Longest value echoed back whole in a message; longer ones are cut (see [`shorten`]).
const ECHO_MAX: usize = 24;
/// Characters kept of a value that is cut.
const ECHO_KEEP: usize = 12;

/// A value as echoed back in a message: itself when short, else its first 12 characters and
/// `…` (a 309-digit number is not worth repeating in full).
pub fn shorten(s: &str) -> Cow<'_, str> {
    if s.chars().count() <= ECHO_MAX {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(format!(
            "{}…",
            s.chars().take(ECHO_KEEP).collect::<String>()
        ))
    }
}

/// A number as echoed back in a message: plain when of ordinary size, in scientific notation
/// when huge or tiny (`1e308`, not 309 digits).
pub fn show_number(v: f64) -> String {
    let a = v.abs();
    if v.is_finite() && a != 0.0 && !(1e-6..1e15).contains(&a) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// Parses JSON text (a leading byte-order mark is skipped) into `T`.
///
/// # Errors
/// [`Error::Input`] with record `line L, column C`, field the path of the offending value in
/// the document (e.g. `clients[3].visits[0].duration`, or `document` for the whole file) and a
/// message in the user's words.
pub fn parse_json<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // Every JSON document tillit reads is an object; serde would take a list for one, field by
    // field, and say something confusing about its first element.
    if let Some((k, c)) = text.char_indices().find(|(_, c)| !c.is_whitespace())
        && c != '{'
    {
        let before = text.get(..k).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        return Err(input_error(
            path,
            format!("line {line}, column {column}"),
            "document",
            format!(
                "the file must hold a JSON object {{…}}; it starts with `{}`",
                shorten(
                    &text
                        .get(k..)
                        .unwrap_or_default()
                        .chars()
                        .take(1)
                        .collect::<String>()
                )
            ),
        ));
    }
    if text.trim().is_empty() {
        return Err(input_error(path, "line 1", "document", "the file is empty"));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let at = e.path().to_string();
        json_error(path, &at, e.into_inner())
    })?;
    de.end().map_err(|e| json_error(path, ".", e))?;
    Ok(value)
}

/// Reads a JSON file with [`read_text`] and [`parse_json`].
///
/// # Errors
/// As those two.
pub fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T> {
    parse_json(path, &read_text(path)?)
}

/// Converts a JSON value already read from `path` (e.g. the `params` object of an input file)
/// into `T`; `at` is where the value sits in the file, e.g. `params`.
///
/// # Errors
/// [`Error::Input`] with record `at`, field the path of the offending value (e.g.
/// `params.bogus`) and a message in the user's words.
pub fn from_value<T: DeserializeOwned>(
    path: &Path,
    at: &str,
    value: serde_json::Value,
) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let inner = e.path().to_string();
        let full = match inner.as_str() {
            "." | "" => at.to_string(),
            p if p.starts_with('[') => format!("{at}{p}"),
            p => format!("{at}.{p}"),
        };
        let msg = e.into_inner().to_string();
        input_error(path, at, &field_of(&full, &msg), plain_words(&msg))
    })
}

/// An [`Error::Input`] for a JSON error at `at` (serde_path_to_error's path; `.` for the root).
fn json_error(path: &Path, at: &str, e: serde_json::Error) -> Error {
    let (line, column) = (e.line(), e.column());
    let full = e.to_string();
    let msg = full
        .strip_suffix(&format!(" at line {line} column {column}"))
        .unwrap_or(&full);
    let record = match (line, column) {
        (0, _) => "document".to_string(),
        (line, 0) => format!("line {line}"),
        (line, column) => format!("line {line}, column {column}"),
    };
    input_error(path, record, &field_of(at, msg), plain_words(msg))
}

/// The field named in messages: serde_path_to_error's path `at` (`.` for the root), with the
/// field that serde names in `msg` (missing or unknown) at its end.
fn field_of(at: &str, msg: &str) -> String {
    let at = if at == "." || at.is_empty() { "" } else { at };
    // serde names a missing or unknown field in the message: add it to the path.
    let named = ["missing field `", "unknown field `"]
        .iter()
        .find_map(|p| msg.strip_prefix(p))
        .and_then(|rest| rest.split_once('`'))
        .map(|(name, _)| name);
    // serde_path_to_error's path may already end with that name (an unknown field).
    match named {
        None if at.is_empty() => "document".to_string(),
        None => at.to_string(),
        Some(name) => {
            let parent = at
                .strip_suffix(name)
                .filter(|p| p.is_empty() || p.ends_with('.'))
                .map_or(at, |p| p.strip_suffix('.').unwrap_or(p));
            if parent.is_empty() {
                shorten(name).into_owned()
            } else {
                format!("{parent}.{}", shorten(name))
            }
        }
    }
}

/// serde's message in the user's words: no Rust type names, JSON's own names for lists and
/// objects, an end of file explained, and long echoed values cut.
fn plain_words(msg: &str) -> String {
    if let Some(what) = msg.strip_prefix("EOF while parsing ") {
        return if what == "a value" {
            "the file is empty or ends before a value (cut short?)".to_string()
        } else {
            format!("the file ends inside {what} (cut short?)")
        };
    }
    if msg == "expected value" {
        return "expected a JSON value here (a number, text in double quotes, a list, an object, \
                true, false or null)"
            .to_string();
    }
    if msg.starts_with("invalid length ") && msg.contains("expected struct ") {
        // serde accepts a list for an object, element by element.
        return "expected an object {…}, found a list […]".to_string();
    }
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(k) = rest.find("expected ") {
        let (head, tail) = rest.split_at(k + "expected ".len());
        out.push_str(head);
        let word_end = |s: &str| {
            s.find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(s.len())
        };
        let mut replaced = None;
        for (prefix, words) in [
            ("tuple struct ", "a list"),
            ("unit struct ", "null"),
            ("struct ", "an object {…}"),
            ("enum ", "one of the documented values"),
        ] {
            if let Some(after) = tail.strip_prefix(prefix) {
                replaced = Some((words, after.get(word_end(after)..).unwrap_or_default()));
                break;
            }
        }
        if replaced.is_none() {
            let n = word_end(tail);
            let word = tail.get(..n).unwrap_or_default();
            let plain = match word {
                "u8" => Some("a whole number from 0 to 255"),
                "u16" => Some("a whole number from 0 to 65535"),
                "u32" => Some("a whole number from 0 to 4294967295"),
                "u64" | "usize" => Some("a whole number of at least 0"),
                "i8" | "i16" | "i32" | "i64" | "isize" => Some("a whole number"),
                "f32" | "f64" => Some("a number"),
                _ => None,
            };
            if let Some(plain) = plain {
                replaced = Some((plain, tail.get(n..).unwrap_or_default()));
            }
        }
        rest = match replaced {
            Some((words, after)) => {
                out.push_str(words);
                after
            }
            None => tail,
        };
    }
    out.push_str(rest);
    let out = out
        .replace("a sequence", "a list […]")
        .replace("expected a map", "expected an object {…}")
        .replace("invalid type: map", "invalid type: object")
        .replace("invalid type: sequence", "invalid type: list");
    shorten_quoted(&out)
}

/// Cuts long values quoted with backticks or double quotes (serde echoes them whole).
fn shorten_quoted(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(k) = rest.find(['`', '"']) {
        let (head, tail) = rest.split_at(k);
        out.push_str(head);
        let mut chars = tail.chars();
        let quote = chars.next().unwrap_or('"');
        let inner = chars.as_str();
        match inner.find(quote) {
            Some(end) => {
                let (value, after) = inner.split_at(end);
                out.push(quote);
                out.push_str(&shorten(value));
                out.push(quote);
                rest = after.get(quote.len_utf8()..).unwrap_or_default();
            }
            None => {
                out.push_str(tail);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct InnerDto {
        duration: u32,
        share: f64,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct OuterDto {
        name: String,
        items: Vec<InnerDto>,
    }

    fn err(text: &str) -> (String, String, String) {
        match parse_json::<OuterDto>(Path::new("f.json"), text) {
            Err(Error::Input {
                record, field, msg, ..
            }) => (record, field, msg),
            other => panic!("expected an input error, got {other:?}"),
        }
    }

    #[test]
    fn decodes_utf8_boms_utf16_and_windows_1252() {
        assert_eq!(decode(b"Bod\xC3\xB8"), "Bodø");
        assert_eq!(decode(b"\xEF\xBB\xBFBod\xC3\xB8"), "Bodø");
        assert_eq!(decode(b"Bod\xF8 \xC6\xE6 \xC5\xE5 \x80"), "Bodø Ææ Åå €");
        assert_eq!(decode(b"\xFF\xFEB\0o\0d\0\xF8\0"), "Bodø");
    }

    #[test]
    fn json_with_a_byte_order_mark_parses() {
        let v: OuterDto = parse_json(
            Path::new("f.json"),
            "\u{FEFF}{\"name\": \"x\", \"items\": []}",
        )
        .expect("parses");
        assert_eq!(v.name, "x");
    }

    #[test]
    fn json_errors_name_the_field_path_without_type_names() {
        let (record, field, msg) =
            err("{\"name\": \"x\", \"items\": [{\"duration\": -5, \"share\": 1}]}");
        assert_eq!(record, "line 1, column 39");
        assert_eq!(field, "items[0].duration");
        assert_eq!(
            msg,
            "invalid value: integer `-5`, expected a whole number from 0 to 4294967295"
        );
        let (record, field, msg) = err("\n  [1, 2]");
        assert_eq!(
            (record.as_str(), field.as_str()),
            ("line 2, column 3", "document")
        );
        assert_eq!(
            msg,
            "the file must hold a JSON object {…}; it starts with `[`"
        );
        let (_, field, msg) = err("{\"name\": \"x\", \"items\": [[]]}");
        assert_eq!(field, "items[0]");
        assert_eq!(msg, "expected an object {…}, found a list […]");
        let (_, field, msg) = err("{\"name\": \"x\", \"items\": [7]}");
        assert_eq!(field, "items[0]");
        assert_eq!(msg, "invalid type: integer `7`, expected an object {…}");
        let (_, field, msg) = err("{\"name\": \"x\", \"items\": [{\"duration\": 5}]}");
        assert_eq!(field, "items[0].share");
        assert_eq!(msg, "missing field `share`");
        let (_, field, msg) = err("{\"name\": \"x\", \"items\": [], \"extra\": 1}");
        assert_eq!(field, "extra");
        assert!(msg.starts_with("unknown field `extra`"), "{msg}");
        let (_, field, msg) = err("{\"name\": \"x\", \"items\": 7}");
        assert_eq!(field, "items");
        assert_eq!(msg, "invalid type: integer `7`, expected a list […]");
        let (record, _, msg) = err(" \n");
        assert_eq!(
            (record.as_str(), msg.as_str()),
            ("line 1", "the file is empty")
        );
        let (_, _, msg) = err("{\"name\": \"x\", \"items\": [");
        assert_eq!(msg, "the file ends inside a list (cut short?)");
        let (_, _, msg) = err("{\"name\": \"x\", \"items\": []} x");
        assert_eq!(msg, "trailing characters");
        let (_, field, msg) = err("{\"name\": \"x\", \"items\": [}");
        assert_eq!(field, "items[0]");
        assert!(msg.starts_with("expected a JSON value here"), "{msg}");
    }

    #[test]
    fn values_inside_a_file_are_named_by_their_path() {
        let v = serde_json::json!({"name": "x", "items": [{"duration": 1, "share": "half"}]});
        match from_value::<OuterDto>(Path::new("f.json"), "params", v) {
            Err(Error::Input {
                record, field, msg, ..
            }) => {
                assert_eq!(
                    (record.as_str(), field.as_str()),
                    ("params", "params.items[0].share")
                );
                assert_eq!(msg, "invalid type: string \"half\", expected a number");
            }
            other => panic!("expected an input error, got {other:?}"),
        }
        let v = serde_json::json!({"name": "x", "items": [], "bogus": 1});
        match from_value::<OuterDto>(Path::new("f.json"), "params", v) {
            Err(Error::Input { field, .. }) => assert_eq!(field, "params.bogus"),
            other => panic!("expected an input error, got {other:?}"),
        }
    }

    #[test]
    fn long_values_are_cut_when_echoed() {
        let digits = "9".repeat(309);
        assert_eq!(shorten(&digits), "999999999999…");
        assert_eq!(shorten("60.5"), "60.5");
        assert_eq!(show_number(1e308), "1e308");
        assert_eq!(show_number(959.9), "959.9");
        let (_, field, msg) = err(&format!("{{\"name\": 1, \"items\": [], \"{digits}\": 1}}"));
        assert_eq!(field, "name");
        assert!(msg.len() < 80, "{msg}");
        let (_, _, msg) = err(&format!(
            "{{\"name\": \"x\", \"items\": [], \"{digits}\": 1}}"
        ));
        assert!(msg.starts_with("unknown field `999999999999…`"), "{msg}");
        let (_, field, _) = err(&format!(
            "{{\"name\": \"x\", \"items\": [], \"{digits}\": 1}}"
        ));
        assert_eq!(field, "999999999999…");
    }
}
