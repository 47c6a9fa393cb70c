package dev.easel.sim.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small comma-separated file with a header row, read into memory.
 *
 * <p>The files it reads hold no quoted fields, so a field never contains a comma. Fields are
 * looked up by header name, so column order does not matter.
 */
final class CsvTable {

    private final Path file;
    private final Map<String, Integer> columns;
    private final List<String[]> rows;

    private CsvTable(Path file, Map<String, Integer> columns, List<String[]> rows) {
        this.file = file;
        this.columns = columns;
        this.rows = rows;
    }

    /**
     * Reads a file and checks that its header names every required column.
     *
     * @throws TraceFormatException when the file is missing, empty, lacks a column or has a short row
     */
    static CsvTable read(Path file, List<String> requiredColumns) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null) {
                throw new TraceFormatException(file + ": file is empty, expected a header row");
            }
            Map<String, Integer> columns = indexHeader(header);
            for (String column : requiredColumns) {
                if (!columns.containsKey(column)) {
                    throw new TraceFormatException(file + ": header lacks column '" + column + "', found " + columns.keySet());
                }
            }
            List<String[]> rows = new ArrayList<>();
            String line;
            int lineNumber = 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (fields.length < columns.size()) {
                    throw new TraceFormatException(file + " line " + lineNumber + ": expected " + columns.size()
                            + " fields, found " + fields.length);
                }
                rows.add(fields);
            }
            return new CsvTable(file, columns, rows);
        } catch (NoSuchFileException e) {
            throw new TraceFormatException(file + ": file not found");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + " failed", e);
        }
    }

    private static Map<String, Integer> indexHeader(String header) {
        String[] names = header.strip().split(",", -1);
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            columns.put(names[i].strip(), i);
        }
        return columns;
    }

    int size() {
        return rows.size();
    }

    /** Returns a field of a data row (0-based, header excluded), stripped of spaces. */
    String text(int row, String column) {
        return rows.get(row)[columns.get(column)].strip();
    }

    /** Returns an integer field, or {@code emptyValue} when the field is empty. */
    long integer(int row, String column, long emptyValue) {
        String text = text(row, column);
        if (text.isEmpty()) {
            return emptyValue;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid(row, column, text, "an integer");
        }
    }

    /** Returns a decimal field, or {@code emptyValue} when the field is empty. */
    double decimal(int row, String column, double emptyValue) {
        String text = text(row, column);
        if (text.isEmpty()) {
            return emptyValue;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw invalid(row, column, text, "a number");
        }
    }

    TraceFormatException invalid(int row, String column, String value, String expected) {
        // Data row 0 is line 2 of the file, after the header.
        return new TraceFormatException(file + " line " + (row + 2) + ": column " + column + " is '" + value
                + "', expected " + expected);
    }

    @Override
    public String toString() {
        return file + " " + Arrays.toString(columns.keySet().toArray());
    }
}
