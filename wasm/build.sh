#!/usr/bin/env bash
# Builds the npm package `empreinte` into wasm/pkg: three wasm modules with the
# default datasets inside (`empreinte`, fleet; `empreinte_planning`, fleet
# plus data centres and policies, the crate's `planning` feature;
# `empreinte_sci`, fleet plus the SCI of a run, feature `sci`), their
# ES-module glue (wasm-bindgen --target web), TypeScript types, package.json
# and README.
#
# Route (see docs/wasm-toolchain.md): a rustup wasm32 target when installed,
# else Debian's rustc-web + rust-web-src + lld-19 with -Zbuild-std. Needs the
# wasm-bindgen CLI of the exact version pinned in Cargo.toml, and Node.js 20+
# (to write the core's InventoryRecord type into the .d.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target_dir=${CARGO_TARGET_DIR:-$root/target}
target=wasm32-unknown-unknown
pkg=$root/wasm/pkg

# cargo_build [FEATURES]: the crate for wasm32, with the given features (none: the default module).
cargo_build() {
  local features=()
  [ -n "${1:-}" ] && features=(--features "$1")
  if command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx "$target"; then
    echo "build: rustup target $target ${1:+(features: $1)}"
    cargo build --release --target "$target" -p empreinte-wasm "${features[@]}"
  else
    echo "build: Debian rustc-web with -Zbuild-std (no rustup $target) ${1:+(features: $1)}"
    [ -x /usr/bin/rustc ] && /usr/bin/rustc --print target-list | grep -qx "$target" \
      || { echo "build: /usr/bin/rustc cannot target $target (apt-get install rustc-web rust-web-src lld-19)" >&2; exit 1; }
    RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19 \
      cargo build --release --target "$target" -Zbuild-std=std,panic_abort \
        --config 'profile.release.panic="abort"' -p empreinte-wasm "${features[@]}"
  fi
}

want=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' wasm/Cargo.toml)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')
[ "$have" = "$want" ] || { echo "build: wasm-bindgen CLI $have, need $want (cargo install wasm-bindgen-cli --version $want)" >&2; exit 1; }

rm -rf "$pkg"
mkdir -p "$pkg"

# module NAME [FEATURES]: builds the crate with FEATURES and writes NAME.js,
# NAME.d.ts and NAME_bg.wasm into the package. Two modules, one package:
#   empreinte           the fleet functions, what every visitor of the
#                       calculator downloads (300 KB gzipped budget);
#   empreinte_planning  the same plus data centres and policies (feature
#                       `planning`), loaded on demand by the calculator's
#                       Policy and Data centre tabs (450 KB budget);
#   empreinte_sci       the same plus the SCI of a run (feature `sci`), for
#                       npm users: the calculator never loads it.
module() {
  local name=$1 features=${2:-}
  cargo_build "$features"
  # No name or producers section: function names only serve debuggers (errors
  # carry the core's messages), and they weigh about 30 KB gzipped.
  wasm-bindgen --target web --out-dir "$pkg" --out-name "$name" \
    --remove-name-section --remove-producers-section \
    "$target_dir/$target/release/empreinte_wasm.wasm"

  # Optional size pass with binaryen's wasm-opt (npm package `binaryen`) when installed.
  local wasm_opt=$root/wasm/node_modules/.bin/wasm-opt
  if [ -x "$wasm_opt" ]; then
    "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
      "$pkg/${name}_bg.wasm" -o "$pkg/${name}_bg.wasm.opt" && mv "$pkg/${name}_bg.wasm.opt" "$pkg/${name}_bg.wasm"
  fi

  # The record type is the core's, generated from its schema: append the text
  # the built module returns (tests/node/types.test.mjs checks it is there).
  node --input-type=module -e '
import { readFileSync, appendFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [pkg, name] = process.argv.slice(1);
const m = await import(pathToFileURL(`${pkg}/${name}.js`));
m.initSync({ module: readFileSync(`${pkg}/${name}_bg.wasm`) });
appendFileSync(`${pkg}/${name}.d.ts`, `\n${m.inventoryRecordType()}`);
' "$pkg" "$name"
}
module empreinte
module empreinte_planning planning
module empreinte_sci sci

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
sed "s/@VERSION@/$version/" wasm/npm/package.json > "$pkg/package.json"
cp wasm/README.md "$pkg/README.md"
# Code Apache-2.0 OR MIT, embedded data ODbL-1.0 and CC-BY-4.0: the four
# texts ship with the package (listed in npm/package.json "files").
cp LICENSE-APACHE LICENSE-MIT LICENSE-DATA-ODbL-1.0 LICENSE-DATA-CC-BY-4.0 "$pkg/"
rm -f "$pkg/.gitignore"
# The calculator as a static site: www/ plus the package's module and glue.
site=$root/wasm/site
rm -rf "$site"
cp -r wasm/www "$site"
mkdir -p "$site/pkg"
cp "$pkg/empreinte.js" "$pkg/empreinte_bg.wasm" "$pkg/empreinte_planning.js" "$pkg/empreinte_planning_bg.wasm" "$site/pkg/"
# The documents the page links to (its footer, the datasets' addresses such as
# "datasets/derive.py (usage_profiles)"): copies of the repository's files.
mkdir -p "$site/docs" "$site/datasets"
cp docs/methodology.md "$site/docs/"
cp datasets/derive.py "$site/datasets/"
# The illustrative organisation's files, which the GHG card fetches when the
# visitor gives no inventory (the package does not embed them: its size).
mkdir -p "$site/examples/datacentre"
cp datasets/examples/municipal-fleet.csv datasets/examples/organisation-instruments.csv "$site/examples/"
cp datasets/examples/datacentre/{readings,facility,instruments,tenants,equipment}.csv "$site/examples/datacentre/"
echo "build: wasm/pkg ($version) and wasm/site"
