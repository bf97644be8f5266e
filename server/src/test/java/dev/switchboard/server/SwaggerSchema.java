package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks an answer against the response schema the ServiceLinker spec (../shared/reference) gives its operation:
 * every property that the schema defines and the answer holds has the right JSON type and, for enums, a
 * documented value; required properties are present; polymorphic types are checked as the subtype their
 * discriminator names. Properties the schema does not define are allowed, as ARM allows them.
 */
final class SwaggerSchema {
    private final JsonNode spec;
    private final JsonNode common;

    SwaggerSchema(Path referenceDir) throws IOException {
        spec = TestServer.JSON.readTree(referenceDir.resolve("2024-04-01/servicelinker.json").toFile());
        common = TestServer.JSON.readTree(referenceDir.resolve("common-types/resource-management/v3/types.json").toFile());
    }

    /** Problems found in {@code body} as the answer {@code status} of {@code operationId}; empty when it conforms. */
    List<String> check(String operationId, int status, JsonNode body) {
        JsonNode schema = responseSchema(operationId, status);
        List<String> problems = new ArrayList<>();
        if (schema != null) check(schema, spec, body, "$", problems);
        return problems;
    }

    private JsonNode responseSchema(String operationId, int status) {
        for (Iterator<JsonNode> paths = spec.path("paths").elements(); paths.hasNext(); ) {
            for (Iterator<Map.Entry<String, JsonNode>> ops = paths.next().fields(); ops.hasNext(); ) {
                JsonNode op = ops.next().getValue();
                if (operationId.equals(op.path("operationId").asText())) {
                    JsonNode r = op.path("responses").path(String.valueOf(status));
                    return r.has("schema") ? r.get("schema") : null;
                }
            }
        }
        throw new AssertionError("no operation " + operationId + " in the spec");
    }

    private void check(JsonNode schema, JsonNode doc, JsonNode value, String at, List<String> problems) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            JsonNode target = ref.startsWith("#") ? doc : common;
            check(target.path("definitions").path(ref.substring(ref.lastIndexOf('/') + 1)), target, value, at, problems);
            return;
        }
        if (value == null || value.isNull() || value.isMissingNode()) return;
        for (JsonNode parent : schema.path("allOf")) check(parent, doc, value, at, problems);
        String type = schema.path("type").asText("");
        if (!type.isEmpty() && !typeMatches(type, value)) {
            problems.add(at + ": expected " + type + " but was " + value.getNodeType());
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) problems.add(at + ": '" + value.asText() + "' is not one of " + schema.get("enum"));
        if (value.isObject()) checkObject(schema, doc, value, at, problems);
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) check(schema.get("items"), doc, value.get(i), at + "[" + i + "]", problems);
        }
    }

    private void checkObject(JsonNode schema, JsonNode doc, JsonNode value, String at, List<String> problems) {
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) problems.add(at + ": required property '" + required.asText() + "' is missing");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (value.has(p.getKey())) check(p.getValue(), doc, value.get(p.getKey()), at + "." + p.getKey(), problems);
        }
        if (schema.has("additionalProperties") && schema.get("additionalProperties").isObject()) {
            value.fields().forEachRemaining(f -> check(schema.get("additionalProperties"), doc, f.getValue(), at + "." + f.getKey(), problems));
        }
        String discriminator = schema.path("discriminator").asText("");
        if (!discriminator.isEmpty() && value.has(discriminator)) {
            JsonNode subtype = subtype(doc, value.get(discriminator).asText());
            if (subtype == null) problems.add(at + ": no subtype for " + discriminator + "=" + value.get(discriminator).asText());
            else checkOwnProperties(subtype, doc, value, at, problems);
        }
    }

    /** A subtype's own properties (its allOf points back at the base, which is being checked already). */
    private void checkOwnProperties(JsonNode subtype, JsonNode doc, JsonNode value, String at, List<String> problems) {
        for (Iterator<Map.Entry<String, JsonNode>> it = subtype.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (value.has(p.getKey())) check(p.getValue(), doc, value.get(p.getKey()), at + "." + p.getKey(), problems);
        }
    }

    private static JsonNode subtype(JsonNode doc, String discriminatorValue) {
        for (JsonNode d : doc.path("definitions")) {
            if (discriminatorValue.equals(d.path("x-ms-discriminator-value").asText(null))) return d;
        }
        return null;
    }

    private static boolean typeMatches(String type, JsonNode v) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "boolean" -> v.isBoolean();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            default -> true;
        };
    }

    private static boolean contains(JsonNode values, JsonNode v) {
        for (JsonNode e : values) if (e.asText().equals(v.asText())) return true;
        return false;
    }
}
