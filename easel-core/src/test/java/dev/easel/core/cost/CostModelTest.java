package dev.easel.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.easel.core.schedule.BatchKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostModelTest {

    private static final BatchKey SD_512 = new BatchKey("sd15@1", "txt2img", 512, 512, 20, "euler", 7, List.of());

    private final CostModel model = CostModel.create(CostPriors.defaults());

    @Test
    void soloSeconds_referenceJob_isCapabilityPrior() {
        assertThat(model.soloSeconds(SD_512, 1)).isCloseTo(2.0, offset(1e-9));
    }

    @Test
    void soloSeconds_largerJob_scalesPrior() {
        BatchKey large = new BatchKey("sd15@1", "txt2img", 1024, 1024, 40, "euler", 7, List.of("ink:0.8", "pop:0.5"));

        double expected = 2.0 * 4 * 2 * 1.2 * (1 + 0.6 * 3);

        assertThat(model.soloSeconds(large, 4)).isCloseTo(expected, offset(1e-9));
    }

    @Test
    void soloSeconds_modelPrior_overridesCapability() {
        CostModel flux = CostModel.create(CostPriors.defaults().withModelSeconds("flux@1", 9));
        BatchKey key = new BatchKey("flux@1", "txt2img", 512, 512, 20, "", 0, List.of());

        assertThat(flux.soloSeconds(key, 1)).isCloseTo(9.0, offset(1e-9));
    }

    @Test
    void observeBatch_singleJob_learnsSoloTime() {
        for (int i = 0; i < 20; i++) {
            model.observeBatch(SD_512, List.of(1), 5.0);
        }

        assertThat(model.soloSeconds(SD_512, 1)).isCloseTo(5.0, offset(1e-6));
        BatchKey sameBucketMoreSteps = new BatchKey("sd15@1", "txt2img", 512, 512, 40, "euler", 7, List.of());
        assertThat(model.soloSeconds(sameBucketMoreSteps, 1)).isCloseTo(10.0, offset(1e-6));
        BatchKey otherBucket = new BatchKey("sd15@1", "txt2img", 1024, 1024, 20, "euler", 7, List.of());
        assertThat(model.soloSeconds(otherBucket, 1)).isCloseTo(8.0, offset(1e-6));
    }

    @Test
    void soloSeconds_keyUsedBeforeLearning_isRelearned() {
        double before = model.soloSeconds(SD_512, 2);
        double marginalBefore = model.marginalSeconds(SD_512, 1, 1);

        for (int i = 0; i < 20; i++) {
            model.observeBatch(SD_512, List.of(1), 5.0);
        }

        assertThat(before).isCloseTo(2.0 * 1.6, offset(1e-9));
        assertThat(marginalBefore).isCloseTo(2.0 * 0.6, offset(1e-9));
        assertThat(model.soloSeconds(SD_512, 2)).isCloseTo(5.0 * 1.6, offset(1e-5));
        assertThat(model.marginalSeconds(SD_512, 1, 1)).isCloseTo(5.0 * 0.6, offset(1e-5));
    }

    @Test
    void observeBatch_severalJobs_learnsBatchEfficiency() {
        for (int i = 0; i < 20; i++) {
            model.observeBatch(SD_512, List.of(1, 1, 1, 1), 2.0 + 3 * 0.5);
        }

        assertThat(model.batchEfficiency(SD_512)).isCloseTo(0.25, offset(1e-6));
        assertThat(model.batchSeconds(SD_512, List.of(1, 1, 1, 1))).isCloseTo(3.5, offset(1e-6));
        assertThat(model.marginalSeconds(SD_512, 1, 0)).isCloseTo(2.0, offset(1e-6));
        assertThat(model.marginalSeconds(SD_512, 1, 1)).isCloseTo(0.5, offset(1e-6));
    }

    @Test
    void observeBatch_manyImagesInOneJob_learnsImageScalingApartFromBatching() {
        for (int i = 0; i < 20; i++) {
            model.observeBatch(SD_512, List.of(1), 20.0);
            model.observeBatch(SD_512, List.of(8), 30.0);
            model.observeBatch(SD_512, List.of(1, 1), 20.0 + 0.7 * 20.0);
        }

        assertThat(model.imageEfficiency(SD_512)).isCloseTo(10.0 / 7 / 20.0, offset(1e-3));
        assertThat(model.soloSeconds(SD_512, 8)).isCloseTo(30.0, offset(0.05));
        assertThat(model.batchEfficiency(SD_512)).isCloseTo(0.7, offset(0.01));
        assertThat(model.soloSeconds(SD_512, 1)).isCloseTo(20.0, offset(1e-6));
    }

    @Test
    void observeBatch_onlyManyImageJobs_learnsSoloTimeThroughImageFactor() {
        for (int i = 0; i < 20; i++) {
            model.observeBatch(SD_512, List.of(4), 2.0 * 4 * (1 + 0.6 * 3));
        }

        assertThat(model.soloSeconds(SD_512, 4)).isCloseTo(2.0 * 4 * (1 + 0.6 * 3), offset(1e-6));
        assertThat(model.imageEfficiency(SD_512)).isEqualTo(0.6);
    }

    @Test
    void observeBatch_nonPositiveTime_isIgnored() {
        model.observeBatch(SD_512, List.of(1), 0);
        model.observeBatch(SD_512, List.of(1), Double.NaN);

        assertThat(model.soloSeconds(SD_512, 1)).isCloseTo(2.0, offset(1e-9));
    }

    @Test
    void observeLoad_replacesPriorLoadTime() {
        assertThat(model.loadSeconds("sd15@1")).isEqualTo(20.0);

        model.observeLoad("sd15@1", 3.0);

        assertThat(model.loadSeconds("sd15@1")).isCloseTo(3.0, offset(1e-9));
        assertThat(model.loadSeconds("other@1")).isEqualTo(20.0);
    }

    @Test
    void priors_negativeLoraOverhead_rejectsNamingField() {
        assertThatThrownBy(() -> new CostPriors(java.util.Map.of(), java.util.Map.of(), 1, 1, 1, -0.1, 0.5, 1,
                java.util.Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loraOverhead must be 0 or more, was -0.1");
    }
}
