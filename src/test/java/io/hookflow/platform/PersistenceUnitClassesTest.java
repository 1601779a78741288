package io.hookflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.persistence.Converter;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.MappedSuperclass;

import org.junit.jupiter.api.Test;

/** WildFly sees only the classes persistence.xml lists: a new entity that is not listed works on Payara alone. */
class PersistenceUnitClassesTest {

    private static final Path CLASSES = Path.of("target/classes");
    private static final Pattern LISTED = Pattern.compile("<class>([^<]+)</class>");

    @Test
    void persistenceXmlListsEveryMappedClass() throws IOException {
        String xml = Files.readString(Path.of("src/main/resources/META-INF/persistence.xml"));
        List<String> listed = LISTED.matcher(xml).results().map(m -> m.group(1).trim()).sorted().toList();

        assertThat(listed).containsExactlyElementsOf(mappedClasses());
    }

    private static List<String> mappedClasses() throws IOException {
        try (Stream<Path> files = Files.walk(CLASSES.resolve("io/hookflow"))) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> CLASSES.relativize(f).toString().replace(".class", "").replace('/', '.'))
                    .filter(PersistenceUnitClassesTest::isMapped)
                    .sorted()
                    .toList();
        }
    }

    private static boolean isMapped(String name) {
        try {
            Class<?> type = Class.forName(name, false, PersistenceUnitClassesTest.class.getClassLoader());
            return Stream.of(Entity.class, Embeddable.class, MappedSuperclass.class, Converter.class).anyMatch(type::isAnnotationPresent);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
