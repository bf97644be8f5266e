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
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.plan.PlannedStep;
import dev.switchboard.core.secret.Secret;

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
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "step")
    @JsonSubTypes({@JsonSubTypes.Type(PlannedStep.EnsureLogin.class), @JsonSubTypes.Type(PlannedStep.GrantAccess.class),
            @JsonSubTypes.Type(PlannedStep.ProjectConfiguration.class), @JsonSubTypes.Type(PlannedStep.RemoveConfiguration.class),
            @JsonSubTypes.Type(PlannedStep.RevokeAccess.class), @JsonSubTypes.Type(PlannedStep.DropLogin.class)})
    interface StepMixin { }

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, Object> readMap(String json) {
        try {
            return mapper.readValue(json, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
