package dev.easel.bench;

import dev.easel.engine.ProgressListener;
import dev.easel.engine.bgremoval.BackgroundRemovalBackend;
import dev.easel.engine.upscale.UpscaleBackend;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time per image of the pretrained models on the 512 × 512 photo {@code samples/photos/astronaut.png}:
 * IS-Net background removal, Real-ESRGAN x4fast (to 2048 × 2048, 256-pixel tiles) and UpscalerJS
 * esrgan-medium at 2×, each through the back end's public method (pre- and post-processing included,
 * PNG encoding excluded).
 *
 * <p>Run from the repository root after {@code ./easel models fetch}:
 * {@code mvn -Pbench -DskipTests package -pl easel-core,easel-engine,easel-bench -am}, then
 * {@code java -jar easel-bench/target/benchmarks.jar PretrainedModelBenchmark -Deasel.modelsDir=data/models}.
 * Resident memory is measured separately by {@link PretrainedModelMemoryProbe}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
@State(Scope.Benchmark)
public class PretrainedModelBenchmark {

    private BackgroundRemovalBackend backgroundRemoval;
    private UpscaleBackend upscale;
    private BufferedImage photo;

    @Setup
    public void open() throws IOException {
        Path modelsDir = Path.of(System.getProperty("easel.modelsDir", "data/models"));
        backgroundRemoval = new BackgroundRemovalBackend(modelsDir);
        upscale = new UpscaleBackend(modelsDir);
        photo = ImageIO.read(Path.of("samples/photos/astronaut.png").toFile());
    }

    @TearDown
    public void close() {
        backgroundRemoval.close();
        upscale.close();
    }

    @Benchmark
    public BufferedImage isnetRemoveBackground() {
        return backgroundRemoval.removeBackground(photo, false);
    }

    @Benchmark
    public BufferedImage realesrganX4() {
        return upscale.upscale("realesrgan-x4fast", photo, 4, ProgressListener.NONE);
    }

    @Benchmark
    public BufferedImage esrganMediumX2() {
        return upscale.upscale("esrgan-medium", photo, 2, ProgressListener.NONE);
    }
}
