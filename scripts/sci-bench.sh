#!/usr/bin/env bash
# Our own CI measures its software carbon intensity: the criterion engine
# benchmark, run briefly through `empreinte sci`, in gCO2e per million device
# rows assessed (criterion Throughput::Elements = rows). About 10-20 s once
# the benches are compiled. Not a gate: the figure is printed for the log.
# Usage: scripts/sci-bench.sh [debug|release] [extra `empreinte sci run` options, e.g. --zone FR]
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-debug}; shift || true
if [ "$profile" = release ]; then
  cargo build -q --release -p empreinte-cli
  bin=./target/release/empreinte
else
  cargo build -q -p empreinte-cli
  bin=./target/debug/empreinte
fi
out=$(mktemp); trap 'rm -f "$out"' EXIT
"$bin" sci run --zone BE --per-criterion --bench-filter engine --save "$out" "$@" -- \
  cargo bench -q -p empreinte-benches --bench assess -- engine --warm-up-time 1 --measurement-time 2 --noplot 2>/dev/null
python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for b in r["benchmarks"]:
    print(f"SCI {b['id']}: {b['sci_gco2e_per_million_elements']:.3g} gCO2e per million device rows assessed "
          f"({r['energy_method']}, {r['inputs']['zone']} {r['intensity_year']}, noise ±{100 * (b['noise_rel'] or 0):.1f} %)")
PY
