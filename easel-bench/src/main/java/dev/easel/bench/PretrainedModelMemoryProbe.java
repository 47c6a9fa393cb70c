package dev.easel.bench;

import dev.easel.engine.ProgressListener;
import dev.easel.engine.bgremoval.BackgroundRemovalBackend;
import dev.easel.engine.upscale.UpscaleBackend;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Measures the resident memory and time per image of one pretrained model in a fresh process.
 *
 * <p>Method: load the model, run it on the three sample photos (astronaut, coffee, chelsea) three
 * times over, and print the wall time and the process CPU time of each run (CPU time stays
 * meaningful on a machine shared with other work) and, at the end, the process's peak and current
 * resident set size ({@code VmHWM} and {@code VmRSS} from {@code /proc/self/status}, Linux only).
 * Resident memory includes the JVM (heap, code cache) and ONNX Runtime's native buffers.
 *
 * <p>Run from the repository root after {@code ./easel models fetch} and the bench build (see
 * {@link PretrainedModelBenchmark}):
 * {@code java -Xmx1g -cp easel-bench/target/benchmarks.jar dev.easel.bench.PretrainedModelMemoryProbe isnet off}.
 * Arguments: {@code isnet} or {@code realesrgan}, then {@code off} (Easel's setting) or {@code on}
 * for ONNX Runtime's CPU arena and memory patterns (IS-Net only).
 */
public final class PretrainedModelMemoryProbe {

    private static final List<String> PHOTOS = List.of("astronaut", "coffee", "chelsea");

    private PretrainedModelMemoryProbe() {
    }

    public static void main(String[] args) throws IOException {
        String model = args.length > 0 ? args[0] : "isnet";
        boolean arena = args.length > 1 && args[1].equals("on");
        Path modelsDir = Path.of(System.getProperty("easel.modelsDir", "data/models"));

        try (BackgroundRemovalBackend isnet = new BackgroundRemovalBackend(modelsDir, arena);
             UpscaleBackend upscale = new UpscaleBackend(modelsDir)) {
            for (int round = 0; round < 3; round++) {
                for (String name : PHOTOS) {
                    BufferedImage photo = ImageIO.read(Path.of("samples/photos", name + ".png").toFile());
                    long start = System.nanoTime();
                    long cpuStart = processCpuNanos();
                    BufferedImage result = model.equals("isnet")
                            ? isnet.removeBackground(photo, false)
                            : upscale.upscale("realesrgan-x4fast", photo, 4, ProgressListener.NONE);
                    System.out.printf("%s %s %dx%d -> %dx%d: %d ms wall, %d ms CPU%n", model, name, photo.getWidth(), photo.getHeight(),
                            result.getWidth(), result.getHeight(), (System.nanoTime() - start) / 1_000_000, (processCpuNanos() - cpuStart) / 1_000_000);
                }
            }
            System.out.printf("%s cpu arena %s: %s, %s%n", model, arena ? "on" : "off", status("VmHWM"), status("VmRSS"));
        }
    }

    /** Returns the CPU time of the whole process, native ONNX Runtime threads included. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String status(String key) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith(key + ":"))
                .map(line -> line.replaceAll("\\s+", " "))
                .findFirst()
                .orElse(key + ": unknown");
    }
}
