//! The two CSV dialects every CSV input accepts, read in one place: either `,` between values
//! and `.` as the decimal mark (what most programs write), or `;` between values and `,` as the
//! decimal mark (what Excel in Norwegian and other European languages writes). The dialect is
//! taken from the header line; in a `;` file a number may also use `.` (unambiguous there).
//! The text is decoded by [`crate::io::text::decode`] (UTF-8, BOM or not, or Windows-1252).
//!
//! A `,` file whose numbers have decimal commas cannot be read: the comma splits the number in
//! two, so the line has more values than the header has columns; the message says so and how
//! to fix it. Rows whose cells are all empty (Excel writes `;;;` for an empty row) are skipped.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::io::input_error;
use crate::io::text::{decode, shorten};

/// How a CSV file separates values and writes decimals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// `,` between values, `.` decimals.
    Comma,
    /// `;` between values, `,` (or `.`) decimals.
    Semicolon,
}

impl Dialect {
    /// The separator byte.
    pub fn separator(self) -> u8 {
        match self {
            Dialect::Comma => b',',
            Dialect::Semicolon => b';',
        }
    }

    /// The dialect in words, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Dialect::Comma => "`,` separators and `.` decimals",
            Dialect::Semicolon => "`;` separators and `,` decimals",
        }
    }

    /// The dialect of a header line: the separator that occurs more often outside quotes.
    ///
    /// # Errors
    /// A message when the header is separated by tabs (Excel's "Unicode text").
    fn of_header(line: &str) -> std::result::Result<Dialect, String> {
        let (mut commas, mut semicolons, mut tabs, mut quoted) = (0, 0, 0, false);
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => commas += 1,
                ';' if !quoted => semicolons += 1,
                '\t' if !quoted => tabs += 1,
                _ => {}
            }
        }
        if tabs > commas.max(semicolons) {
            return Err("the header is separated by tabs; save the file as CSV \
                        (comma- or semicolon-separated)"
                .into());
        }
        Ok(if semicolons > commas {
            Dialect::Semicolon
        } else {
            Dialect::Comma
        })
    }

    /// Reads a number written in this dialect.
    ///
    /// # Errors
    /// A message naming the value (shortened) and, for a decimal mark of the other dialect,
    /// what to write instead.
    pub fn number(self, raw: &str) -> std::result::Result<f64, String> {
        let text: Cow<'_, str> = match self {
            Dialect::Comma if raw.contains(',') => {
                return Err(format!(
                    "\"{}\" has a decimal comma, but the file separates values with `,`: write \
                     {} (or save the file with `;` separators, as Excel in Norwegian does)",
                    shorten(raw),
                    shorten(&raw.replace(',', "."))
                ));
            }
            Dialect::Semicolon if raw.contains(',') && raw.contains('.') => {
                return Err(format!(
                    "\"{}\" mixes `.` and `,`: write one decimal mark and no thousands separator",
                    shorten(raw)
                ));
            }
            Dialect::Semicolon => Cow::Owned(raw.replace(',', ".")),
            Dialect::Comma => Cow::Borrowed(raw),
        };
        text.parse::<f64>().map_err(|_| {
            format!(
                "\"{}\" is not a number (write digits with a `{}` decimal mark and no thousands \
                 separator)",
                shorten(raw),
                match self {
                    Dialect::Comma => '.',
                    Dialect::Semicolon => ',',
                }
            )
        })
    }
}

/// One data row: its line in the file and its cells (trimmed).
#[derive(Clone, Debug)]
pub struct CsvRow {
    /// Line number in the file (the header is line 1).
    pub line: u64,
    /// Cells, one per header column.
    pub cells: Vec<String>,
}

impl CsvRow {
    /// `"line N"`, the record named in messages.
    pub fn record(&self) -> String {
        format!("line {}", self.line)
    }
}

/// A CSV file decoded and split into a header and rows of the same width.
#[derive(Clone, Debug)]
pub struct CsvTable {
    /// The file, for messages.
    pub path: PathBuf,
    /// Its dialect.
    pub dialect: Dialect,
    /// Column names (trimmed).
    pub header: Vec<String>,
    /// Data rows, empty ones left out.
    pub rows: Vec<CsvRow>,
}

impl CsvTable {
    /// Reads and splits a CSV file.
    ///
    /// # Errors
    /// [`Error::Io`] if unreadable; as [`CsvTable::parse`] otherwise.
    pub fn read(path: &Path) -> Result<CsvTable> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        CsvTable::parse(path, &bytes)
    }

    /// Splits CSV bytes; `path` is used in messages.
    ///
    /// # Errors
    /// [`Error::Input`] naming the line (and the column where it can be told) for a file with
    /// no header, a header separated by tabs, a line with more or fewer values than the header
    /// has columns (saying why when a decimal comma or the other separator is the cause) or
    /// broken quoting.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<CsvTable> {
        let text = decode(bytes);
        let first = text.lines().next().unwrap_or_default();
        if first.trim().is_empty() {
            return Err(input_error(
                path,
                "line 1 (header)",
                "header",
                "no header line: the first line must name the columns",
            ));
        }
        let dialect = Dialect::of_header(first)
            .map_err(|m| input_error(path, "line 1 (header)", "header", m))?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .trim(csv::Trim::All)
            .delimiter(dialect.separator())
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| input_error(path, "line 1 (header)", "header", e))?
            .iter()
            .map(str::to_string)
            .collect();
        let mut table = CsvTable {
            path: path.to_path_buf(),
            dialect,
            header,
            rows: Vec::new(),
        };
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| line_at(&text, p.byte()));
                input_error(path, format!("line {line}"), "row", e)
            })?;
            let line = record.position().map_or(0, |p| line_at(&text, p.byte()));
            let cells: Vec<String> = record.iter().map(str::to_string).collect();
            if cells.iter().all(String::is_empty) {
                continue;
            }
            if cells.len() != table.header.len() {
                return Err(table.width_error(line, &cells, text.lines().nth(line_index(line))));
            }
            table.rows.push(CsvRow { line, cells });
        }
        Ok(table)
    }

    /// The index of column `name`.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// The index of column `name`, or an error naming what the header must contain.
    ///
    /// # Errors
    /// [`Error::Input`] for the header line, naming the missing column.
    pub fn require(&self, name: &str, required: &[&str]) -> Result<usize> {
        self.column(name).ok_or_else(|| {
            input_error(
                &self.path,
                "line 1 (header)",
                name,
                format!(
                    "missing column `{name}`; the header must contain {} (found: {})",
                    required.join(","),
                    self.header
                        .iter()
                        .map(|h| shorten(h))
                        .collect::<Vec<_>>()
                        .join(&char::from(self.dialect.separator()).to_string())
                ),
            )
        })
    }

    /// The cell of column `col` in `row`, `""` when the column is absent.
    pub fn cell<'a>(&self, row: &'a CsvRow, col: Option<usize>) -> &'a str {
        col.and_then(|i| row.cells.get(i))
            .map_or("", String::as_str)
    }

    /// The number in column `field` of `row`.
    ///
    /// # Errors
    /// [`Error::Input`] naming file, line and column when the cell is empty or not a number of
    /// this file's dialect.
    pub fn number(&self, row: &CsvRow, field: &str) -> Result<f64> {
        let raw = self.cell(row, self.column(field));
        if raw.is_empty() {
            return Err(input_error(&self.path, row.record(), field, "is empty"));
        }
        self.dialect
            .number(raw)
            .map_err(|m| input_error(&self.path, row.record(), field, m))
    }

    /// The whole number in column `field` of `row`, `None` when the cell is empty.
    ///
    /// # Errors
    /// [`Error::Input`] naming file, line and column for a value that is not a whole number in
    /// `range`.
    pub fn whole(
        &self,
        row: &CsvRow,
        field: &str,
        range: std::ops::RangeInclusive<u32>,
    ) -> Result<Option<u32>> {
        let raw = self.cell(row, self.column(field));
        if raw.is_empty() {
            return Ok(None);
        }
        let v = self.number(row, field)?;
        let (lo, hi) = (*range.start(), *range.end());
        if v.fract() != 0.0 || !(f64::from(lo)..=f64::from(hi)).contains(&v) {
            return Err(input_error(
                &self.path,
                row.record(),
                field,
                format!(
                    "\"{}\" is not a whole number from {lo} to {hi}",
                    shorten(raw)
                ),
            ));
        }
        // In range and whole, so the conversion is exact.
        Ok(Some(v as u32))
    }

    /// The error for a line whose number of values differs from the header's.
    fn width_error(&self, line: u64, cells: &[String], text: Option<&str>) -> Error {
        let (n, m) = (cells.len(), self.header.len());
        let text = text.unwrap_or_default();
        let other = match self.dialect {
            Dialect::Comma => ';',
            Dialect::Semicolon => ',',
        };
        let at = |i: usize| self.header.get(i).map_or("row", String::as_str);
        if n < m && text.contains(other) {
            return input_error(
                &self.path,
                format!("line {line}"),
                at(n),
                format!(
                    "{n} value(s) where the header has {m} columns: the header uses {}, this \
                     line seems to separate values with `{other}`; use one dialect in the whole \
                     file",
                    self.dialect.describe()
                ),
            );
        }
        if n > m && self.dialect == Dialect::Comma {
            // A decimal comma splits `60,5` into the cells `60` and `5`.
            let digits = |s: &str| {
                let s = s.strip_prefix('-').unwrap_or(s);
                !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
            };
            if let Some(i) = (0..n.saturating_sub(1)).find(|&i| {
                cells.get(i).is_some_and(|a| digits(a))
                    && cells.get(i + 1).is_some_and(|b| digits(b))
            }) {
                return input_error(
                    &self.path,
                    format!("line {line}"),
                    at(i),
                    format!(
                        "{n} values where the header has {m} columns: the file separates values \
                         with `,`, so a decimal comma such as {},{} splits a number in two; write \
                         {}.{}, or save the file with `;` separators (as Excel in Norwegian does)",
                        shorten(cells.get(i).map_or("", String::as_str)),
                        shorten(cells.get(i + 1).map_or("", String::as_str)),
                        shorten(cells.get(i).map_or("", String::as_str)),
                        shorten(cells.get(i + 1).map_or("", String::as_str)),
                    ),
                );
            }
        }
        input_error(
            &self.path,
            format!("line {line}"),
            if n < m { at(n) } else { "row" },
            format!(
                "{n} value(s) where the header has {m} columns (the file uses {}{})",
                self.dialect.describe(),
                if n > m && self.dialect == Dialect::Semicolon {
                    "; a value containing `;`, such as a list of days, must be in double quotes"
                } else {
                    ""
                }
            ),
        )
    }
}

/// The 1-based line of the record that starts at `byte` of `text`. (The csv crate's own line
/// count is one short after a CRLF line end, as Excel and tillit's writer use: the record's
/// position is taken before the `\n` of the previous line end.)
fn line_at(text: &str, byte: u64) -> u64 {
    let start = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
    let head = text.as_bytes().get(..start).unwrap_or_default();
    let rest = text.as_bytes().get(start..).unwrap_or_default();
    let newlines = head.iter().filter(|&&b| b == b'\n').count()
        + rest
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .filter(|&&b| b == b'\n')
            .count();
    u64::try_from(newlines)
        .unwrap_or(u64::MAX)
        .saturating_add(1)
}

/// The 0-based index into `str::lines` of 1-based line `line`.
fn line_index(line: u64) -> usize {
    usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(bytes: &[u8]) -> Result<CsvTable> {
        CsvTable::parse(Path::new("f.csv"), bytes)
    }

    fn message(bytes: &[u8]) -> String {
        match parse(bytes) {
            Ok(t) => panic!("expected an error, got {t:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn detects_the_dialect_from_the_header() {
        let t = parse(b"id;lat;lon\na;60,5;24\n").expect("valid");
        assert_eq!(t.dialect, Dialect::Semicolon);
        assert_eq!(t.rows[0].cells, ["a", "60,5", "24"]);
        assert_eq!(t.number(&t.rows[0], "lat").expect("number"), 60.5);
        let t = parse(b"id,lat,lon\na,60.5,24\n").expect("valid");
        assert_eq!(t.dialect, Dialect::Comma);
        assert_eq!(t.number(&t.rows[0], "lat").expect("number"), 60.5);
        // `.` decimals in a `;` file are unambiguous, and accepted.
        let t = parse(b"id;lat\na;60.5\n").expect("valid");
        assert_eq!(t.number(&t.rows[0], "lat").expect("number"), 60.5);
    }

    #[test]
    fn lines_are_counted_right_after_crlf() {
        for bytes in [
            &b"id;lat\r\na;1\r\n\r\nb;2\r\nc;x\r\n"[..],
            b"id;lat\na;1\n\nb;2\nc;x\n",
        ] {
            let t = parse(bytes).expect("valid");
            let lines: Vec<u64> = t.rows.iter().map(|r| r.line).collect();
            assert_eq!(lines, [2, 4, 5]);
        }
        let m = message(b"id;lat\r\na;1\r\nb;2;3\r\n");
        assert!(m.starts_with("f.csv: line 3, "), "{m}");
    }

    #[test]
    fn reads_windows_1252_and_skips_empty_rows() {
        let t = parse(b"id;name\n1;Bod\xF8\n;\n2;\xC6r\xF8y\n").expect("valid");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[1], "Bodø");
        assert_eq!(t.rows[1].cells[1], "Ærøy");
        assert_eq!(t.rows[1].line, 4);
    }

    #[test]
    fn mixed_dialects_get_a_message_that_says_why() {
        let m = message(b"id,lat,lon\na,60,5,24,1\n");
        assert!(
            m.starts_with("f.csv: line 2, field `lat`: 5 values where the header has 3 columns")
                && m.contains("decimal comma such as 60,5")
                && m.contains("write 60.5"),
            "{m}"
        );
        let t = parse(b"id,lat,lon\na,\"60,5\",24\n").expect("quoted comma");
        let m = t
            .number(&t.rows[0], "lat")
            .expect_err("decimal comma")
            .to_string();
        assert!(
            m.starts_with("f.csv: line 2, field `lat`: \"60,5\" has a decimal comma"),
            "{m}"
        );
        let m = message(b"id;lat;lon\na,60.5,24\n");
        assert!(
            m.starts_with("f.csv: line 2, field `lat`: 1 value(s) where the header has 3")
                && m.contains("`,`"),
            "{m}"
        );
        let m = message(b"id\tlat\tlon\na\t60\t24\n");
        assert!(m.contains("tabs"), "{m}");
        assert!(message(b"").contains("no header line"));
    }

    #[test]
    fn numbers_follow_the_dialect() {
        assert_eq!(Dialect::Semicolon.number("-0,25"), Ok(-0.25));
        assert!(
            Dialect::Comma
                .number("60,5")
                .is_err_and(|m| m.contains("decimal comma") && m.contains("60.5"))
        );
        assert!(
            Dialect::Semicolon
                .number("1.234,5")
                .is_err_and(|m| m.contains("mixes"))
        );
        let huge = "9".repeat(309);
        assert!(
            Dialect::Semicolon
                .number(&format!("{huge}x"))
                .is_err_and(|m| m.starts_with("\"999999999999…\" is not a number"))
        );
    }
}
