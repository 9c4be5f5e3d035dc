#!/usr/bin/env bash
# Performance figure of the Monte Carlo fleet assessment (not a test):
# the command on a generated 1,000,000-line CSV (300 entities) with 10,000
# samples, grouped by entity, best of 3, with its peak memory next to the
# same run on 100,000 lines: memory follows the groups and the samples, not
# the lines (methodology §8.3). Target: <= 2 s on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p empreinte-cli -p empreinte-benches --bins
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
./target/release/gen_inventory 1000000 300 > "$tmp/1m.csv"
./target/release/gen_inventory 100000 300 > "$tmp/100k.csv"
command -v /usr/bin/time >/dev/null || apt-get install -y -q time >/dev/null
for f in 100k 1m; do
  for mode in interval monte-carlo; do
    best=999
    for _ in 1 2 3; do
      s=$(date +%s.%N)
      /usr/bin/time -f '%M' -o "$tmp/rss" ./target/release/empreinte assess "$tmp/$f.csv" --year 2024 \
        --by entity --format csv --uncertainty "$mode" $([ "$mode" = monte-carlo ] && echo --samples 10000 --seed 1) > /dev/null
      e=$(date +%s.%N)
      t=$(echo "$e - $s" | bc -l)
      best=$(echo "if ($t < $best) $t else $best" | bc -l)
    done
    printf 'command, %s lines, 300 entities, --uncertainty %s%s: best of 3 %.3f s, peak RSS %s KiB\n' \
      "$f" "$mode" "$([ "$mode" = monte-carlo ] && echo ' (10,000 samples)')" "$best" "$(cat "$tmp/rss")"
  done
done
