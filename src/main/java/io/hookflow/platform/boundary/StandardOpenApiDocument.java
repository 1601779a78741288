package io.hookflow.platform.boundary;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Keeps {@code GET /openapi} valid OpenAPI 3.0. Payara Micro adds a top-level {@code endpoints} map (its own listing
 * of the application's URLs) that the OpenAPI schema forbids, and offers no setting to leave it out; it serialises
 * empty maps not at all, so emptying it here removes it. Registered with {@code mp.openapi.filter}; on a server
 * whose model has no such map (WildFly) it does nothing. WildFly's own additions (an empty {@code license} and
 * {@code externalDocs}) are out of a filter's reach: it builds the served document from the filtered one
 * afterwards, so {@code META-INF/openapi.yaml} names both.
 */
public class StandardOpenApiDocument implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        try {
            Method setter = openAPI.getClass().getMethod("setEndpoints", Map.class);
            setter.invoke(openAPI, new HashMap<String, Object>());
        } catch (NoSuchMethodException notPayara) {
            // nothing non-standard to remove
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not drop Payara's non-standard 'endpoints' from the OpenAPI document", e);
        }
    }
}
