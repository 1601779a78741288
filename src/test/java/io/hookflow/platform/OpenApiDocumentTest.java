package io.hookflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.ws.rs.HttpMethod;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import org.junit.jupiter.api.Test;

/** The hand-written OpenAPI document is valid and lists exactly the operations the resources serve. */
class OpenApiDocumentTest {

    private static final Path DOCUMENT = Path.of("src/main/resources/META-INF/openapi.yaml");

    @Test
    void theDocumentIsValidOpenApi() throws IOException {
        var options = new ParseOptions();
        options.setResolve(true);
        var result = new OpenAPIV3Parser().readContents(Files.readString(DOCUMENT), null, options);

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getComponents().getSecuritySchemes()).containsKey("bearer");
    }

    @Test
    void everyResourceOperationIsDocumentedAndNothingElse() throws Exception {
        OpenAPI document = new OpenAPIV3Parser().readContents(Files.readString(DOCUMENT)).getOpenAPI();
        Set<String> documented = new TreeSet<>();
        document.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> documented.add(method.name() + " " + path)));

        assertThat(documented).isEqualTo(servedOperations());
    }

    private static Set<String> servedOperations() throws Exception {
        Set<String> served = new TreeSet<>();
        for (Class<?> type : resourceClasses()) {
            String base = type.getAnnotation(jakarta.ws.rs.Path.class).value();
            for (Method method : type.getMethods()) {
                httpMethod(method).ifPresent(verb -> {
                    var sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                    served.add(verb + " " + normalize(base + (sub == null ? "" : "/" + sub.value())));
                });
            }
        }
        return served;
    }

    private static java.util.Optional<String> httpMethod(Method method) {
        return Stream.of(method.getAnnotations())
                .map(a -> a.annotationType().getAnnotation(HttpMethod.class))
                .filter(java.util.Objects::nonNull)
                .map(h -> h.value().toUpperCase(Locale.ROOT))
                .findFirst();
    }

    /** "/a//{id: [0-9a-f]{24}}/" becomes "/a/{id}". */
    static String normalize(String path) {
        String withoutRegex = path.replaceAll("\\{\\s*(\\w+)\\s*:[^/]*}", "{$1}");
        String collapsed = ("/" + withoutRegex).replaceAll("/+", "/");
        return collapsed.length() > 1 && collapsed.endsWith("/") ? collapsed.substring(0, collapsed.length() - 1) : collapsed;
    }

    private static List<Class<?>> resourceClasses() throws IOException, ClassNotFoundException {
        Path classes = Path.of("target/classes");
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes.resolve("io/hookflow"))) {
            for (Path file : files.filter(f -> f.toString().endsWith("Resource.class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name);
                if (type.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
                    found.add(type);
                }
            }
        }
        return found;
    }

    @Test
    void pathsAreNormalizedLikeTheDocumentWritesThem() {
        assertThat(normalize("workflows/v1/workflow-webhooks/{id: [0-9a-f]{24}}/")).isEqualTo("/workflows/v1/workflow-webhooks/{id}");
        assertThat(normalize("v1/webhooks")).isEqualTo("/v1/webhooks");
        assertThat(PathItem.HttpMethod.GET.name()).isEqualTo("GET");
    }
}
