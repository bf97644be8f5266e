package dev.switchboard.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Plain aligned columns with a header row. Empty cells are shown as {@code -}. */
final class Table {
  private final String[] headers;
  private final List<String[]> rows = new ArrayList<>();

  Table(String... headers) {
    this.headers = headers;
  }

  Table row(String... cells) {
    String[] r = new String[headers.length];
    for (int i = 0; i < r.length; i++) {
      String c = i < cells.length ? cells[i] : null;
      r[i] = c == null || c.isBlank() ? "-" : CliException.oneLine(c);
    }
    rows.add(r);
    return this;
  }

  int size() {
    return rows.size();
  }

  void print(PrintWriter out) {
    int[] width = new int[headers.length];
    for (int i = 0; i < headers.length; i++) {
      width[i] = headers[i].length();
    }
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    printRow(out, headers, width);
    for (String[] r : rows) {
      printRow(out, r, width);
    }
  }

  private static void printRow(PrintWriter out, String[] cells, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        sb.append("  ");
      }
      sb.append(cells[i]);
      if (i < cells.length - 1) {
        sb.append(" ".repeat(width[i] - cells[i].length()));
      }
    }
    out.println(sb.toString().stripTrailing());
  }
}
