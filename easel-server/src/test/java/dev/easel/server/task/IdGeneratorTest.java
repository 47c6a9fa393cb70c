package dev.easel.server.task;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IdGeneratorTest {

    @Test
    void next_manyInOneMillisecond_sortInCreationOrder() {
        IdGenerator ids = new IdGenerator();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            created.add(ids.next("tsk"));
        }

        assertThat(created).isSorted();
        assertThat(new HashSet<>(created)).hasSize(created.size());
    }

    @Test
    void next_hasPrefixAndTwentySixCrockfordCharacters() {
        String id = new IdGenerator().next("out");

        assertThat(id).startsWith("out_");
        assertThat(id.substring(4)).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]{26}");
    }
}
