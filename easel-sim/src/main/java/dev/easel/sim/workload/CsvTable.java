package dev.easel.sim.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
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
 * looked up by header name, so column order does not matter. A UTF-8 byte order mark before the
 * header is skipped, and blank lines are skipped but counted, so that messages name the file's
 * real line.
 */
public final class CsvTable {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final Path file;
    private final Map<String, Integer> columns;
    private final List<String[]> rows;
    private final List<Integer> lineNumbers;

    private CsvTable(Path file, Map<String, Integer> columns, List<String[]> rows, List<Integer> lineNumbers) {
        this.file = file;
        this.columns = columns;
        this.rows = rows;
        this.lineNumbers = lineNumbers;
    }

    /**
     * Reads a file and checks that its header names every required column.
     *
     * @throws TraceFormatException when the file is missing, a folder, unreadable, not UTF-8 or
     *                              empty, lacks a column or has a short row
     */
    public static CsvTable read(Path file, List<String> requiredColumns) {
        if (Files.isDirectory(file)) {
            throw new TraceFormatException(file + ": is a folder, expected a CSV file");
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header != null && !header.isEmpty() && header.charAt(0) == BYTE_ORDER_MARK) {
                header = header.substring(1);
            }
            if (header == null || header.isBlank()) {
                throw new TraceFormatException(file + ": file is empty, expected a header row naming the columns "
                        + String.join(",", requiredColumns));
            }
            Map<String, Integer> columns = indexHeader(header);
            for (String column : requiredColumns) {
                if (!columns.containsKey(column)) {
                    throw new TraceFormatException(file + ": header lacks column '" + column + "', found " + columns.keySet());
                }
            }
            List<String[]> rows = new ArrayList<>();
            List<Integer> lineNumbers = new ArrayList<>();
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
                lineNumbers.add(lineNumber);
            }
            return new CsvTable(file, columns, rows, lineNumbers);
        } catch (NoSuchFileException e) {
            throw new TraceFormatException(file + ": file not found");
        } catch (AccessDeniedException e) {
            throw new TraceFormatException(file + ": permission denied, cannot read the file");
        } catch (CharacterCodingException e) {
            throw new TraceFormatException(file + ": is not UTF-8 text, expected a CSV file");
        } catch (IOException e) {
            throw new TraceFormatException(file + ": reading failed: " + e.getMessage());
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

    /** Returns the number of data rows. */
    public int size() {
        return rows.size();
    }

    /** Returns a field of a data row (0-based, header excluded), stripped of spaces. */
    public String text(int row, String column) {
        return rows.get(row)[columns.get(column)].strip();
    }

    /** Returns an integer field, or {@code emptyValue} when the field is empty. */
    public long integer(int row, String column, long emptyValue) {
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
    public double decimal(int row, String column, double emptyValue) {
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

    /** Returns an exception naming the file, the row's line in it, the column, the value and what was expected. */
    public TraceFormatException invalid(int row, String column, String value, String expected) {
        return new TraceFormatException(file + " line " + lineNumbers.get(row) + ": column " + column + " is '" + value
                + "', expected " + expected);
    }

    @Override
    public String toString() {
        return file + " " + Arrays.toString(columns.keySet().toArray());
    }
}
