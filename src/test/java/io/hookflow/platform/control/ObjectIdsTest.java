package io.hookflow.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ObjectIdsTest {

    @Test
    void idsAreTwentyFourLowercaseHexCharacters() {
        assertThat(ObjectIds.next()).matches(ObjectIds.PATTERN);
    }

    @Test
    void idsStartWithTheirCreationSecondSoTheySortByTime() {
        String earlier = ObjectIds.next(Instant.parse("2023-11-07T05:31:56Z"));
        String later = ObjectIds.next(Instant.parse("2023-11-07T05:31:57Z"));

        assertThat(earlier).startsWith(Long.toHexString(Instant.parse("2023-11-07T05:31:56Z").getEpochSecond()));
        assertThat(earlier).isLessThan(later);
    }

    @Test
    void idsMadeInTheSameSecondAreDistinct() {
        var ids = new HashSet<String>();
        IntStream.range(0, 10_000).forEach(i -> ids.add(ObjectIds.next()));
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void validationRejectsUppercaseWrongLengthAndNull() {
        assertThat(ObjectIds.isValid("5eb7cf5a86d9755df3a6c593")).isTrue();
        assertThat(ObjectIds.isValid("5EB7CF5A86D9755DF3A6C593")).isFalse();
        assertThat(ObjectIds.isValid("5eb7cf5a86d9755df3a6c59")).isFalse();
        assertThat(ObjectIds.isValid(null)).isFalse();
    }
}
