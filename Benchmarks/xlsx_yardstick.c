/*
 * Benchmark yardstick: writes the cells of one or more sheets, read from TSV files, directly with
 * libxlsxwriter in constant-memory mode. This is the floor for evidence-conflicts' XLSX writer,
 * which writes the same cells (Scripts/bench extracts them from its report).
 *
 * Usage: xlsx_yardstick OUT.xlsx SHEET=FILE.tsv [SHEET=FILE.tsv ...]
 * TSV: one row per line; cells separated by tabs; in a cell, "\\n", "\\t" and "\\\\" stand for a
 * line feed, a tab and a backslash; a cell starting with "#" followed by a number is a number,
 * one starting with "@" is a URL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

static void unescape(char *cell) {
  char *in = cell, *out = cell;
  while (*in) {
    if (in[0] == '\\' && in[1]) {
      in++;
      *out++ = *in == 'n' ? '\n' : *in == 't' ? '\t' : *in;
      in++;
    } else {
      *out++ = *in++;
    }
  }
  *out = 0;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s OUT.xlsx SHEET=FILE.tsv ...\n", argv[0]);
    return 64;
  }
  lxw_workbook_options options = {0};
  options.constant_memory = 1;
  lxw_workbook *workbook = workbook_new_opt(argv[1], &options);
  if (!workbook) return 1;
  lxw_format *wrap = workbook_add_format(workbook);
  format_set_text_wrap(wrap);
  size_t capacity = 1 << 20;
  char *line = malloc(capacity);
  for (int a = 2; a < argc; a++) {
    char *eq = strchr(argv[a], '=');
    if (!eq) return 64;
    *eq = 0;
    lxw_worksheet *sheet = workbook_add_worksheet(workbook, argv[a]);
    FILE *in = fopen(eq + 1, "r");
    if (!in || !sheet) return 1;
    lxw_row_t row = 0;
    ssize_t length;
    while ((length = getline(&line, &capacity, in)) >= 0) {
      if (length > 0 && line[length - 1] == '\n') line[length - 1] = 0;
      lxw_col_t column = 0;
      char *save = NULL;
      for (char *cell = strtok_r(line, "\t", &save); cell; cell = strtok_r(NULL, "\t", &save)) {
        unescape(cell);
        if (cell[0] == '#' && cell[1]) {
          worksheet_write_number(sheet, row, column, strtod(cell + 1, NULL), NULL);
        } else if (cell[0] == '@' && cell[1]) {
          worksheet_write_url(sheet, row, column, cell + 1, NULL);
        } else if (cell[0]) {
          worksheet_write_string(sheet, row, column, cell, wrap);
        }
        column++;
      }
      row++;
    }
    fclose(in);
  }
  free(line);
  return workbook_close(workbook) == LXW_NO_ERROR ? 0 : 1;
}
