"""Benchmark yardstick: the same cells as xlsx_yardstick.c, written with Python's XlsxWriter
(constant memory, text never turned into formulas): what a quality team would script instead.

Usage: python3 xlsx_yardstick.py OUT.xlsx SHEET=FILE.tsv [SHEET=FILE.tsv ...]
"""
import sys

import xlsxwriter


def unescape(cell):
    out, i = [], 0
    while i < len(cell):
        if cell[i] == "\\" and i + 1 < len(cell):
            nxt = cell[i + 1]
            out.append("\n" if nxt == "n" else "\t" if nxt == "t" else nxt)
            i += 2
        else:
            out.append(cell[i])
            i += 1
    return "".join(out)


def main():
    # ZIP64 because at 1M recommendations a sheet's XML passes 4 GB, which XlsxWriter otherwise
    # refuses (FileSizeError); it changes only the archive's headers.
    workbook = xlsxwriter.Workbook(sys.argv[1], {"constant_memory": True, "strings_to_formulas": False,
                                                 "strings_to_numbers": False, "strings_to_urls": False,
                                                 "use_zip64": True})
    wrap = workbook.add_format({"text_wrap": True})
    for argument in sys.argv[2:]:
        name, path = argument.split("=", 1)
        sheet = workbook.add_worksheet(name)
        with open(path, encoding="utf-8") as tsv:
            for row, line in enumerate(tsv):
                for column, cell in enumerate(line.rstrip("\n").split("\t")):
                    cell = unescape(cell)
                    if cell.startswith("#") and len(cell) > 1:
                        sheet.write_number(row, column, float(cell[1:]))
                    elif cell.startswith("@") and len(cell) > 1:
                        sheet.write_url(row, column, cell[1:])
                    elif cell:
                        sheet.write_string(row, column, cell, wrap)
    workbook.close()


if __name__ == "__main__":
    main()
