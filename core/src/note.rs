//! Notes: what a reader of the results must know (a fallback, a gap, an
//! ignored column). Beside everything, like errors.

use serde::Serialize;

/// Something a reader of the results must know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// Stable identifier (`grid_year_fallback`, `ignored_column`, ...).
    pub code: &'static str,
    /// Explanation.
    pub message: String,
}
