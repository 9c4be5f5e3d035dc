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
cargo bench -p empreinte-benches --bench assess -- --noplot "${@}"
# Software Carbon Intensity beside the speed figures: the engine bench, briefly,
# through `empreinte sci` (gCO2e per million device rows assessed).
scripts/sci-bench.sh release
# Spark (empreinte.spark, local[2]) beside one process: rows per second for
# a 10,000,000-line inventory and for 87.6 M hourly server readings (10,000
# servers x 8,760 h; the single-process figure of those is the criterion
# bench `datacentre`). Needs the .venv that scripts/test-python.sh makes
# (empreinte, pyspark; Java 17). SPARK_BENCH_ARGS="rows servers hours"
# runs smaller sizes.
if [ -x .venv/bin/python ] && .venv/bin/python -c 'import empreinte.spark, pyspark' 2>/dev/null; then
  cargo bench -p empreinte-benches --bench datacentre -- --noplot
  ROOT=$PWD
  # shellcheck disable=SC2086  # the sizes are separate arguments
  (cd /tmp && PYSPARK_PYTHON="$ROOT/.venv/bin/python" "$ROOT/.venv/bin/python" "$ROOT/py/bench/bench_spark.py" ${SPARK_BENCH_ARGS:-})
else
  echo "bench: no .venv with empreinte and pyspark (run scripts/test-python.sh first): Spark figures skipped"
fi
