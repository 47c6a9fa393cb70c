package dev.easel.sim.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class JainIndexTest {

    @Test
    void equalShares_isOne() {
        assertThat(JainIndex.of(new double[] {3, 3, 3, 3})).isEqualTo(1.0);
    }

    @Test
    void oneUserTakesAll_isOneOverN() {
        assertThat(JainIndex.of(new double[] {5, 0, 0, 0})).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void knownUnequalShares() {
        // (1+2+3+4)^2 / (4 * (1+4+9+16)) = 100 / 120
        assertThat(JainIndex.of(new double[] {1, 2, 3, 4})).isCloseTo(100.0 / 120, within(1e-12));
    }

    @Test
    void nobodyServed_isOne() {
        assertThat(JainIndex.of(new double[] {0, 0})).isEqualTo(1.0);
    }

    @Test
    void emptyOrNegative() {
        assertThat(JainIndex.of(new double[0])).isNaN();
        assertThatThrownBy(() -> JainIndex.of(new double[] {1, -1})).hasMessageContaining("at least 0");
    }
}
