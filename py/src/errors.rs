//! Core errors to Python exceptions.
//!
//! The exception classes are built in Python (`empreinte/_errors.py`) from
//! the codes this module exposes (core's `Error::codes()` and
//! [`input_codes`], both derived from core's `ErrorKind`); this file only
//! looks the class up by the core error's stable `code()` and fills its
//! attributes from the error's location.

use empreinte::ErrorKind;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;
use strum::IntoEnumIterator;

static BY_CODE: PyOnceLock<Py<PyDict>> = PyOnceLock::new();

/// The codes of the errors about the caller's input (core's
/// `ErrorKind::is_input`), in core's declaration order.
pub fn input_codes() -> Vec<&'static str> {
    ErrorKind::iter()
        .filter(|k| k.is_input())
        .map(ErrorKind::code)
        .collect()
}

/// A core error as a Python exception of the class registered for its code.
/// A code without a class cannot happen (the classes are built from
/// the same codes); should it, the failure to find one is raised instead of a
/// silent base class.
pub fn to_py(err: &empreinte::Error) -> PyErr {
    Python::attach(|py| build(py, err).unwrap_or_else(|e| e))
}

fn build(py: Python<'_>, err: &empreinte::Error) -> PyResult<PyErr> {
    let by_code = BY_CODE.get_or_try_init(py, || -> PyResult<_> {
        Ok(py
            .import("empreinte._errors")?
            .getattr("BY_CODE")?
            .cast_into::<PyDict>()?
            .unbind())
    })?;
    let class = by_code.bind(py).get_item(err.code())?.ok_or_else(|| {
        pyo3::exceptions::PyRuntimeError::new_err(format!(
            "no exception class for error code `{}`: {err}",
            err.code()
        ))
    })?;
    let exc = class.call1((err.to_string(),))?;
    let at = err.location();
    exc.setattr(
        "source",
        (!at.source.is_empty()).then_some(at.source.as_str()),
    )?;
    exc.setattr("line", at.line)?;
    exc.setattr("row", at.row)?;
    exc.setattr("column", at.column.as_deref())?;
    exc.setattr("suggestion", err.suggestion())?;
    Ok(PyErr::from_value(exc))
}

/// `Result` of core to `PyResult`.
pub trait IntoPy<T> {
    /// Converts the error, if any.
    fn py_err(self) -> PyResult<T>;
}

impl<T> IntoPy<T> for empreinte::Result<T> {
    fn py_err(self) -> PyResult<T> {
        self.map_err(|e| to_py(&e))
    }
}
