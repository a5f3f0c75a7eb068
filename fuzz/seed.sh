#!/usr/bin/env bash
# Fills fuzz/corpus/TARGET with seeds taken, at run time, from the repo's
# fixtures, the hostile corpus and the official samples (never committed:
# they are third-party files). Seeds are only added; libFuzzer's own finds
# in the directory are kept.
#
#   fuzz/seed.sh TARGET
#
# STANDARDS (default ../shared/standards next to the repo, i.e. the
# official artefacts tree) is where the samples are read from.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
standards="${STANDARDS:-$repo/../shared/standards}"
target="${1:?usage: seed.sh TARGET}"
out="$here/corpus/$target"
mkdir -p "$out"

xml_files() {
    find "$repo/fixtures" "$repo/tests/hostile" -name '*.xml' -size -1024k -type f
    if [ -d "$standards/examples" ]; then
        find "$standards/examples" -name '*.xml' -type f
    fi
}
pdf_files() {
    find "$repo/tests/hostile" -name '*.pdf' -type f
    if [ -d "$standards/examples" ]; then
        find "$standards/examples" -name '*.pdf' -size -600k -type f
    fi
}
csv_files() {
    find "$repo/fixtures" "$repo/tests/hostile" -name '*.csv' -size -1024k -type f
}

# seed NAME PREFIX FILE: copies FILE to $out/NAME, after the bytes of PREFIX
# (printf format) when the target reads a selector byte first.
seed() {
    { printf "$2"; cat "$3"; } > "$out/$1"
}

n=0
case "$target" in
    validate_xml | rules)
        while read -r f; do
            n=$((n + 1))
            seed "seed-$n-detect" '\000' "$f"
            seed "seed-$n-forced" '\001' "$f"
        done < <(xml_files)
        ;;
    cii_read | tree_vs_roxmltree)
        while read -r f; do
            n=$((n + 1))
            seed "seed-$n" '' "$f"
        done < <(xml_files)
        ;;
    pdf_extract_inspect)
        while read -r f; do
            n=$((n + 1))
            seed "seed-$n" '' "$f"
        done < <(pdf_files)
        ;;
    pdf_embed)
        while read -r f; do
            n=$((n + 1))
            seed "seed-$n-strict" '\000' "$f"
            seed "seed-$n-force" '\001' "$f"
        done < <(pdf_files)
        ;;
    csv_read)
        while read -r f; do
            n=$((n + 1))
            # Alone (the fixture mapping applies) and after its own mapping.
            seed "seed-$n" '' "$f"
            for m in "$repo"/fixtures/csv/*.toml; do
                { cat "$m"; printf '\n%%%%\n'; cat "$f"; } > "$out/seed-$n-$(basename "$m" .toml)"
            done
        done < <(csv_files)
        ;;
    *)
        echo "seed.sh: unknown target $target" >&2
        exit 2
        ;;
esac
echo "seed.sh: $target: $n seed files from the fixtures, the hostile corpus and $standards"
