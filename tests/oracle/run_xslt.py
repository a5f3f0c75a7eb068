#!/usr/bin/env python3
"""Run one compiled schematron XSLT with Saxon (saxonche) on many XML files.

Test oracle only, never part of the product. The stylesheet is compiled once;
`document()` calls resolve relative to the stylesheet, so the codedb files
must sit next to it (as they do in schemas/artefacts/ and shared/standards/).

Usage: run_xslt.py STYLESHEET.xslt FILE.xml [FILE.xml ...]
       run_xslt.py STYLESHEET.xslt --list LISTFILE   (one path per line)

Prints one JSON object per input file, one per line:
  {"file": "...", "results": [["BR-CO-10", "fatal", "assert"], ...]}
where each entry is (id, flag, kind) of a failed assert (kind "assert") or a
successful report (kind "report"); a missing id or flag is "". If the
transformation fails the object has "error" instead of "results".

Setup: scripts/setup.sh installs saxonche (pip install saxonche).
"""
import json
import re
import sys
import xml.etree.ElementTree as ET

try:
    from saxonche import PySaxonProcessor
except ImportError:  # pragma: no cover
    sys.stderr.write("saxonche is missing: run scripts/setup.sh (pip install saxonche)\n")
    sys.exit(3)

SVRL = "{http://purl.oclc.org/dsdl/svrl}"


def svrl_results(svrl_text):
    root = ET.fromstring(svrl_text.encode("utf-8"))
    out = []
    for el in root.iter():
        if el.tag == SVRL + "failed-assert":
            kind = "assert"
        elif el.tag == SVRL + "successful-report":
            kind = "report"
        else:
            continue
        text_el = el.find(SVRL + "text")
        raw = "".join(text_el.itertext()) if text_el is not None else ""
        # XPath normalize-space: only XML white space collapses (not NBSP).
        text = re.sub(r"[ \t\n\r]+", " ", raw).strip(" ")
        out.append([el.get("id", ""), el.get("flag", ""), kind, el.get("location", ""), text])
    return out


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    stylesheet = argv[1]
    files = argv[2:]
    if files[0] == "--list":
        with open(files[1], encoding="utf-8") as fh:
            files = [line.strip() for line in fh if line.strip()]
    with PySaxonProcessor(license=False) as proc:
        xslt = proc.new_xslt30_processor()
        executable = xslt.compile_stylesheet(stylesheet_file=stylesheet)
        for path in files:
            rec = {"file": path}
            try:
                svrl = executable.transform_to_string(source_file=path)
                rec["results"] = svrl_results(svrl)
            except Exception as exc:  # noqa: BLE001 - reported to the caller
                rec["error"] = str(exc)
            print(json.dumps(rec, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
