#!/usr/bin/python3
# fill-workbook.py: fills `csa template` workbooks in LibreOffice Calc, driven headless over
# UNO, from XML submissions, and saves them as .xlsx: what an analyst does by hand, done the
# same way (Calc opens the template, cells are typed, Calc saves the file).
#
#   scripts/fill-workbook.py TEMPLATE.xlsx SUBMISSION.xml[.gz] OUT.xlsx [TEMPLATE XML OUT]...
#
# One soffice for every triple (its profile in a temporary folder, so the user's is never
# touched). Cells are found by their headings and labels (doc/workbook.md), never by
# position. Every input row of a table is cleared first (the indicators the template
# pre-lists included), then the submission's rows are typed in its order, so the workbook
# holds exactly what the XML holds. The header cells the county fixed (county, partnership
# code, plan year) are checked against the XML, not typed (a plan year written 2011-12 is
# the template's 2011/12). Needs python3-uno and
# libreoffice-calc-nogui (scripts/setup.sh installs both); run by Debian's /usr/bin/python3, which
# has the uno module (another python on PATH may not).
import datetime
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

import uno
from com.sun.star.beans import PropertyValue

CLEAR = 1 | 2 | 4 | 16  # values, dates, strings, formulas


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def serial(iso):
    d = datetime.date.fromisoformat(iso)
    return float((d - datetime.date(1899, 12, 30)).days)


def read_xml(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return ET.fromstring(data)


class Sheet:
    """A sheet of the open document, its cells found by heading or label."""

    def __init__(self, doc, name):
        self.s = doc.Sheets.getByName(name)
        cursor = self.s.createCursor()
        cursor.gotoEndOfUsedArea(False)
        self.last = cursor.RangeAddress.EndRow  # 0-based

    def text(self, col, row):
        return self.s.getCellByPosition(col, row).String.strip()

    def label_row(self, label):
        for r in range(0, min(self.last, 40) + 1):
            if self.text(0, r).lower().rstrip(":") == label.lower():
                return r
        raise SystemExit(f"fill-workbook: no label {label!r} on {self.s.Name}")

    def table(self, first):
        """The heading row (0-based) and {heading: column} of the table whose first heading is
        `first`."""
        for r in range(0, 20):
            cols = {self.text(c, r): c for c in range(0, 12) if self.text(c, r)}
            if first in cols:
                return r, cols
        raise SystemExit(f"fill-workbook: no heading {first!r} on {self.s.Name}")

    def put(self, col, row, value, kind="text"):
        cell = self.s.getCellByPosition(col, row)
        if value is None or value == "":
            cell.setString("")
        elif kind == "date":
            cell.setValue(serial(value))
        elif kind == "number":
            cell.setValue(float(value))
        else:
            cell.setString(value)

    def clear_below(self, row, ncols):
        if self.last > row:
            self.s.getCellRangeByPosition(0, row + 1, ncols - 1, self.last).clearContents(CLEAR)


def fill_table(doc, name, first, rows, kinds):
    """Clears the table of sheet name and types rows (lists of values by heading)."""
    sh = Sheet(doc, name)
    head, cols = sh.table(first)
    sh.clear_below(head, max(cols.values()) + 1)
    for i, row in enumerate(rows):
        for heading, value in row.items():
            sh.put(cols[heading], head + 1 + i, value, kinds.get(heading, "text"))


def fill(doc, root):
    sub = Sheet(doc, "Submission")
    part = root.find("partnership")
    fixed = {"County": part.get("county"), "Partnership code": part.get("code"),
             "Plan year": root.findtext("plan-year")}
    for label, want in fixed.items():
        got = sub.text(1, sub.label_row(label))
        if label == "Plan year":  # 2011/12 and 2011-12 name the same plan year
            got, want = got.replace("-", "/"), want.strip().replace("-", "/")
        if got != want:
            raise SystemExit(f"fill-workbook: the template's {label} is {got!r}, the XML's {want!r}")
    contact = root.find("contact")
    prios = root.find("priorities")
    header = {"Partnership name": (part.text, "text"),
              "Submitted": (root.findtext("submitted"), "date"),
              "Contact name": (contact.get("name") if contact is not None else None, "text"),
              "Contact role": (contact.get("role") if contact is not None else None, "text"),
              "Contact email": (contact.get("email") if contact is not None else None, "text"),
              "Scoring method": (prios.get("scoring") if prios is not None else None, "text")}
    for label, (value, kind) in header.items():
        sub.put(1, sub.label_row(label), value, kind)

    fill_table(doc, "Priorities", "Priority",
               [{"Priority": p.text, "Kind": p.get("kind"), "Rank": p.get("rank"),
                 "Score": p.get("score")} for p in root.iterfind("priorities/priority")],
               {"Rank": "number", "Score": "number"})
    fill_table(doc, "Themes", "Theme",
               [{"Theme": t.text} for t in root.iterfind("cross-cutting-themes/theme")], {})

    crime = root.find("crime-statistics")
    sh = Sheet(doc, "Crime")
    periods = {"Current period start": "current-start", "Current period end": "current-end",
               "Previous period start": "previous-start", "Previous period end": "previous-end"}
    for label, attr in periods.items():
        sh.put(1, sh.label_row(label), crime.get(attr) if crime is not None else None, "date")
    fill_table(doc, "Crime", "Category",
               [{"Category": c.get("name"), "Parent": c.get("parent"),
                 "Current": c.get("current"), "Previous": c.get("previous"),
                 "Difference": c.get("difference"), "Percent change": c.get("percent-change")}
                for c in root.iterfind("crime-statistics/category")],
               {h: "number" for h in ("Current", "Previous", "Difference", "Percent change")})

    rows = []
    for ind in root.iterfind("indicators/indicator"):
        values = ind.findall("value") or [None]
        for i, v in enumerate(values):
            rows.append({"Indicator": ind.get("name") if i == 0 else None,
                         "Unit": ind.get("unit") if i == 0 else None,
                         "Start": v.get("start") if v is not None else None,
                         "End": v.get("end") if v is not None else None,
                         "Value": v.text if v is not None else None})
    fill_table(doc, "Indicators", "Indicator", rows,
               {"Start": "date", "End": "date", "Value": "number"})
    fill_table(doc, "Emerging issues", "Title",
               [{"Title": e.get("title"), "Description": e.text}
                for e in root.iterfind("emerging-issues/issue")], {})


def connect(pipe, proc):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit("fill-workbook: soffice exited before it could be reached")
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            time.sleep(0.1)
    raise SystemExit("fill-workbook: soffice did not answer within 30 seconds")


def main(argv):
    if len(argv) < 3 or len(argv) % 3:
        raise SystemExit("usage: fill-workbook.py TEMPLATE.xlsx SUBMISSION.xml OUT.xlsx "
                         "[TEMPLATE XML OUT]...")
    profile = tempfile.mkdtemp(prefix="csa-lo-")
    pipe = f"csa_fill_{os.getpid()}"
    env = dict(os.environ, HOME=profile)
    proc = subprocess.Popen(
        [shutil.which("soffice") or "soffice", "--headless", "--invisible", "--norestore",
         "--nologo", "--nodefault", f"-env:UserInstallation=file://{profile}",
         f"--accept=pipe,name={pipe};urp;"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ctx = connect(pipe, proc)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        for i in range(0, len(argv), 3):
            template, xml, out = (os.path.abspath(a) for a in argv[i:i + 3])
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(template), "_blank", 0,
                                               (prop("Hidden", True),))
            try:
                fill(doc, read_xml(xml))
                doc.storeToURL(uno.systemPathToFileUrl(out),
                               (prop("FilterName", "Calc Office Open XML"),
                                prop("Overwrite", True)))
            finally:
                doc.close(True)
            print(f"filled {out}")
        try:
            desktop.terminate()
        except Exception:
            pass  # the bridge goes down with soffice
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
