package dev.berth.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Columns aligned as Go's tabwriter does for Docker ({@code minwidth} 10, padding 3): every column but the last
 * is as wide as its widest cell plus three spaces, at least {@code minWidth}.
 */
final class Table {
    private final int minWidth;
    private final List<List<String>> rows = new ArrayList<>();

    Table(int minWidth, List<String> header) {
        this.minWidth = minWidth;
        rows.add(List.copyOf(header));
    }

    /** Docker's listing tables. */
    static Table docker(List<String> header) {
        return new Table(10, header);
    }

    Table row(List<String> cells) {
        if (cells.size() != rows.getFirst().size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, the header " + rows.getFirst().size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    void print(PrintStream out) {
        int columns = rows.getFirst().size();
        int[] width = new int[columns];
        for (List<String> r : rows) {
            for (int c = 0; c < columns - 1; c++) {
                width[c] = Math.max(width[c], Math.max(minWidth, r.get(c).length() + 3));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            for (int c = 0; c < columns; c++) {
                String cell = r.get(c);
                sb.append(cell);
                if (c < columns - 1) {
                    sb.repeat(' ', width[c] - cell.length());
                }
            }
            sb.append('\n');
        }
        out.print(sb);
    }
}
