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
 * stays empty. Task names are {@code txt2img}, {@code img2img} and {@code inpaint}; the source's
 * upper-case names ({@code TXT_2_IMG}, {@code IMG_2_IMG}, {@code INPAINTING}) are mapped to them,
 * and any other name is rejected.
 *
 * <p>Numbers are checked against limits far above the production trace (at most 100 steps, 8
 * images, 6 LoRAs and 23 days), so that a corrupt field is reported with its line instead of
 * overflowing the simulation's arithmetic: {@code t_ms} at most {@value #MAX_ARRIVAL_MILLIS}
 * (about 3 years), {@code steps} at most {@value #MAX_STEPS}, {@code num_images} at most
 * {@value #MAX_IMAGES}, {@code num_lora} at most {@value #MAX_LORAS} and {@code exec_s} at most
 * {@value #MAX_EXEC_SECONDS} (a day).
 */
public final class TraceReader {

    private static final List<String> COLUMNS =
            List.of("t_ms", "user", "task", "status", "steps", "num_images", "exec_s", "model", "num_lora");

    private static final Map<String, String> TASK_NAMES = Map.of(
            "txt2img", "txt2img", "img2img", "img2img", "inpaint", "inpaint",
            "TXT_2_IMG", "txt2img", "IMG_2_IMG", "img2img", "INPAINTING", "inpaint");

    static final long MAX_ARRIVAL_MILLIS = 100_000_000_000L;
    static final int MAX_STEPS = 10_000;
    static final int MAX_IMAGES = 1_000;
    static final int MAX_LORAS = 100;
    static final double MAX_EXEC_SECONDS = 86_400;

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
        long arrival = bounded(table, row, "t_ms", table.integer(row, "t_ms", -1), MAX_ARRIVAL_MILLIS);
        String user = required(table, row, "user");
        String task = TASK_NAMES.get(required(table, row, "task"));
        if (task == null) {
            throw table.invalid(row, "task", table.text(row, "task"), "txt2img, img2img or inpaint"
                    + " (or the source's TXT_2_IMG, IMG_2_IMG or INPAINTING)");
        }
        String status = table.text(row, "status");
        int steps = (int) bounded(table, row, "steps", table.integer(row, "steps", 0), MAX_STEPS);
        int images = (int) bounded(table, row, "num_images", table.integer(row, "num_images", 0), MAX_IMAGES);
        double exec = table.decimal(row, "exec_s", 0);
        if (!(exec >= 0 && exec <= MAX_EXEC_SECONDS)) {
            throw table.invalid(row, "exec_s", table.text(row, "exec_s"),
                    "a number of seconds between 0 and " + (long) MAX_EXEC_SECONDS);
        }
        String model = table.text(row, "model");
        int loras = (int) bounded(table, row, "num_lora", table.integer(row, "num_lora", 0), MAX_LORAS);
        return new TraceRequest(arrival, user, task, status, steps, images, exec, model, loras);
    }

    private static String required(CsvTable table, int row, String column) {
        String text = table.text(row, column);
        if (text.isEmpty()) {
            throw table.invalid(row, column, text, "a non-empty value");
        }
        return text;
    }

    private static long bounded(CsvTable table, int row, String column, long value, long max) {
        if (value < 0 || value > max) {
            throw table.invalid(row, column, table.text(row, column), "an integer between 0 and " + max);
        }
        return value;
    }
}
