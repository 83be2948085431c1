package dev.xiqauth.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a list command prints: an aligned table for people, or, with {@code --format json}, one JSON array
 * of objects for scripts, with the same fields under stable snake_case names and typed values (numbers,
 * booleans, {@code null} for nothing), so that a script never parses the table.
 *
 * @param <T> what a row shows
 */
final class Listing<T> {
    /** How a list is printed. */
    enum Format { table, json }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Column<T>> columns = new ArrayList<>();

    /**
     * @param header the table's heading of the column
     * @param width the table column's width (the last column is not padded)
     * @param field the JSON field's name
     * @param value the JSON value: a String, a Number, a Boolean, a List of them, or null
     * @param text the table's text
     */
    private record Column<T>(String header, int width, String field, Function<T, Object> value,
            Function<T, String> text) {
    }

    /** Adds a column whose table text is the JSON value's text ({@code -} for null). */
    Listing<T> column(String header, int width, String field, Function<T, Object> value) {
        return column(header, width, field, value, row -> {
            Object shown = value.apply(row);
            return shown == null ? "-" : shown.toString();
        });
    }

    /** Adds a column whose table text differs from its JSON value, such as yes/no for a boolean. */
    Listing<T> column(String header, int width, String field, Function<T, Object> value, Function<T, String> text) {
        columns.add(new Column<>(header, width, field, value, text));
        return this;
    }

    void print(PrintStream out, Format format, List<T> rows) {
        if (format == Format.json) {
            List<Map<String, Object>> objects = new ArrayList<>();
            for (T row : rows) {
                Map<String, Object> object = new LinkedHashMap<>();
                for (Column<T> column : columns) {
                    object.put(column.field(), column.value().apply(row));
                }
                objects.add(object);
            }
            try {
                out.println(JSON.writeValueAsString(objects));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a listing that is not JSON: " + e.getOriginalMessage(), e);
            }
            return;
        }
        out.println(line(columns.stream().map(Column::header).toList()));
        for (T row : rows) {
            out.println(line(columns.stream().map(column -> column.text().apply(row)).toList()));
        }
    }

    private String line(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            line.append(cell);
            if (i < cells.size() - 1) {
                line.append(" ".repeat(Math.max(1, columns.get(i).width() - cell.length() + 1)));
            }
        }
        return line.toString();
    }
}
