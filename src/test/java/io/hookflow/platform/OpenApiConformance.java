package io.hookflow.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter.StyleEnum;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;

/**
 * What an OpenAPI document must be to describe this API: valid under the OpenAPI Initiative's JSON schema for 3.0
 * (a test resource, {@code openapi/oas-3.0-schema-2021-09-28.json}), and the same operations, parameters and request
 * body fields as the JAX-RS resources. Used on the file in the WAR and on what the server serves.
 */
final class OpenApiConformance {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private OpenApiConformance() {
    }

    /** Every place the document breaks the OpenAPI 3.0 schema; empty when it is valid. */
    static Set<String> schemaViolations(String document) {
        try (InputStream schema = OpenApiConformance.class.getResourceAsStream("/openapi/oas-3.0-schema-2021-09-28.json")) {
            JsonNode tree = document.stripLeading().startsWith("{") ? JSON.readTree(document) : YAML.readTree(document);
            var validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(Objects.requireNonNull(schema));
            return validator.validate(tree).stream().map(ValidationMessage::getMessage).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OpenAPI parse(String document) {
        var options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        return new OpenAPIV3Parser().readContents(document, null, options).getOpenAPI();
    }

    /** "GET /path" of every operation, as the document lists them. */
    static Set<String> documentedOperations(OpenAPI document) {
        return operations(document).keySet();
    }

    /** "GET /path" of every operation the resources serve. */
    static Set<String> servedOperations() {
        return resourceOperations().keySet();
    }

    /** For each operation, its parameters as "in name" (path, query, header), as the document lists them. */
    static Map<String, Set<String>> documentedParameters(OpenAPI document) {
        var found = new TreeMap<String, Set<String>>();
        operations(document).forEach((key, operation) -> {
            var names = new TreeSet<String>();
            Stream.concat(operation.pathParameters().stream(), Optional.ofNullable(operation.operation().getParameters())
                            .orElse(List.of()).stream())
                    .filter(p -> p.getStyle() != StyleEnum.FORM || !"cookie".equals(p.getIn()))
                    .forEach(p -> names.add(p.getIn() + " " + p.getName()));
            found.put(key, names);
        });
        return found;
    }

    /** For each operation, its parameters as "in name", as the resource method declares them. */
    static Map<String, Set<String>> servedParameters() {
        var found = new TreeMap<String, Set<String>>();
        resourceOperations().forEach((key, method) -> {
            var names = new TreeSet<String>();
            for (Parameter parameter : method.getParameters()) {
                names.addAll(declared(parameter));
                if (parameter.isAnnotationPresent(BeanParam.class)) {
                    for (var field : parameter.getType().getDeclaredFields()) {
                        names.addAll(declared(field));
                    }
                }
            }
            found.put(key, names);
        });
        return found;
    }

    private static Set<String> declared(java.lang.reflect.AnnotatedElement element) {
        var names = new TreeSet<String>();
        Optional.ofNullable(element.getAnnotation(PathParam.class)).ifPresent(p -> names.add("path " + p.value()));
        Optional.ofNullable(element.getAnnotation(QueryParam.class)).ifPresent(p -> names.add("query " + p.value()));
        Optional.ofNullable(element.getAnnotation(HeaderParam.class)).ifPresent(p -> names.add("header " + p.value()));
        return names;
    }

    /**
     * For each operation that takes a body, the JSON fields of its body: from the record the resource method reads,
     * or "(any)" when it reads raw JSON; operations without a body are left out.
     */
    static Map<String, Set<String>> servedBodyFields() {
        var found = new TreeMap<String, Set<String>>();
        resourceOperations().forEach((key, method) -> entityParameter(method)
                .ifPresent(type -> found.put(key, type.isRecord() ? jsonFields(type) : Set.of("(any)"))));
        return found;
    }

    /**
     * Where the document's request bodies differ from {@link #servedBodyFields()}: an operation with a body on one
     * side only, or a record whose fields are not the schema's properties (a raw-JSON body may document any fields).
     */
    static Map<String, String> bodyMismatches(OpenAPI document) {
        var documented = documentedBodyFields(document);
        var served = servedBodyFields();
        var mismatches = new TreeMap<String, String>();
        for (String key : union(documented.keySet(), served.keySet())) {
            Set<String> expected = served.get(key);
            Set<String> actual = documented.get(key);
            if (expected == null || actual == null) {
                mismatches.put(key, expected == null ? "documents a body the resource does not read" : "reads a body the document does not describe");
            } else if (!expected.equals(Set.of("(any)")) && !expected.equals(actual)) {
                mismatches.put(key, "the resource reads " + expected + ", the document says " + actual);
            }
        }
        return mismatches;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        var all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** The same, from the document's request bodies ("(any)" for a schema that names no properties). */
    static Map<String, Set<String>> documentedBodyFields(OpenAPI document) {
        var found = new TreeMap<String, Set<String>>();
        operations(document).forEach((key, operation) -> {
            var body = operation.operation().getRequestBody();
            if (body != null) {
                var media = body.getContent().values().iterator().next();
                found.put(key, properties(media.getSchema()));
            }
        });
        return found;
    }

    private static Set<String> properties(Schema<?> schema) {
        var names = new TreeSet<String>();
        if (schema == null) {
            return Set.of("(any)");
        }
        if (schema.getProperties() != null) {
            names.addAll(schema.getProperties().keySet());
        }
        for (List<Schema> parts : Stream.of(schema.getAllOf(), schema.getOneOf(), schema.getAnyOf()).filter(Objects::nonNull).toList()) {
            parts.forEach(part -> names.addAll(properties(part).stream().filter(n -> !"(any)".equals(n)).toList()));
        }
        return names.isEmpty() ? Set.of("(any)") : names;
    }

    private record DocumentedOperation(Operation operation, List<io.swagger.v3.oas.models.parameters.Parameter> pathParameters) {
    }

    private static Map<String, DocumentedOperation> operations(OpenAPI document) {
        var found = new TreeMap<String, DocumentedOperation>();
        document.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((verb, operation) ->
                found.put(verb.name() + " " + path, new DocumentedOperation(operation,
                        Optional.ofNullable(item.getParameters()).orElse(List.of())))));
        return found;
    }

    private static Map<String, Method> resourceOperations() {
        var found = new TreeMap<String, Method>();
        for (Class<?> type : resourceClasses()) {
            String base = type.getAnnotation(jakarta.ws.rs.Path.class).value();
            for (Method method : type.getMethods()) {
                httpMethod(method).ifPresent(verb -> {
                    var sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                    found.put(verb + " " + normalize(base + (sub == null ? "" : "/" + sub.value())), method);
                });
            }
        }
        return found;
    }

    private static Optional<Class<?>> entityParameter(Method method) {
        return Stream.of(method.getParameters())
                .filter(p -> Stream.of(p.getAnnotations()).noneMatch(a -> a.annotationType().getPackageName().equals("jakarta.ws.rs")
                        || a.annotationType() == Context.class))
                .<Class<?>>map(Parameter::getType)
                .findFirst();
    }

    private static Set<String> jsonFields(Class<?> record) {
        var names = new TreeSet<String>();
        for (RecordComponent component : record.getRecordComponents()) {
            var explicit = component.getAccessor().getAnnotation(JsonbProperty.class);
            var onField = component.getAnnotation(JsonbProperty.class);
            names.add(explicit != null ? explicit.value() : onField != null ? onField.value() : snakeCase(component.getName()));
        }
        return names;
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static Optional<String> httpMethod(Method method) {
        return Stream.of(method.getAnnotations())
                .map(a -> a.annotationType().getAnnotation(HttpMethod.class))
                .filter(Objects::nonNull)
                .map(h -> h.value().toUpperCase(Locale.ROOT))
                .findFirst();
    }

    /** "/a//{id: [0-9a-f]{24}}/" becomes "/a/{id}". */
    static String normalize(String path) {
        String withoutRegex = path.replaceAll("\\{\\s*(\\w+)\\s*:[^/]*}", "{$1}");
        String collapsed = ("/" + withoutRegex).replaceAll("/+", "/");
        return collapsed.length() > 1 && collapsed.endsWith("/") ? collapsed.substring(0, collapsed.length() - 1) : collapsed;
    }

    private static List<Class<?>> resourceClasses() {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }
}
