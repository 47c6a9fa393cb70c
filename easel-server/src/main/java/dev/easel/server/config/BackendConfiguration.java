package dev.easel.server.config;

import dev.easel.engine.ModelBackend;
import dev.easel.engine.bgremoval.BackgroundRemovalBackend;
import dev.easel.engine.upscale.UpscaleBackend;
import dev.easel.engine.onnx.OnnxSessionFactory;
import dev.easel.engine.sd.StableDiffusionBackend;
import dev.easel.server.worker.BackendRegistry;
import dev.easel.server.worker.TimedBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the model back ends named in {@code easel.workers.backends}: {@code tiny-sd} (the
 * bundled Stable Diffusion demo model on ONNX Runtime), {@code isnet} (background removal) and
 * {@code upscale} (the upscalers), which serve the models {@code easel models fetch} installed
 * under {@code easel.backends.models-dir} and no model when none is installed, and {@code timed}
 * (the test back end).
 */
@Configuration(proxyBeanMethods = false)
class BackendConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BackendConfiguration.class);

    /** Back-end names accepted in {@code easel.workers.backends}. */
    static final List<String> KNOWN = List.of("tiny-sd", "isnet", "upscale", "timed");

    @Bean(destroyMethod = "close")
    BackendRegistry backendRegistry(EaselProperties properties) {
        List<ModelBackend> backends = new ArrayList<>();
        for (String name : properties.getWorkers().getBackends()) {
            backends.add(create(name.trim(), properties));
        }
        if (backends.isEmpty()) {
            throw new InvalidConfigurationPropertyValueException("easel.workers.backends", "",
                    "it names no back end; name at least one of " + KNOWN);
        }
        BackendRegistry registry = new BackendRegistry(backends);
        registry.models().forEach(m -> log.atInfo().addKeyValue("model", m.info().versionedId())
                .addKeyValue("backend", m.backend().id()).log("model ready"));
        return registry;
    }

    private static ModelBackend create(String name, EaselProperties properties) {
        EaselProperties.Backends settings = properties.getBackends();
        return switch (name) {
            case "timed" -> {
                EaselProperties.Timed timed = settings.getTimed();
                yield new TimedBackend(timed.getStepTime(), timed.getSteps(), timed.getMaxBatch(), timed.getCrashMarker(),
                        timed.getCrashMode(), timed.getHangMarker(), timed.getHangTime());
            }
            case "tiny-sd" -> {
                var folder = settings.getTinySd().getModelDir();
                if (!Files.isDirectory(folder)) {
                    throw new InvalidConfigurationPropertyValueException("easel.backends.tiny-sd.model-dir", folder.toAbsolutePath(),
                            "it is not a folder; start Easel from the repository root or set EASEL_BACKENDS_TINYSD_MODELDIR");
                }
                yield new StableDiffusionBackend(List.of(new StableDiffusionBackend.ModelSource("tiny-sd", "1", folder)),
                        OnnxSessionFactory.cpu(), StableDiffusionBackend.DEFAULT_MAX_BATCH);
            }
            case "isnet" -> new BackgroundRemovalBackend(settings.getModelsDir());
            case "upscale" -> new UpscaleBackend(settings.getModelsDir());
            default -> throw new InvalidConfigurationPropertyValueException("easel.workers.backends", name,
                    "unknown back end '" + name + "'; known: " + KNOWN);
        };
    }
}
