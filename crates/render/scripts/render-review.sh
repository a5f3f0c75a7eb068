#!/usr/bin/env bash
# Regenerates the review images of fixtures/rendered/: renders the review
# invoices (crates/render/examples/review.rs) and rasterises every page with
# poppler's pdftoppm at 60 dpi. Needs Debian poppler-utils.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
out="$root/fixtures/rendered"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cargo run --quiet -p facturx-render --example review -- "$tmp"
mkdir -p "$out"
rm -f "$out"/*.png
for pdf in "$tmp"/*.pdf; do
  name="$(basename "$pdf" .pdf)"
  pdftoppm -png -r 60 "$pdf" "$out/$name"
done
ls -1 "$out"
