//! Reading text cells: the CSV dialect of a file (separator, decimal comma,
//! byte-order mark) and locale-aware numbers. Every reader of the crate
//! (inventories, factor tables) uses these, so a number reads the same
//! whatever the file.

use crate::error::{Error, Locate, Result};

/// How a CSV file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    /// Field separator.
    pub delimiter: u8,
    /// Whether numbers use a decimal comma.
    pub decimal_comma: bool,
}

pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(crate) fn dialect_of(first_line: &[u8]) -> Dialect {
    let count = |b: u8| first_line.iter().filter(|&&c| c == b).count();
    let semicolon = count(b';') > count(b',');
    Dialect {
        delimiter: if semicolon { b';' } else { b',' },
        decimal_comma: semicolon,
    }
}

/// Strips a UTF-8 byte-order mark and guesses the dialect from the header.
#[must_use]
pub fn sniff_dialect(bytes: &[u8]) -> (&[u8], Dialect) {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or(b"");
    (bytes, dialect_of(first))
}

/// Parses a number written in a CSV cell: empty is `None`; with
/// `decimal_comma`, `1 234,5` reads 1234.5.
///
/// # Errors
///
/// [`Error::InvalidNumber`] (units in cells, typos) or [`Error::NotFinite`]
/// (`NaN`, `inf`).
pub fn parse_number(raw: &[u8], decimal_comma: bool, at: &impl Locate) -> Result<Option<f64>> {
    let s = raw.trim_ascii();
    if s.is_empty() {
        return Ok(None);
    }
    let mut buf = [0u8; 48];
    let mut n = 0;
    let text: &[u8] = if decimal_comma {
        let mut rest = s;
        while let Some((&b, tail)) = rest.split_first() {
            // Thousands separators: space, no-break space (C2 A0), narrow no-break space (E2 80 AF).
            if b == b' ' {
                rest = tail;
                continue;
            }
            if let Some(t) = rest.strip_prefix(&[0xC2, 0xA0]) {
                rest = t;
                continue;
            }
            if let Some(t) = rest.strip_prefix(&[0xE2, 0x80, 0xAF]) {
                rest = t;
                continue;
            }
            let slot = buf.get_mut(n).ok_or_else(|| invalid(raw, at))?;
            *slot = if b == b',' { b'.' } else { b };
            n += 1;
            rest = tail;
        }
        buf.get(..n).unwrap_or(&[])
    } else {
        s
    };
    // Fast path: most cells are small whole numbers (quantities, years).
    if text.len() <= 15 && text.iter().all(u8::is_ascii_digit) {
        return Ok(Some(
            text.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')) as f64,
        ));
    }
    let v: f64 = std::str::from_utf8(text)
        .ok()
        .and_then(|t| t.parse().ok())
        .ok_or_else(|| invalid(raw, at))?;
    if !v.is_finite() {
        return Err(Error::NotFinite {
            at: at.locate(),
            value: String::from_utf8_lossy(s).into_owned(),
        });
    }
    Ok(Some(v))
}

fn invalid(raw: &[u8], at: &impl Locate) -> Error {
    Error::InvalidNumber {
        at: at.locate(),
        value: String::from_utf8_lossy(raw).trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;

    #[test]
    fn numbers_in_both_locales() {
        let at = Location::default();
        assert_eq!(parse_number(b" 1.5 ", false, &at).unwrap(), Some(1.5));
        assert_eq!(parse_number(b"1,5", true, &at).unwrap(), Some(1.5));
        assert_eq!(
            parse_number("1\u{a0}234,5".as_bytes(), true, &at).unwrap(),
            Some(1234.5)
        );
        assert_eq!(parse_number(b"", true, &at).unwrap(), None);
        assert_eq!(
            parse_number(b"12 kWh", false, &at).unwrap_err().code(),
            "invalid_number"
        );
        assert_eq!(
            parse_number(b"NaN", false, &at).unwrap_err().code(),
            "not_finite"
        );
        assert_eq!(
            parse_number(b"inf", true, &at).unwrap_err().code(),
            "not_finite"
        );
    }

    #[test]
    fn dialects() {
        let (rest, d) = sniff_dialect(b"\xEF\xBB\xBFentity;kind;quantity\n");
        assert_eq!(
            d,
            Dialect {
                delimiter: b';',
                decimal_comma: true
            }
        );
        assert!(rest.starts_with(b"entity"));
        assert_eq!(sniff_dialect(b"entity,kind\n").1.delimiter, b',');
    }
}
