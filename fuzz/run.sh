#!/usr/bin/env bash
# Runs cargo-fuzz targets for a bounded time on a stable toolchain.
#
#   fuzz/run.sh TARGET SECONDS     one target
#   fuzz/run.sh smoke [SECONDS]    every target, SECONDS each (default 30): CI
#   fuzz/run.sh list               the targets
#
# Seeds come from fuzz/seed.sh (fixtures, hostile corpus, official samples).
# A crash, timeout (-timeout, default 10 s per input) or out-of-memory
# (-rss_limit_mb, default 2048; -malloc_limit_mb, default 512) stops the run
# with a non-zero status and leaves the reproducer in fuzz/artifacts/TARGET/.
#
# Environment: SANITIZER (address | none; default address), JOBS (parallel
# libFuzzer workers per target, default 1), EXTRA (more libFuzzer flags).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
targets=(validate_xml rules cii_read pdf_extract_inspect pdf_embed csv_read tree_vs_roxmltree)

# cargo-fuzz passes nightly-only flags (-Zsanitizer, -Cpasses=sancov-module);
# RUSTC_BOOTSTRAP=1 lets the stable compiler accept them.
export RUSTC_BOOTSTRAP=1
sanitizer="${SANITIZER:-address}"

max_len() {
    case "$1" in
        pdf_*) echo 1048576 ;;
        *) echo 131072 ;;
    esac
}

run_one() {
    local target="$1" seconds="$2"
    "$here/seed.sh" "$target" >&2
    mkdir -p "artifacts/$target"
    local flags=()
    if [ -f "dict/$target.dict" ]; then
        flags+=("-dict=dict/$target.dict")
    fi
    # -jobs=1 would still fork a worker and log to a file: only pass it for
    # real parallel runs.
    if [ "${JOBS:-1}" -gt 1 ]; then
        flags+=("-jobs=$JOBS" "-workers=$JOBS")
    fi
    echo "run.sh: $target for $seconds s (sanitizer $sanitizer)" >&2
    # shellcheck disable=SC2086
    cargo fuzz run --sanitizer "$sanitizer" "$target" "corpus/$target" -- \
        -max_total_time="$seconds" \
        -timeout="${TIMEOUT:-10}" \
        -rss_limit_mb="${RSS_LIMIT_MB:-2048}" \
        -malloc_limit_mb="${MALLOC_LIMIT_MB:-512}" \
        -max_len="$(max_len "$target")" \
        -print_final_stats=1 \
        -artifact_prefix="artifacts/$target/" \
        "${flags[@]}" ${EXTRA:-}
}

case "${1:-}" in
    list)
        printf '%s\n' "${targets[@]}"
        ;;
    smoke)
        seconds="${2:-30}"
        for t in "${targets[@]}"; do
            run_one "$t" "$seconds"
        done
        ;;
    "")
        echo "usage: run.sh TARGET SECONDS | smoke [SECONDS] | list" >&2
        exit 2
        ;;
    *)
        run_one "$1" "${2:?usage: run.sh TARGET SECONDS}"
        ;;
esac
