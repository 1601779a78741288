package io.hookflow.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LikeTest {

    @Test
    void wildcardsAndTheEscapeCharacterBecomeLiteralText() {
        assertThat(Like.containingIgnoringCase("50%_Off\\x")).isEqualTo("%50\\%\\_off\\\\x%");
    }

    @Test
    void plainWordsAreLowerCasedAndWrapped() {
        assertThat(Like.containingIgnoringCase("Billing RUN")).isEqualTo("%billing run%");
    }
}
