package dev.easel.sim.workload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a request trace in the GenTD26 layout: {@code t_ms,user,task,status,steps,num_images,
 * exec_s,model,num_lora}, one request per line, sorted by arrival.
 *
 * <p>Empty {@code steps} and {@code num_images} fields become 0 (unknown); an empty {@code model}
 * stays empty. Task names are kept as
 * written ({@code txt2img}, {@code img2img}, {@code inpaint}); the source's upper-case names
 * ({@code TXT_2_IMG}, {@code IMG_2_IMG}, {@code INPAINTING}) are mapped to them.
 */
public final class TraceReader {

    private static final List<String> COLUMNS =
            List.of("t_ms", "user", "task", "status", "steps", "num_images", "exec_s", "model", "num_lora");

    private static final Map<String, String> SOURCE_TASK_NAMES =
            Map.of("TXT_2_IMG", "txt2img", "IMG_2_IMG", "img2img", "INPAINTING", "inpaint");

    private TraceReader() {
    }

    /**
     * Reads every request of a trace file.
     *
     * @throws TraceFormatException when a column is missing, a field is malformed or arrivals go
     *                              back in time
     */
    public static List<TraceRequest> read(Path file) {
        CsvTable table = CsvTable.read(file, COLUMNS);
        List<TraceRequest> requests = new ArrayList<>(table.size());
        long previousArrival = Long.MIN_VALUE;
        for (int row = 0; row < table.size(); row++) {
            TraceRequest request = parseRow(table, row);
            if (request.arrivalMillis() < previousArrival) {
                throw table.invalid(row, "t_ms", Long.toString(request.arrivalMillis()),
                        "a time at or after the previous row's " + previousArrival + " ms (rows must be sorted by arrival)");
            }
            previousArrival = request.arrivalMillis();
            requests.add(request);
        }
        return requests;
    }

    private static TraceRequest parseRow(CsvTable table, int row) {
        long arrival = nonNegative(table, row, "t_ms", table.integer(row, "t_ms", -1));
        String user = required(table, row, "user");
        String task = SOURCE_TASK_NAMES.getOrDefault(required(table, row, "task"), table.text(row, "task"));
        String status = table.text(row, "status");
        int steps = (int) nonNegative(table, row, "steps", table.integer(row, "steps", 0));
        int images = (int) nonNegative(table, row, "num_images", table.integer(row, "num_images", 0));
        double exec = table.decimal(row, "exec_s", 0);
        if (exec < 0 || !Double.isFinite(exec)) {
            throw table.invalid(row, "exec_s", table.text(row, "exec_s"), "a finite number of seconds at least 0");
        }
        String model = table.text(row, "model");
        int loras = (int) nonNegative(table, row, "num_lora", table.integer(row, "num_lora", 0));
        return new TraceRequest(arrival, user, task, status, steps, images, exec, model, loras);
    }

    private static String required(CsvTable table, int row, String column) {
        String text = table.text(row, column);
        if (text.isEmpty()) {
            throw table.invalid(row, column, text, "a non-empty value");
        }
        return text;
    }

    private static long nonNegative(CsvTable table, int row, String column, long value) {
        if (value < 0) {
            throw table.invalid(row, column, table.text(row, column), "an integer at least 0");
        }
        return value;
    }
}
