#!/usr/bin/env python3
"""Times the official compiled schematron in Saxon (saxonche) on one file:
the baseline of crates/rules/benches/rules.rs. Stylesheets are compiled
once; each iteration runs the CEN and the Factur-X EN 16931 XSLT, as our
default layers do for an EN 16931 invoice.

Usage: bench_saxon.py FILE [ITERATIONS]
"""
import os
import sys
import time

from saxonche import PySaxonProcessor

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def artefact(rel):
    a = os.path.join(root, "schemas", "artefacts", rel)
    return a if os.path.isfile(a) else os.path.join(root, "..", "shared", "standards", rel)


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    sheets = [
        artefact("en16931-cii-1.3.16/xslt/EN16931-CII-validation.xslt"),
        artefact("facturx-1.09.2/xslt/EN16931/FACTUR-X_EN16931.xslt"),
    ]
    with PySaxonProcessor(license=False) as proc:
        xslt = proc.new_xslt30_processor()
        t0 = time.perf_counter()
        exes = [xslt.compile_stylesheet(stylesheet_file=s) for s in sheets]
        compile_s = time.perf_counter() - t0
        for e in exes:  # warm-up
            e.transform_to_string(source_file=path)
        t0 = time.perf_counter()
        cpu0 = time.process_time()
        for _ in range(n):
            for e in exes:
                e.transform_to_string(source_file=path)
        wall = (time.perf_counter() - t0) / n
        cpu = (time.process_time() - cpu0) / n
        print(f"compile: {compile_s*1000:.1f} ms; per invoice: wall {wall*1000:.2f} ms, cpu {cpu*1000:.2f} ms")


if __name__ == "__main__":
    main()
