package io.hookflow.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.hookflow.delivery.entity.Pacing;
import org.junit.jupiter.api.Test;

class PacingRulesTest {

    private static final Instant T0 = Instant.parse("2026-12-03T00:00:00Z");

    /** A piece of work for a target. */
    record Work(String target, int n) {
    }

    @Test
    void aRateLimitedTargetAdmitsAsManyAsItsBucketHoldsAndAnUnlimitedOneEverything() {
        var limited = new Pacing();
        Map<String, Optional<Integer>> limits = Map.of("a", Optional.of(2), "b", Optional.empty());
        List<Work> due = List.of(new Work("a", 1), new Work("b", 1), new Work("a", 2), new Work("a", 3), new Work("b", 2));

        var admitted = PacingRules.admission(due, Work::target, limits::get, target -> Optional.of(limited), T0);

        assertThat(due.stream().filter(admitted).toList())
                .containsExactly(new Work("a", 1), new Work("b", 1), new Work("a", 2), new Work("b", 2));
        assertThat(limited.heldUntil()).as("its bucket ran dry").isNotNull();
    }

    @Test
    void aTargetWithoutAStateRowIsNotHeldBack() {
        List<Work> due = List.of(new Work("gone", 1), new Work("gone", 2));
        Function<String, Optional<Pacing>> none = target -> Optional.empty();

        var admitted = PacingRules.admission(due, Work::target, target -> Optional.of(1), none, T0);

        assertThat(due.stream().filter(admitted).toList()).hasSize(2);
    }
}
