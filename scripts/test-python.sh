#!/usr/bin/env bash
# The Python package: build the wheel in a virtual environment, install it
# with its dependencies, run pytest (golden cases, API, errors, README
# quick-start, notebooks), the doctests of the installed package, stubtest,
# and the benchmark once. Needs only python3 (>= 3.11) and cargo; installs
# Debian's openjdk-17-jre-headless when there is no Java 17 or later (the
# Spark tests run a local Spark).
# Usage: scripts/test-python.sh   (from anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

section() { printf '\n==== %s ====\n' "$*"; }

sudo_() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }

section "Python: Java 17 for the Spark tests (empreinte.spark on local[2])"
java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1; }
if ! command -v java >/dev/null || [ "$(java_major)" -lt 17 ]; then
  echo "test-python: apt-get install --no-install-recommends openjdk-17-jre-headless"
  export DEBIAN_FRONTEND=noninteractive
  sudo_ apt-get update -q
  sudo_ apt-get install -y -q --no-install-recommends openjdk-17-jre-headless
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f /usr/lib/jvm/java-17-openjdk-*/bin/java | head -n 1)")")
  export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
fi
java -version 2>&1 | head -n 1

section "Python: virtual environment (.venv)"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
PY=$ROOT/.venv/bin/python
"$PY" --version
"$PY" -m pip install --quiet --upgrade pip
"$PY" -m pip install --quiet -r py/requirements-dev.txt

section "Python: build the wheel (maturin, profile ci: optimised, quick to compile)"
rm -f target/wheels/empreinte-*.whl
"$PY" -m maturin build --profile ci -m py/Cargo.toml -o target/wheels -i "$PY"
WHEEL=$(ls target/wheels/empreinte-*.whl | head -n 1)

section "Python: install $WHEEL with its dependencies and the spark extra"
"$PY" -m pip install --quiet --force-reinstall --no-deps "$WHEEL"
# The `spark` extra (pyspark, pyarrow, pandas), as a user installs it:
# `pip install empreinte[spark]`; already there, nothing is downloaded.
"$PY" -m pip install --quiet "$WHEEL[spark]"
# Kernel for the notebooks: this environment's Python.
"$PY" -m ipykernel install --sys-prefix --name python3 > /dev/null

section "Python: the command, for the same-numbers test"
cargo build --profile ci -p empreinte-cli
export EMPREINTE_CLI=$ROOT/target/ci/empreinte

# Spark's Python workers run this environment's interpreter (empreinte,
# pyarrow), for the tests and the notebooks.
export PYSPARK_PYTHON="$PY"

section "Python: pytest (installed wheel: golden cases, API, errors, README, notebooks)"
# Run from a temporary directory so that `import empreinte` is the installed
# wheel, never the source tree.
PKG=$(cd /tmp && "$PY" -c 'import empreinte, os; print(os.path.dirname(empreinte.__file__))')
(cd "$ROOT/py" && "$PY" -m pytest tests "$PKG" --doctest-modules -p no:cacheprovider -ra)

section "Python: stubtest (the .pyi matches the native module)"
(cd /tmp && "$PY" -m mypy.stubtest empreinte --allowlist "$ROOT/py/stubtest-allowlist.txt")

section "Python: mypy --strict over the tests and benchmark"
(cd "$ROOT/py" && "$PY" -m mypy --strict --no-incremental tests bench)

section "Python: benchmark (figure only, not asserted)"
(cd /tmp && "$PY" "$ROOT/py/bench/bench_assess.py")
