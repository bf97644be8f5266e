package dev.switchboard.store;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.plan.PlannedStep;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.AccessScope;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** How the store writes core records as JSON: IDs as strings, steps tagged by name, secrets refused. */
final class StoreJson {
    private final ObjectMapper mapper;

    StoreJson() {
        SimpleModule module = new SimpleModule("switchboard-store");
        module.addSerializer(ResourceId.class, new JsonSerializer<>() {
            @Override public void serialize(ResourceId v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(v.toString());
            }
        });
        module.addDeserializer(ResourceId.class, new JsonDeserializer<>() {
            @Override public ResourceId deserialize(JsonParser p, DeserializationContext c) throws IOException {
                return ResourceId.parse(p.getValueAsString());
            }
        });
        module.addSerializer(Secret.class, new JsonSerializer<>() {
            @Override public void serialize(Secret v, JsonGenerator g, SerializerProvider p) {
                throw new IllegalStateException("a secret value must never be written outside the secret table");
            }
        });
        mapper = new ObjectMapper().registerModule(module).registerModule(new JavaTimeModule())
                .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
                .addMixIn(PlannedStep.class, StepMixin.class)
                .addMixIn(AccessScope.class, ScopeMixin.class)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "step")
    @JsonSubTypes({@JsonSubTypes.Type(PlannedStep.EnsureLogin.class), @JsonSubTypes.Type(PlannedStep.GrantAccess.class),
            @JsonSubTypes.Type(PlannedStep.ProjectConfiguration.class), @JsonSubTypes.Type(PlannedStep.RemoveConfiguration.class),
            @JsonSubTypes.Type(PlannedStep.RevokeAccess.class), @JsonSubTypes.Type(PlannedStep.DropLogin.class),
            @JsonSubTypes.Type(PlannedStep.ConfirmConnection.class)})
    interface StepMixin { }

    @JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "kind")
    @JsonSubTypes({@JsonSubTypes.Type(AccessScope.Database.class), @JsonSubTypes.Type(AccessScope.Keys.class),
            @JsonSubTypes.Type(AccessScope.Vhost.class), @JsonSubTypes.Type(AccessScope.Subjects.class),
            @JsonSubTypes.Type(AccessScope.Topics.class)})
    interface ScopeMixin { }

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    <T> T read(String json, Class<T> type) {
        try {
            // Footprints are read on every connection request: only text that can be legacy takes the tree walk.
            boolean maybeLegacy = LEGACY_SHAPES.contains(type) && json.contains("\"database\"") && !json.contains("\"scope\"");
            if (!maybeLegacy) return mapper.readValue(json, type);
            JsonNode tree = mapper.readTree(json);
            upgradeLegacy(tree);
            return mapper.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Footprints and steps written before connections had an access scope named a PostgreSQL database and schema;
     * they are read as the scope and target those meant, so data directories from then keep working.
     */
    private static final java.util.Set<Class<?>> LEGACY_SHAPES = java.util.Set.of(
            dev.switchboard.core.store.Footprint.class, dev.switchboard.core.store.OperationIntent.class,
            dev.switchboard.core.store.JournalEntry.class);

    private static void upgradeLegacy(JsonNode node) {
        if (node instanceof ObjectNode o && o.has("database") && o.has("schema") && !o.has("scope") && !o.has("kind")) {
            ObjectNode scope = o.putObject("scope");
            scope.put("kind", "Database").set("database", o.get("database"));
            scope.set("schema", o.get("schema"));
            if (o.hasNonNull("server") && !o.has("target")) {
                o.put("target", o.get("server").asText() + "/databases/" + o.get("database").asText());
            }
        }
        for (JsonNode child : node) upgradeLegacy(child);
    }

    Map<String, Object> readMap(String json) {
        try {
            return mapper.readValue(json, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
