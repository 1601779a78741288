package io.hookflow.security.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Identity ALICE = new Identity("alice", Set.of("viewer"), "team", null, null);

    private final VerifiedTokens tokens = new VerifiedTokens();

    @Test
    void aTokenIsRecalledUntilItWouldFailVerification() {
        tokens.remember("t", ALICE, NOW.plusSeconds(30), NOW);

        assertThat(tokens.recall("t", NOW.plusSeconds(29))).contains(ALICE);
        assertThat(tokens.recall("t", NOW.plusSeconds(30))).isEmpty();
        assertThat(tokens.recall("t", NOW)).as("forgotten once stale").isEmpty();
    }

    @Test
    void aLongLivedTokenIsRecalledForFiveMinutesAtMost() {
        tokens.remember("t", ALICE, NOW.plusSeconds(86_400), NOW);

        assertThat(tokens.recall("t", NOW.plus(VerifiedTokens.AT_MOST).minusSeconds(1))).contains(ALICE);
        assertThat(tokens.recall("t", NOW.plus(VerifiedTokens.AT_MOST))).isEmpty();
    }

    @Test
    void anOversizedTokenIsNeverRemembered() {
        String huge = "x".repeat(VerifiedTokens.LONGEST_REMEMBERED + 1);

        tokens.remember(huge, ALICE, NOW.plusSeconds(60), NOW);

        assertThat(tokens.recall(huge, NOW)).isEmpty();
    }

    @Test
    void aFullMemoryStartsOverSoItNeverGrowsPastItsBound() {
        for (int i = 0; i < VerifiedTokens.REMEMBERED; i++) {
            tokens.remember("t" + i, ALICE, NOW.plusSeconds(60), NOW);
        }
        tokens.remember("last", ALICE, NOW.plusSeconds(60), NOW);

        assertThat(tokens.recall("t0", NOW)).isEmpty();
        assertThat(tokens.recall("last", NOW)).contains(ALICE);
    }

    @Test
    void forgetAllForgetsEveryToken() {
        tokens.remember("t", ALICE, NOW.plusSeconds(60), NOW);

        tokens.forgetAll();

        assertThat(tokens.recall("t", NOW)).isEmpty();
    }
}
