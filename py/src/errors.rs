//! Core errors to Python exceptions.
//!
//! The exception classes are plain Python (`empreinte/_errors.py`, typed and
//! documented there); this file only looks the class up by the core error's
//! stable `code()` and fills its attributes.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

static BY_CODE: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
static BASE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A core error as a Python exception of the class registered for its code
/// (the base `EmpreinteError` if none is: a test makes sure that never happens).
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
    let class = match by_code.bind(py).get_item(err.code())? {
        Some(class) => class,
        None => BASE
            .get_or_try_init(py, || -> PyResult<_> {
                Ok(py
                    .import("empreinte._errors")?
                    .getattr("EmpreinteError")?
                    .unbind())
            })?
            .bind(py)
            .clone(),
    };
    let exc = class.call1((err.to_string(),))?;
    let at = err.location();
    exc.setattr("code", err.code())?;
    exc.setattr("source", at.map(|l| l.source.clone()))?;
    exc.setattr("line", at.and_then(|l| l.line))?;
    exc.setattr("row", at.and_then(|l| l.row))?;
    exc.setattr("column", at.and_then(|l| l.column.clone()))?;
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
