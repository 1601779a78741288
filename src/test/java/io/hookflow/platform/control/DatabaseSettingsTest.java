package io.hookflow.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.hookflow.platform.control.ConfiguredDataSource.DatabaseSettings;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    private static DatabaseSettings settings(Map<String, String> values) {
        return DatabaseSettings.from(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void withoutAUrlTheEmbeddedDatabaseLivesInTheDataDirectory() {
        var settings = settings(Map.of("hookflow.data-dir", "/var/lib/hookflow"));

        assertThat(settings.isPostgres()).isFalse();
        assertThat(settings.url()).startsWith("jdbc:h2:file:" + Path.of("/var/lib/hookflow/hookflow"));
    }

    @Test
    void theDefaultDataDirectoryIsDataInTheWorkingDirectory() {
        assertThat(settings(Map.of()).url())
                .startsWith("jdbc:h2:file:" + Path.of("data").toAbsolutePath().resolve("hookflow"));
    }

    @Test
    void aPostgresUrlSelectsPostgresWithItsCredentials() {
        var settings = settings(Map.of("hookflow.db.url", "jdbc:postgresql://db:5432/hookflow",
                "hookflow.db.user", "app", "hookflow.db.password", "secret"));

        assertThat(settings.isPostgres()).isTrue();
        assertThat(settings.user()).contains("app");
        assertThat(settings.password()).contains("secret");
    }

    @Test
    void aBlankUrlCountsAsUnset() {
        assertThat(settings(Map.of("hookflow.db.url", " ")).isPostgres()).isFalse();
    }
}
