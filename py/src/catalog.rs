//! The catalog a call uses: the embedded one, or a copy with a user factor
//! table added (core's `Catalog::with_factors`).

use crate::errors::IntoPy;
use empreinte::factors::FactorTable;
use empreinte::Catalog;
use pyo3::prelude::*;
use std::borrow::Cow;

/// User factor tables: for each, its name (for error messages and
/// provenance) and its bytes.
pub type Factors = Vec<(String, Vec<u8>)>;

/// The embedded catalog, with `factors` applied in order (as the command
/// does with repeated `--factors`).
pub fn catalog(factors: &Factors) -> PyResult<Cow<'static, Catalog>> {
    let mut catalog = Cow::Borrowed(Catalog::embedded().py_err()?);
    for (name, bytes) in factors {
        let table = FactorTable::parse(name, bytes, &catalog).py_err()?;
        catalog = Cow::Owned(catalog.into_owned().with_factors(&table));
    }
    Ok(catalog)
}
