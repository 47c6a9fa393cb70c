package dev.easel.sim.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    private static final double[] ONE_TO_TEN = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};

    @Test
    void nearestRank_knownValues() {
        assertThat(Percentiles.of(ONE_TO_TEN, 50)).isEqualTo(5);
        assertThat(Percentiles.of(ONE_TO_TEN, 90)).isEqualTo(9);
        assertThat(Percentiles.of(ONE_TO_TEN, 95)).isEqualTo(10);
        assertThat(Percentiles.of(ONE_TO_TEN, 99)).isEqualTo(10);
        assertThat(Percentiles.of(ONE_TO_TEN, 0)).isEqualTo(1);
        assertThat(Percentiles.of(ONE_TO_TEN, 100)).isEqualTo(10);
    }

    @Test
    void nearestRank_hundredValues() {
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) {
            values[i] = i + 1;
        }

        assertThat(Percentiles.of(values, 95)).isEqualTo(95);
        assertThat(Percentiles.of(values, 99)).isEqualTo(99);
        assertThat(Percentiles.of(values, 99.5)).isEqualTo(100);
    }

    @Test
    void empty_isNaN() {
        assertThat(Percentiles.of(new double[0], 50)).isNaN();
    }

    @Test
    void of_doesNotReorderInput() {
        double[] values = {3, 1, 2};

        Percentiles.of(values, 50);

        assertThat(values).containsExactly(3, 1, 2);
    }
}
