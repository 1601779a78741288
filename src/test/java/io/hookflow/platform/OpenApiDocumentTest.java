package io.hookflow.platform;

import static io.hookflow.platform.OpenApiConformance.normalize;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import org.junit.jupiter.api.Test;

/**
 * The hand-written OpenAPI document is valid and describes exactly what the resources serve: operations,
 * parameters and request body fields. (SecurityAndErrorsIT checks the same on the document the server serves.)
 */
class OpenApiDocumentTest {

    private static final Path DOCUMENT = Path.of("src/main/resources/META-INF/openapi.yaml");

    private static String document() throws IOException {
        return Files.readString(DOCUMENT);
    }

    @Test
    void theDocumentIsValidOpenApi() throws IOException {
        var options = new ParseOptions();
        options.setResolve(true);
        var result = new OpenAPIV3Parser().readContents(document(), null, options);

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getComponents().getSecuritySchemes()).containsKey("bearer");
    }

    @Test
    void theDocumentMeetsTheOpenApiSchema() throws IOException {
        assertThat(OpenApiConformance.schemaViolations(document())).isEmpty();
    }

    @Test
    void theSchemaCheckRejectsWhatPayaraUsedToAdd() throws IOException {
        String withEndpoints = document() + "\nendpoints:\n  /: [/v1/webhooks]\n";

        assertThat(OpenApiConformance.schemaViolations(withEndpoints)).isNotEmpty();
    }

    @Test
    void everyResourceOperationIsDocumentedAndNothingElse() throws IOException {
        OpenAPI document = OpenApiConformance.parse(document());

        assertThat(OpenApiConformance.documentedOperations(document)).isEqualTo(OpenApiConformance.servedOperations());
    }

    @Test
    void everyOperationDocumentsExactlyTheParametersItReads() throws IOException {
        OpenAPI document = OpenApiConformance.parse(document());

        assertThat(OpenApiConformance.documentedParameters(document)).isEqualTo(OpenApiConformance.servedParameters());
    }

    @Test
    void everyRequestBodyDocumentsExactlyTheFieldsItsRecordReads() throws IOException {
        OpenAPI document = OpenApiConformance.parse(document());

        assertThat(OpenApiConformance.bodyMismatches(document)).isEmpty();
    }

    @Test
    void pathsAreNormalizedLikeTheDocumentWritesThem() {
        assertThat(normalize("workflows/v1/workflow-webhooks/{id: [0-9a-f]{24}}/")).isEqualTo("/workflows/v1/workflow-webhooks/{id}");
        assertThat(normalize("v1/webhooks")).isEqualTo("/v1/webhooks");
    }
}
