#!/usr/bin/env bash
# Performance figures (not a test): the engine on 1,000,000 in-memory rows
# (criterion), and the command on a generated 1,000,000-line CSV grouped by
# entity, with its peak memory next to a 100,000-line file to show that memory
# follows the number of groups, not of lines.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p empreinte-cli -p empreinte-benches --bins
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
./target/release/gen_inventory 1000000 300 > "$tmp/1m.csv"
./target/release/gen_inventory 100000 300 > "$tmp/100k.csv"
echo "generated: $(wc -l < "$tmp/1m.csv") lines, $(du -h "$tmp/1m.csv" | cut -f1)"
command -v /usr/bin/time >/dev/null || apt-get install -y -q time >/dev/null
for f in 100k 1m; do
  best=999
  for _ in 1 2 3 4 5; do
    s=$(date +%s.%N)
    /usr/bin/time -f '%M' -o "$tmp/rss" ./target/release/empreinte assess "$tmp/$f.csv" --year 2024 --by entity --format csv > /dev/null
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    best=$(echo "if ($t < $best) $t else $best" | bc -l)
  done
  printf 'command, %s lines, 300 entities: best of 5 %.3f s, peak RSS %s KiB\n' "$f" "$best" "$(cat "$tmp/rss")"
done
# Memory follows groups: 1,000,000 lines of 1,000,000 distinct entities,
# CSV and streamed JSON; bytes per group above the 100k-line baseline,
# names included (target: <= 200 bytes per group plus the entity names).
./target/release/gen_inventory 1000000 1000000 > "$tmp/distinct.csv"
/usr/bin/time -f '%M' -o "$tmp/base" ./target/release/empreinte assess "$tmp/100k.csv" --year 2024 --format csv > /dev/null
names=$(cut -d, -f1 "$tmp/distinct.csv" | tail -n +2 | awk '{ n += length($0) } END { print n / NR }')
for args in "--by entity --format csv" "--by entity,kind --format csv" "--by entity --format json"; do
  /usr/bin/time -f '%M' -o "$tmp/rss" ./target/release/empreinte assess "$tmp/distinct.csv" --year 2024 $args > /dev/null
  printf 'command, 1,000,000 distinct entities, %s: peak RSS %s KiB, %.0f bytes per group (names of %.1f bytes included)\n' \
    "$args" "$(cat "$tmp/rss")" "$(echo "($(cat "$tmp/rss") - $(cat "$tmp/base")) * 1024 / 1000000" | bc -l)" "$names"
done
# Policy simulation memory (issue 23): SIMULATE_LINES lines (default
# 1,000,000) of 20,000 entities over 10 years (2021-2030), as JSON and CSV
# from the command (both streamed row by row) and through Python (the
# report in memory); target: JSON within 2x of CSV. Set SIMULATE_LINES
# lower on a shared machine (the run says which size it used).
lines="${SIMULATE_LINES:-1000000}"
./target/release/gen_inventory "$lines" 20000 > "$tmp/sim.csv"
printf 'start_year = 2021\nend_year = 2030\n' > "$tmp/ten.toml"
for format in json csv; do
  /usr/bin/time -f '%M %e' -o "$tmp/rss" ./target/release/empreinte simulate "$tmp/sim.csv" --policy "$tmp/ten.toml" --format "$format" > "$tmp/sim.out"
  read -r rss secs < "$tmp/rss"
  printf 'simulate, %s lines, 20,000 entities, 10 years, --format %s: peak RSS %s KiB, %s s, %s rows out\n' \
    "$lines" "$format" "$rss" "$secs" "$(wc -l < "$tmp/sim.out")"
done
if [ -x .venv/bin/python ] && .venv/bin/python -c 'import empreinte' 2>/dev/null; then
  /usr/bin/time -f '%M %e' -o "$tmp/rss" .venv/bin/python -c "import empreinte, sys; r = empreinte.simulate(sys.argv[1], {'start_year': 2021, 'end_year': 2030}); print(r.inventory.height)" "$tmp/sim.csv" > /dev/null
  read -r rss secs < "$tmp/rss"
  printf 'simulate, %s lines, 20,000 entities, 10 years, Python: peak RSS %s KiB, %s s\n' "$lines" "$rss" "$secs"
else
  echo "simulate, Python: skipped (no .venv with empreinte: run scripts/test-python.sh first)"
fi
# Tenant checks are linear: 80,000 tenants in the command, 40,000 in Node.
awk 'BEGIN { print "tenant,it_kwh"; for (i = 0; i < 80000; i++) printf "t%d,1\n", i }' > "$tmp/tenants.csv"
printf 'start,end,it_kwh,facility_kwh\n2022-01-01,2023-01-01,100000,130000\n' > "$tmp/year.csv"
printf 'field,value\nzone,BE\n' > "$tmp/facility.csv"
/usr/bin/time -f '%M %e' -o "$tmp/rss" ./target/release/empreinte datacentre --readings "$tmp/year.csv" --facility "$tmp/facility.csv" --tenants "$tmp/tenants.csv" --format csv --section tenants > /dev/null
read -r rss secs < "$tmp/rss"
printf 'datacentre, 80,000 tenants: %s s, peak RSS %s KiB\n' "$secs" "$rss"
if [ -f wasm/pkg/node/empreinte.js ] || [ -f wasm/pkg/empreinte.js ]; then
  node -e '
    const e = require(require("fs").existsSync("./wasm/pkg/node/empreinte.js") ? "./wasm/pkg/node/empreinte.js" : "./wasm/pkg/empreinte.js");
    const tenants = Array.from({ length: 40000 }, (_, i) => ({ tenant: "t" + i, it_kwh: 1 }));
    const t0 = Date.now();
    e.datacentre({ facility: { zone: "BE" }, readings: { year: 2022, it_kwh: 100000, facility_kwh: 130000 }, tenants });
    console.log(`datacentre, 40,000 tenants in Node: ${((Date.now() - t0) / 1000).toFixed(2)} s`);
  ' || echo "datacentre, Node: failed (see above)"
else
  echo "datacentre, Node: skipped (no wasm/pkg: run bash wasm/build.sh first)"
fi
cargo bench -p empreinte-benches --bench assess -- --noplot "${@}"
# Software Carbon Intensity beside the speed figures: the engine bench, briefly,
# through `empreinte sci` (gCO2e per million device rows assessed).
scripts/sci-bench.sh release
# Spark (empreinte.spark, local[2]) beside one process: rows per second for
# a 10,000,000-line inventory (empreinte.assess vs empreinte.spark.assess)
# and for 87.6 M hourly server readings (10,000 servers x 8,760 h: core's
# per-partition function in one process vs empreinte.spark.datacentre_hourly;
# the criterion bench `datacentre` adds core's in-memory columnar path).
# Needs the .venv that scripts/test-python.sh makes (empreinte[spark];
# Java 17). SPARK_BENCH_ARGS="rows servers hours" runs smaller sizes.
if [ -x .venv/bin/python ] && .venv/bin/python -c 'import empreinte.spark, pyspark' 2>/dev/null; then
  cargo bench -p empreinte-benches --bench datacentre -- --noplot
  ROOT=$PWD
  # shellcheck disable=SC2086  # the sizes are separate arguments
  (cd /tmp && PYSPARK_PYTHON="$ROOT/.venv/bin/python" "$ROOT/.venv/bin/python" "$ROOT/py/bench/bench_spark.py" ${SPARK_BENCH_ARGS:-})
else
  echo "bench: no .venv with empreinte and pyspark (run scripts/test-python.sh first): Spark figures skipped"
fi
