"""Extracts the cells of named sheets of an XLSX file (as written by evidence-conflicts in
constant-memory mode: inline strings and numbers) into the TSV form the yardsticks read.

Usage: python3 extract_cells.py REPORT.xlsx OUTDIR SHEET [SHEET ...]
Writes OUTDIR/SHEET.tsv for each sheet.
"""
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def escape(text):
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def column_index(reference):
    letters = re.match(r"[A-Z]+", reference).group(0)
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def main():
    path, outdir, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    archive = zipfile.ZipFile(path)
    workbook = ET.fromstring(archive.read("xl/workbook.xml"))
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    sheets = {s.get("name"): "xl/" + targets[s.get(REL + "id")] for s in workbook.iter(NS + "sheet")}
    for name in names:
        part = sheets[name]
        rels_part = part.replace("worksheets/", "worksheets/_rels/") + ".rels"
        link_targets = {}
        if rels_part in archive.namelist():
            link_targets = {r.get("Id"): r.get("Target") for r in ET.fromstring(archive.read(rels_part))}
        with archive.open(part) as stream, open(f"{outdir}/{name}.tsv", "w", encoding="utf-8") as out:
            hyperlinks = {}
            row_cells = {}
            rows = []
            for event, element in ET.iterparse(stream, events=("end",)):
                if element.tag == NS + "c":
                    reference = element.get("r")
                    value = element.find(NS + "v")
                    inline = element.find(NS + "is")
                    if inline is not None:
                        text = "".join(t.text or "" for t in inline.iter(NS + "t"))
                        row_cells[column_index(reference)] = escape(text)
                    elif value is not None:
                        row_cells[column_index(reference)] = "#" + value.text
                elif element.tag == NS + "row":
                    width = max(row_cells) + 1 if row_cells else 0
                    rows.append([row_cells.get(i, "") for i in range(width)])
                    row_cells = {}
                    element.clear()
                elif element.tag == NS + "hyperlink":
                    hyperlinks[element.get("ref")] = link_targets.get(element.get(REL + "id"))
            for reference, target in hyperlinks.items():
                r = int(re.search(r"[0-9]+", reference).group(0)) - 1
                c = column_index(reference)
                if r < len(rows) and target:
                    while len(rows[r]) <= c:
                        rows[r].append("")
                    rows[r][c] = "@" + escape(target)
            for cells in rows:
                out.write("\t".join(cells) + "\n")


if __name__ == "__main__":
    main()
