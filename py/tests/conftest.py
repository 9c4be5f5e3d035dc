"""No test skips silently: a skipped test is reported as a failure (a test
that needs something, such as the built command, builds it or fails)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Generator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped, which this suite does not allow: {report.longrepr}"
    return report


@pytest.fixture(scope="session")
def cli() -> Path:
    """The `empreinte` command: $EMPREINTE_CLI (set by scripts/test-python.sh),
    else built here with cargo. Never skipped: a missing command fails."""
    if "EMPREINTE_CLI" in os.environ:
        path = Path(os.environ["EMPREINTE_CLI"])
        assert path.is_file(), f"EMPREINTE_CLI={path} does not exist"
        return path
    subprocess.run(["cargo", "build", "--release", "-p", "empreinte-cli"], cwd=ROOT, check=True)
    path = ROOT / "target" / "release" / "empreinte"
    assert path.is_file(), path
    return path
