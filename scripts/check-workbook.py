#!/usr/bin/python3
# check-workbook.py: reads a filled submission workbook the way doc/workbook.md describes it
# (tables found by their headings, labels in column A) and compares it, value by value, with
# the XML submission it was filled from. Exit 0 when they hold the same, else 1 naming the
# first difference. A check of the samples and of scripts/fill-workbook.py, not csa's reader.
#
#   scripts/check-workbook.py WORKBOOK.xlsx SUBMISSION.xml[.gz]
import datetime
import gzip
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def col_index(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1


def load(path):
    """{sheet name: {(row, col): text}}, rows and columns 0-based."""
    z = zipfile.ZipFile(path)
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iterfind("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")))
    rels = {r.get("Id"): r.get("Target") for r in
            ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).iter(f"{REL}Relationship")}
    book = {}
    for sh in ET.fromstring(z.read("xl/workbook.xml")).iterfind("m:sheets/m:sheet", NS):
        target = rels[sh.get(f"{{{NS['r']}}}id")].lstrip("/")
        part = target if target.startswith("xl/") else "xl/" + target
        cells = {}
        for c in ET.fromstring(z.read(part)).iterfind("m:sheetData/m:row/m:c", NS):
            ref, t = c.get("r"), c.get("t")
            v = c.find("m:v", NS)
            if t == "s":
                text = shared[int(v.text)]
            elif t == "inlineStr":
                text = "".join(x.text or "" for x in c.iter(f"{{{NS['m']}}}t"))
            else:
                text = v.text if v is not None else None
            if text not in (None, ""):
                cells[(int(re.search(r"\d+", ref).group(0)) - 1, col_index(ref))] = text
        book[sh.get("name")] = cells
    return book


def label(cells, name):
    for (r, c), v in cells.items():
        if c == 0 and v.strip().lower().rstrip(":") == name.lower():
            return cells.get((r, 1))
    return None


def table(cells, first):
    for r in range(20):
        heads = {v: c for (rr, c), v in cells.items() if rr == r}
        if first in heads:
            last = max(rr for rr, _ in cells)
            rows = []
            for rr in range(r + 1, last + 1):
                row = {h: cells.get((rr, c)) for h, c in heads.items()}
                if any(v is not None for v in row.values()):
                    rows.append(row)
            return rows
    raise SystemExit(f"no heading {first}")


def date(v):
    if v is None or "-" in v:
        return v
    return (datetime.date(1899, 12, 30) + datetime.timedelta(days=int(float(v)))).isoformat()


def num(v):
    return None if v is None else float(v)


def main(xlsx, xml):
    data = open(xml, "rb").read()
    root = ET.fromstring(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
    book = load(xlsx)
    got, want = [], []

    def same(what, g, w):
        got.append((what, g))
        want.append((what, w))

    sub, part, contact = book["Submission"], root.find("partnership"), root.find("contact")
    same("county", label(sub, "County"), part.get("county"))
    same("code", label(sub, "Partnership code"), part.get("code"))
    same("name", label(sub, "Partnership name"), part.text)
    same("plan year", label(sub, "Plan year").replace("-", "/"),  # 2011-12 is 2011/12
         root.findtext("plan-year").strip().replace("-", "/"))
    same("submitted", date(label(sub, "Submitted")), root.findtext("submitted"))
    for k in ("name", "role", "email"):
        same("contact " + k, label(sub, "Contact " + k),
             contact.get(k) if contact is not None else None)
    same("scoring", label(sub, "Scoring method"), root.find("priorities").get("scoring"))
    same("priorities", [(p["Priority"], p["Kind"], num(p["Rank"]), num(p["Score"]))
                        for p in table(book["Priorities"], "Priority")],
         [(p.text, p.get("kind"), num(p.get("rank")), num(p.get("score")))
          for p in root.iterfind("priorities/priority")])
    same("themes", [t["Theme"] for t in table(book["Themes"], "Theme")],
         [t.text for t in root.iterfind("cross-cutting-themes/theme")])
    crime = root.find("crime-statistics")
    for lab, attr in (("Current period start", "current-start"),
                      ("Current period end", "current-end"),
                      ("Previous period start", "previous-start"),
                      ("Previous period end", "previous-end")):
        same(lab, date(label(book["Crime"], lab)), crime.get(attr) if crime is not None else None)
    same("categories", [(c["Category"], c["Parent"], num(c["Current"]), num(c["Previous"]),
                         num(c["Difference"]), num(c["Percent change"]))
                        for c in table(book["Crime"], "Category")],
         [(c.get("name"), c.get("parent"), num(c.get("current")), num(c.get("previous")),
           num(c.get("difference")), num(c.get("percent-change")))
          for c in root.iterfind("crime-statistics/category")])
    same("indicators", [(i["Indicator"], i["Unit"], date(i["Start"]), date(i["End"]),
                         num(i["Value"])) for i in table(book["Indicators"], "Indicator")],
         [(ind.get("name") if k == 0 else None, ind.get("unit") if k == 0 else None,
           v.get("start"), v.get("end"), num(v.text))
          for ind in root.iterfind("indicators/indicator")
          for k, v in enumerate(ind.findall("value"))])
    same("issues", [(e["Title"], e["Description"]) for e in
                    table(book["Emerging issues"], "Title")],
         [(e.get("title"), e.text) for e in root.iterfind("emerging-issues/issue")])
    for (what, g), (_, w) in zip(got, want):
        if g != w:
            print(f"{xlsx}: {what} differs from {xml}:\n  workbook: {g}\n  XML:      {w}",
                  file=sys.stderr)
            return 1
    print(f"same {xlsx} {xml}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: check-workbook.py WORKBOOK.xlsx SUBMISSION.xml")
    sys.exit(main(sys.argv[1], sys.argv[2]))
