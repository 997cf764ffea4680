package org.ferry.admin.internal.openapi;

import static org.ferry.admin.internal.openapi.SchemaGenerator.map;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.ferry.admin.internal.auth.AccessRules;
import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.admin.internal.http.Page;
import org.ferry.admin.internal.http.Problem;
import org.ferry.admin.internal.http.RouteTemplate;
import org.glassfish.jersey.server.model.Parameter;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Builds the OpenAPI 3.1 document from the registered resource classes through Jersey's own resource
 * model ({@link Resource#from(Class)}): paths, methods, path and query parameters, request bodies and
 * media types come from the JAX-RS annotations, so the document cannot drift from the routes; summaries
 * and body types of {@code Response}-returning methods come from {@link ApiDoc}; the role each
 * operation needs comes from {@link AccessRules} (as {@code x-required-role}).
 *
 * <p>Why not swagger-core: every swagger-core-jakarta 2.2.x imports {@code jakarta.xml.bind.annotation}
 * {@code [3.0,4)}, while Jersey 3.1 ships jakarta.xml.bind-api 4.0, and 2.2.37+ needs Jackson 2.20+;
 * it would take a second JAXB API bundle and eight more bundles to describe twenty-odd routes.
 */
public final class OpenApiGenerator {
    private OpenApiGenerator() {
    }

    public static Map<String, Object> generate(List<Class<?>> resourceClasses, String version) {
        SchemaGenerator schemas = new SchemaGenerator();
        Map<String, Object> paths = new TreeMap<>();
        for (Class<?> type : resourceClasses) {
            Resource resource = Resource.from(type);
            if (resource != null) {
                collect(resource, "", paths, schemas);
            }
        }
        Map<String, Object> problem = schemas.schema(Problem.class);
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("schemas", schemas.components());
        components.put("securitySchemes", map(
                "bearer", map("type", "http", "scheme", "bearer", "description", "a token from POST /api/auth/token"),
                "basic", map("type", "http", "scheme", "basic")));
        components.put("responses", map("Problem", map("description", "an error, as RFC 9457 problem details",
                "content", map(Problem.MEDIA_TYPE, map("schema", problem)))));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", map("title", "Ferry admin API", "version", version,
                "description", "Every path but GET /api/health needs a bearer token or HTTP Basic credentials. "
                        + "Lists answer {items, next} and take offset and limit (default 50, at most 500). "
                        + "Errors answer application/problem+json."));
        doc.put("servers", List.of(map("url", "/api")));
        doc.put("security", List.of(map("bearer", List.of()), map("basic", List.of())));
        doc.put("paths", paths);
        doc.put("components", components);
        return doc;
    }

    private static void collect(Resource resource, String parent, Map<String, Object> paths, SchemaGenerator schemas) {
        String path = join(parent, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            operation(path, method, paths, schemas);
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, path, paths, schemas);
        }
    }

    @SuppressWarnings("unchecked")
    private static void operation(String path, ResourceMethod method, Map<String, Object> paths, SchemaGenerator schemas) {
        Method java = method.getInvocable().getDefinitionMethod();
        ApiDoc doc = java.getAnnotation(ApiDoc.class);
        String httpMethod = method.getHttpMethod();
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("operationId", java.getDeclaringClass().getSimpleName() + "." + java.getName()
                + (httpMethod.equals("GET") ? "" : "." + httpMethod.toLowerCase(Locale.ROOT)));
        if (doc != null) {
            operation.put("summary", doc.summary());
        }
        List<String> segments = RouteTemplate.segments(path);
        if (AccessRules.isPublic(httpMethod, segments)) {
            operation.put("security", List.of());
        } else {
            operation.put("x-required-role", AccessRules.required(httpMethod, segments).id());
        }
        List<Object> parameters = new ArrayList<>();
        for (Parameter p : method.getInvocable().getParameters()) {
            switch (p.getSource()) {
                case PATH -> parameters.add(map("name", p.getSourceName(), "in", "path", "required", true,
                        "schema", schemas.schema(p.getType())));
                case QUERY -> parameters.add(map("name", p.getSourceName(), "in", "query", "required", false,
                        "schema", schemas.schema(p.getType())));
                case ENTITY -> operation.put("requestBody", map("content",
                        content(consumed(method), schemas.schema(p.getType()))));
                default -> {
                    // @Context values are the server's, not the caller's
                }
            }
        }
        if (!parameters.isEmpty()) {
            operation.put("parameters", parameters);
        }
        int status = doc == null ? 200 : doc.status();
        Map<String, Object> responses = new LinkedHashMap<>();
        Map<String, Object> success = map("description", status == 204 ? "done, no content" : "success");
        Map<String, Object> body = responseSchema(java, doc, schemas);
        if (body != null && status != 204) {
            success.put("content", content(List.of(MediaType.APPLICATION_JSON), body));
        }
        responses.put(Integer.toString(status), success);
        responses.put("default", map("$ref", "#/components/responses/Problem"));
        operation.put("responses", responses);
        String openApiPath = "/" + path;
        ((Map<String, Object>) paths.computeIfAbsent(openApiPath, k -> new TreeMap<>()))
                .put(httpMethod.toLowerCase(Locale.ROOT), operation);
    }

    private static Map<String, Object> responseSchema(Method java, ApiDoc doc, SchemaGenerator schemas) {
        if (doc != null && doc.returns() != Void.class) {
            Map<String, Object> item = schemas.schema(doc.returns());
            return doc.list() ? page(item) : item;
        }
        Type type = java.getGenericReturnType();
        if (type == void.class || type == Response.class) {
            return null;
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Page.class) {
            return page(schemas.schema(p.getActualTypeArguments()[0]));
        }
        return schemas.schema(type);
    }

    private static Map<String, Object> page(Map<String, Object> item) {
        return map("type", "object", "properties", map("items", map("type", "array", "items", item),
                "next", map("type", List.of("string", "null"), "description", "path and query of the next page")));
    }

    private static List<String> consumed(ResourceMethod method) {
        List<String> types = method.getConsumedTypes().stream().map(MediaType::toString).toList();
        return types.isEmpty() ? List.of(MediaType.APPLICATION_JSON) : types;
    }

    private static Map<String, Object> content(List<String> mediaTypes, Map<String, Object> schema) {
        Map<String, Object> content = new LinkedHashMap<>();
        for (String type : mediaTypes) {
            content.put(type, map("schema", type.startsWith("application/json") ? schema : map("type", "string", "format", "binary")));
        }
        return content;
    }

    private static String join(String parent, String path) {
        String p = path == null ? "" : path.replaceAll("^/+|/+$", "");
        if (parent.isEmpty()) {
            return p;
        }
        return p.isEmpty() ? parent : parent + "/" + p;
    }
}
