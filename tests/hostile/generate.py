#!/usr/bin/env python3
"""Writes the hostile corpus of facturx-rs (see README.md in this directory).

    python3 tests/hostile/generate.py small DIR   # the small files committed here
    python3 tests/hostile/generate.py big DIR     # the big ones, written at test time

`small` rewrites the committed files (qpdf is needed for the encrypted PDFs);
`big` writes the cases too large to commit: a 1 GiB sparse XML text node, a
10,000-deep XML document, a Flate bomb (1 GiB of zeros in ~1 MiB), huge page
trees and a 1 MiB CSV field. Only the standard library is used (zlib for the
bomb), so `crates/cli/tests/hostile.rs` can call it on any machine with
Python 3.
"""

import os
import subprocess
import sys
import tempfile
import zlib

NS = (
    'xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" '
    'xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" '
    'xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"'
)


def minimum_invoice(number="HOSTILE-1", date="20261123", amount="100.00", seller="Atelier Durand SARL"):
    """A schema-valid MINIMUM invoice with the given values spliced in (as bytes)."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice {NS}>
  <rsm:ExchangedDocumentContext>
    <ram:GuidelineSpecifiedDocumentContextParameter>
      <ram:ID>urn:factur-x.eu:1p0:minimum</ram:ID>
    </ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>{number}</ram:ID>
    <ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime>
      <udt:DateTimeString format="102">{date}</udt:DateTimeString>
    </ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:SellerTradeParty>
        <ram:Name>{seller}</ram:Name>
        <ram:PostalTradeAddress>
          <ram:CountryID>FR</ram:CountryID>
        </ram:PostalTradeAddress>
        <ram:SpecifiedTaxRegistration>
          <ram:ID schemeID="VA">FR40732829320</ram:ID>
        </ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty>
        <ram:Name>Mairie de Saint-Exemple</ram:Name>
      </ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:TaxBasisTotalAmount>{amount}</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">20.00</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>120.00</ram:GrandTotalAmount>
        <ram:DuePayableAmount>120.00</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
""".encode()


def with_doctype(doctype, seller):
    """The MINIMUM invoice behind a DOCTYPE, with `seller` as BT-27."""
    xml = minimum_invoice(seller=seller)
    head, rest = xml.split(b"\n", 1)
    return head + b"\n" + doctype.encode() + b"\n" + rest


# --- PDF building -----------------------------------------------------------


def pdf(objects, trailer=None, root=1, header=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", xref=True, startxref=None):
    """Serialises `objects` ({number: body bytes}) with a classic xref table.

    `trailer` replaces the trailer dictionary; `startxref` replaces the
    offset written after `startxref`.
    """
    out = bytearray(header)
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    size = max(objects) + 1
    xref_at = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for num in range(1, size):
            if num in offsets:
                out += b"%010d 00000 n \n" % offsets[num]
            else:
                out += b"0000000000 65535 f \n"
    if trailer is None:
        trailer = b"<< /Size %d /Root %d 0 R >>" % (size, root)
    out += b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % (xref_at if startxref is None else startxref)
    return bytes(out)


def stream(data, extra=b""):
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


PAGE_CONTENT = b"BT /F1 12 Tf 72 770 Td (Hostile test) Tj ET"


def simple_objects():
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        4: stream(PAGE_CONTENT),
    }


def with_invoice_attachment(objects, file_stream_number):
    """Adds a factur-x.xml file specification pointing at object
    `file_stream_number` (an /EmbeddedFile stream), in /Names and /AF."""
    objects[10] = (
        b"<< /Type /Filespec /F (factur-x.xml) /UF (factur-x.xml) /AFRelationship /Data "
        b"/EF << /F %d 0 R /UF %d 0 R >> >>" % (file_stream_number, file_stream_number)
    )
    objects[1] = (
        b"<< /Type /Catalog /Pages 2 0 R /AF [10 0 R] "
        b"/Names << /EmbeddedFiles << /Names [(factur-x.xml) 10 0 R] >> >> >>"
    )
    return objects


def pdf_xref_loop():
    """The trailer's /Prev points back at the same xref section."""
    objects = simple_objects()
    body = pdf(objects)
    xref_at = body.index(b"xref\n")
    return pdf(objects, trailer=b"<< /Size 5 /Root 1 0 R /Prev %d >>" % xref_at)


def pdf_xref_ping_pong():
    """Two xref sections whose /Prev entries point at each other."""
    base = pdf(simple_objects())
    first = base.index(b"xref\n")
    # An incremental update: a second xref section whose /Prev is the first,
    # and the first's trailer rewritten (fixed width) to point at the second.
    old = b"trailer\n<< /Size 5 /Root 1 0 R >>"
    second = len(base.replace(old, b"trailer\n<< /Size 5 /Root 1 0 R /Prev %010d >>" % 0))
    update = (
        b"xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 5 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
        % (first, second)
    )
    patched = base.replace(old, b"trailer\n<< /Size 5 /Root 1 0 R /Prev %010d >>" % second)
    return patched + update


def xref_stream_pdf(entries, objects_before, xref_num, extra_dict=b""):
    """A PDF whose cross-reference table is an xref stream (/W [1 4 2]).

    `objects_before` are serialised first ({num: body}); `entries` maps object
    numbers to (type, field2, field3) where an offset of None means "the
    offset of that object in this file".
    """
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects_before):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects_before[num] + b"\nendobj\n"
    xref_at = len(out)
    offsets[xref_num] = xref_at
    size = max(list(entries) + [xref_num]) + 1
    rows = bytearray()
    for num in range(size):
        if num == xref_num:
            rows += bytes([1]) + xref_at.to_bytes(4, "big") + (0).to_bytes(2, "big")
        elif num in entries:
            kind, a, b = entries[num]
            if kind == 1 and a is None:
                a = offsets[num]
            rows += bytes([kind]) + a.to_bytes(4, "big") + b.to_bytes(2, "big")
        else:
            rows += bytes([0]) + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")
    data = zlib.compress(bytes(rows))
    out += b"%d 0 obj\n" % xref_num
    out += b"<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d %s>>\nstream\n" % (
        size,
        len(data),
        extra_dict,
    )
    out += data + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def pdf_objstm_self():
    """Objects 1-3 live in object stream 5, which /Extends itself; object 3's
    /Contents is object 5; the xref stream's /Prev is itself."""
    inner = [
        (1, b"<< /Type /Catalog /Pages 2 0 R >>"),
        (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        (3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>"),
    ]
    header = b""
    body = b""
    for num, obj in inner:
        header += b"%d %d " % (num, len(body))
        body += obj + b" "
    data = zlib.compress(header + body)
    objstm = b"<< /Type /ObjStm /N 3 /First %d /Extends 5 0 R /Filter /FlateDecode /Length %d >>\nstream\n" % (
        len(header),
        len(data),
    )
    objstm += data + b"\nendstream"
    entries = {1: (2, 5, 0), 2: (2, 5, 1), 3: (2, 5, 2), 5: (1, None, 0)}
    probe = xref_stream_pdf(entries, {5: objstm}, 6)
    xref_at = int(probe.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    return xref_stream_pdf(entries, {5: objstm}, 6, extra_dict=b"/Prev %d " % xref_at)


def pdf_objstm_contains_itself():
    """Object stream 5 claims to hold object 5 itself."""
    header = b"5 0 1 2 "
    body = b"<< /Type /Catalog /Pages 2 0 R >> 5 0 R"
    data = header + body
    objstm = b"<< /Type /ObjStm /N 2 /First %d /Length %d >>\nstream\n" % (len(header), len(data))
    objstm += data + b"\nendstream"
    entries = {1: (2, 5, 1), 5: (2, 5, 0)}
    return xref_stream_pdf(entries, {5: objstm}, 6)


def pdf_length_self():
    """A content stream whose /Length is a reference to itself."""
    objects = simple_objects()
    objects[4] = b"<< /Length 4 0 R >>\nstream\n" + PAGE_CONTENT + b"\nendstream"
    return pdf(objects)


def pdf_page_tree_cycle():
    """The page tree node lists itself among its kids."""
    objects = simple_objects()
    objects[2] = b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>"
    return pdf(objects)


def pdf_name_tree_cycle():
    """An /EmbeddedFiles name tree whose /Kids point back at the root node."""
    objects = simple_objects()
    objects[5] = stream(minimum_invoice(), b"/Type /EmbeddedFile /Subtype /text#2Fxml ")
    objects = with_invoice_attachment(objects, 5)
    objects[11] = b"<< /Kids [11 0 R 12 0 R] >>"
    objects[12] = b"<< /Kids [11 0 R] /Limits [(a) (z)] >>"
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R /AF [10 0 R] /Names << /EmbeddedFiles 11 0 R >> >>"
    return pdf(objects)


def pdf_broken_trailer():
    """No /Root in the trailer and a startxref past the end of the file."""
    return pdf(simple_objects(), trailer=b"<< /Size 5 >>", startxref=99999999)


def pdf_no_xref():
    """Objects, no xref table, a trailer without dictionary."""
    body = pdf(simple_objects(), xref=False, trailer=b"", startxref=0)
    return body


def pdf_truncated():
    """A header and half an object."""
    return b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R"


def pdf_embedded_xxe():
    """A PDF/A-3 look-alike whose factur-x.xml is an XXE attack."""
    objects = simple_objects()
    xxe = with_doctype('<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;")
    objects[5] = stream(xxe, b"/Type /EmbeddedFile /Subtype /text#2Fxml ")
    return pdf(with_invoice_attachment(objects, 5))


def pdf_embedded_not_xml():
    """A factur-x.xml attachment that is 4 KiB of binary noise."""
    objects = simple_objects()
    noise = bytes((i * 131 + 17) % 256 for i in range(4096))
    objects[5] = stream(noise, b"/Type /EmbeddedFile ")
    return pdf(with_invoice_attachment(objects, 5))


def encrypted(user_password):
    """The simple PDF, AES-256 encrypted by qpdf."""
    with tempfile.TemporaryDirectory() as tmp:
        plain = os.path.join(tmp, "plain.pdf")
        out = os.path.join(tmp, "enc.pdf")
        with open(plain, "wb") as f:
            f.write(pdf(simple_objects()))
        subprocess.run(
            ["qpdf", "--static-id", "--encrypt", user_password, "owner-secret", "256", "--", plain, out],
            check=True,
        )
        with open(out, "rb") as f:
            return f.read()


# --- big cases ----------------------------------------------------------------


def flate_bomb(path, gib=1):
    """A PDF whose factur-x.xml and page content are one stream of `gib` GiB of
    zeros, Flate-compressed (about 1 MiB per GiB)."""
    comp = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    parts = [comp.compress(chunk) for _ in range(1024 * gib)]
    parts.append(comp.flush())
    data = b"".join(parts)
    objects = simple_objects()
    objects[4] = b"<< /Length %d /Filter /FlateDecode /Type /EmbeddedFile /Subtype /text#2Fxml >>\nstream\n" % len(
        data
    ) + data + b"\nendstream"
    with open(path, "wb") as f:
        f.write(pdf(with_invoice_attachment(objects, 4)))


def wide_page_tree(path, kids=200_000):
    """One /Pages node with 200,000 kids (all the same page) and a /Count of 2^31-1."""
    objects = simple_objects()
    objects[2] = b"<< /Type /Pages /Kids [" + b"3 0 R " * kids + b"] /Count 2147483647 >>"
    with open(path, "wb") as f:
        f.write(pdf(objects))


def deep_page_tree(path, depth=10_000):
    """A page tree 10,000 /Pages nodes deep above a single page."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    first = 2
    page = first + depth
    for i in range(depth):
        num = first + i
        kid = num + 1
        parent = b"/Parent %d 0 R " % (num - 1) if i else b""
        objects[num] = b"<< /Type /Pages %s/Kids [%d 0 R] /Count 1 >>" % (parent, kid)
    objects[page] = b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>" % (
        page - 1,
        page + 1,
    )
    objects[page + 1] = stream(PAGE_CONTENT)
    with open(path, "wb") as f:
        f.write(pdf(objects))


def deep_xml(path, depth=10_000):
    """The MINIMUM invoice with 10,000 nested elements in BT-27."""
    seller = "<ram:X>" * depth + "deep" + "</ram:X>" * depth
    with open(path, "wb") as f:
        f.write(minimum_invoice(seller=seller))


def huge_text_node(path, size=1 << 30):
    """A 1 GiB XML file: a CII root, one text node (BT-1) that is a sparse
    hole, then the closing tags. The file costs no disk; a reader sees 1 GiB
    of zero bytes inside the node, so only a size limit applied before
    reading keeps it bounded."""
    head = minimum_invoice().split(b"<rsm:ExchangedDocument>", 1)[0] + b"<rsm:ExchangedDocument><ram:ID>"
    tail = b"</ram:ID></rsm:ExchangedDocument></rsm:CrossIndustryInvoice>\n"
    with open(path, "wb") as f:
        f.write(head)
        f.truncate(size - len(tail))
        f.seek(size - len(tail))
        f.write(tail)


CSV_HEADER = (
    "N° facture;Type;Date facture;Échéance;Code service;Bon de commande;Client;SIRET client;TVA client;"
    "Adresse;Code postal;Ville;Pays;Désignation;Description;Quantité;Unité;Prix unitaire HT;Taux TVA;"
    "Montant HT;Total TTC\n"
)


def csv_row(number, name, description="", client="Boulangerie Lefèvre"):
    return (
        f"{number};380;03/11/2026;03/12/2026;;PO-7781;{client};12345678200017;FR74123456782;"
        f"4 place du Marché;69002;Lyon;FR;{name};{description};1;C62;100,00;20;100,00;120,00\n"
    )


def csv_big_field(path, size=1 << 20):
    """A 1 MiB item description in a quoted field, then a normal invoice."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(CSV_HEADER)
        f.write(csv_row("F-BIG", "Four", '"' + "x" * size + '"'))
        f.write(csv_row("F-OK", "Four"))


def csv_unterminated_quote(path, size=1 << 20):
    """A quote opened and never closed, followed by 1 MiB of rows."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(CSV_HEADER)
        f.write(csv_row("F-1", '"Four'))
        row = csv_row("F-2", "Four")
        f.write(row * (size // len(row)))


def csv_nul_bytes():
    """NUL bytes inside fields and as a whole line."""
    return (
        CSV_HEADER + csv_row("F-NUL", "Fo\x00ur", "\x00\x00") + "\x00" * 64 + "\n" + csv_row("F-OK", "Four")
    ).encode()


def csv_mixed_encodings():
    """A UTF-8 header, one Latin-1 row, one UTF-8 row and one Windows-1252 row."""
    return (
        CSV_HEADER.encode("utf-8")
        + csv_row("F-L1", "Crème brûlée", client="Boulangerie Lefèvre").encode("latin-1")
        + csv_row("F-U8", "Crème brûlée").encode("utf-8")
        + csv_row("F-CP", "Œuvre “spéciale” – 10 €").encode("cp1252")
    )


def small(out):
    files = {
        "xxe-file.xml": with_doctype('<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;"),
        "xxe-parameter-entity.xml": with_doctype(
            '<!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>', "Atelier"
        ),
        "billion-laughs.xml": with_doctype(
            "<!DOCTYPE r [\n"
            + '<!ENTITY l0 "ha">\n'
            + "".join(f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">\n' for i in range(1, 10))
            + "]>",
            "&l9;",
        ),
        "invalid-utf8.xml": minimum_invoice().replace(b"Atelier Durand", b"Atelier \xff\xfe\xc3(Durand"),
        "number-400-digits.xml": minimum_invoice(amount="9" * 398 + ".00"),
        "date-99999999.xml": minimum_invoice(date="99999999"),
        "pdf-marker-in-xml.xml": minimum_invoice().replace(b"?>\n", b"?>\n<!-- %PDF-1.7 -->\n", 1),
        "empty.xml": b"",
        "pdf-xref-loop.pdf": pdf_xref_loop(),
        "pdf-xref-ping-pong.pdf": pdf_xref_ping_pong(),
        "pdf-objstm-self.pdf": pdf_objstm_self(),
        "pdf-objstm-contains-itself.pdf": pdf_objstm_contains_itself(),
        "pdf-length-self.pdf": pdf_length_self(),
        "pdf-page-tree-cycle.pdf": pdf_page_tree_cycle(),
        "pdf-name-tree-cycle.pdf": pdf_name_tree_cycle(),
        "pdf-broken-trailer.pdf": pdf_broken_trailer(),
        "pdf-no-xref.pdf": pdf_no_xref(),
        "pdf-truncated.pdf": pdf_truncated(),
        "pdf-embedded-xxe.pdf": pdf_embedded_xxe(),
        "pdf-embedded-not-xml.pdf": pdf_embedded_not_xml(),
        "pdf-encrypted.pdf": encrypted("user-secret"),
        "pdf-encrypted-empty-password.pdf": encrypted(""),
        "csv-nul-bytes.csv": csv_nul_bytes(),
        "csv-mixed-encodings.csv": csv_mixed_encodings(),
    }
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


def big(out):
    huge_text_node(os.path.join(out, "huge-text-1gib.xml"))
    deep_xml(os.path.join(out, "deep-nesting-10000.xml"))
    flate_bomb(os.path.join(out, "pdf-flate-bomb-1gib.pdf"))
    wide_page_tree(os.path.join(out, "pdf-wide-page-tree.pdf"))
    deep_page_tree(os.path.join(out, "pdf-deep-page-tree.pdf"))
    csv_big_field(os.path.join(out, "csv-1mib-field.csv"))
    csv_unterminated_quote(os.path.join(out, "csv-unterminated-quote.csv"))


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("small", "big"):
        sys.exit(__doc__)
    os.makedirs(sys.argv[2], exist_ok=True)
    {"small": small, "big": big}[sys.argv[1]](sys.argv[2])


if __name__ == "__main__":
    main()
