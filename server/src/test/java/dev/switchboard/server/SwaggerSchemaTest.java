package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The conformance check itself can fail: it finds wrong types, unknown enum values and missing fields. */
class SwaggerSchemaTest {
    private final SwaggerSchema schema;

    SwaggerSchemaTest() throws Exception {
        schema = new SwaggerSchema(Path.of(System.getProperty("switchboard.repoRoot"), "..", "shared", "reference", "servicelinker"));
    }

    private static JsonNode json(String s) throws Exception {
        return TestServer.JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void aWellFormedLinkerConforms() throws Exception {
        assertThat(schema.check("Linker_Get", 200, json("{'id':'/x','name':'n','type':'t','properties':{'authInfo':{'authType':"
                + "'secret','name':'u'},'clientType':'java','targetService':{'type':'AzureResource','id':'/y'}}}"))).isEmpty();
    }

    @Test
    void wrongTypesUnknownEnumValuesAndMissingFieldsAreFound() throws Exception {
        assertThat(schema.check("Linker_Get", 200, json("{'id':'/x'}"))).anyMatch(p -> p.contains("'properties' is missing"));
        assertThat(schema.check("Linker_Get", 200, json("{'properties':{'clientType':'cobol'}}"))).anyMatch(p -> p.contains("cobol"));
        assertThat(schema.check("Linker_Get", 200, json("{'properties':{'clientType':5}}"))).anyMatch(p -> p.contains("expected string"));
        assertThat(schema.check("Linker_Get", 200, json("{'properties':{'authInfo':{'authType':'secret','name':7}}}")))
                .as("the subtype named by the discriminator is checked").anyMatch(p -> p.contains("authInfo.name"));
        assertThat(schema.check("Linker_Validate", 200, json("{'properties':{'isConnectionAvailable':'yes'}}")))
                .anyMatch(p -> p.contains("isConnectionAvailable"));
    }
}
