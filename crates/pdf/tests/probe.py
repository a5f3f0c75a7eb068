"""Independent reader for the facturx-pdf tests: prints what pypdf sees.

usage: python3 probe.py FILE.pdf  ->  JSON on stdout:
{"attachments": {name: {"relationship", "mime", "size"}}, "af": [names],
 "xmp": {"pdfaid_part", "pdfaid_conformance", "fx_*"}, "output_intents": [S], "id": bool}
"""
import json
import sys
import xml.etree.ElementTree as ET

import pypdf

FX = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"


def text(root, ns, name):
    el = root.find(".//{%s}%s" % (ns, name))
    if el is not None:
        return (el.text or "").strip()
    for d in root.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description"):
        v = d.get("{%s}%s" % (ns, name))
        if v is not None:
            return v.strip()
    return None


def main(path):
    r = pypdf.PdfReader(path)
    root = r.trailer["/Root"]
    out = {"attachments": {}, "af": [], "xmp": {}, "output_intents": [], "id": "/ID" in r.trailer}
    names = root.get("/Names", {}).get("/EmbeddedFiles", {}).get("/Names", [])
    for i in range(0, len(names), 2):
        spec = names[i + 1].get_object()
        ef = spec["/EF"].get_object()
        stream = (ef.get("/UF") or ef["/F"]).get_object()
        out["attachments"][names[i]] = {
            "relationship": spec.get("/AFRelationship"),
            "mime": stream.get("/Subtype"),
            "size": len(stream.get_data()),
        }
    for spec in root.get("/AF", []):
        out["af"].append(spec.get_object().get("/UF"))
    for oi in root.get("/OutputIntents", []):
        out["output_intents"].append(oi.get_object().get("/S"))
    md = root.get("/Metadata")
    if md is not None:
        md = md.get_object()
        out["xmp"]["filter"] = md.get("/Filter")
        x = ET.fromstring(md.get_data().decode("utf-8").lstrip("\ufeff"))
        out["xmp"]["pdfaid_part"] = text(x, PDFAID, "part")
        out["xmp"]["pdfaid_conformance"] = text(x, PDFAID, "conformance")
        for p in ("DocumentType", "DocumentFileName", "Version", "ConformanceLevel"):
            out["xmp"]["fx_" + p] = text(x, FX, p)
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
