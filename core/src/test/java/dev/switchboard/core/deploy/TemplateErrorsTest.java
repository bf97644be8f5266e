package dev.switchboard.core.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.switchboard.core.deploy.Templates.SCOPE;
import static dev.switchboard.core.deploy.Templates.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Templates that cannot deploy, as a table: each is refused by expand() with a code and the path of the offending value. */
class TemplateErrorsTest {
    static final String APP = "{`type`: `Microsoft.App/containerApps`, `apiVersion`: `2024-03-01`, `name`: `app`}";
    static final String SIZE = "{`size`: {`type`: `int`, `minValue`: 1, `maxValue`: 5, `defaultValue`: 2}}";

    static Arguments bad(String what, String template, String parameters, String code, String path, String message) {
        return Arguments.of(what, template, parameters, code, path, message);
    }

    static Stream<Arguments> templates() {
        return Stream.of(
                bad("a syntax error deep in a later resource's properties", "{`resources`: [" + APP + ", "
                        + "{`type`: `Microsoft.App/containerApps`, `apiVersion`: `1`, `name`: `b`, `properties`: {`template`: {`containers`: "
                        + "[{`env`: [{`name`: `X`, `value`: `[concat('a', ]`}]}]}}}]}", null,
                        "InvalidExpression", "resources[1].properties.template.containers[0].env[0].value", "position 14: a value is missing"),
                bad("an unknown function in an output", "{`resources`: [], `outputs`: {`url`: {`type`: `string`, `value`: `[urlOf('x')]`}}}", null,
                        "UnknownFunction", "outputs.url.value", "'urlOf' is not known"),
                bad("an unknown function in a disabled resource", "{`resources`: [{`condition`: false, `type`: `A.B/c`, `apiVersion`: `1`, "
                        + "`name`: `n`, `properties`: {`x`: `[listKeys('k')]`}}]}", null, "UnknownFunction", "resources[0].properties.x", "listKeys"),
                bad("a type error in a later body, found before deploying", "{`resources`: [" + APP + ", {`type`: `A.B/c`, `apiVersion`: `1`, "
                        + "`name`: `n`, `properties`: {`n`: `[add(1, 'two')]`}}]}", null, "InvalidTemplate", "resources[1].properties.n", "must be of type int"),
                bad("reference() to a name not in the template", "{`resources`: [{`type`: `A.B/c`, `apiVersion`: `1`, `name`: `n`, "
                        + "`properties`: {`x`: `[reference('ghost').y]`}}]}", null, "InvalidTemplate", "resources[0].properties.x", "'ghost' is not defined"),
                bad("a wrong parameter type", "{`parameters`: " + SIZE + ", `resources`: []}", "{`size`: {`value`: `big`}}",
                        "InvalidParameter", "parameters.size", "expected a value of type int, not string"),
                bad("above maxValue", "{`parameters`: " + SIZE + ", `resources`: []}", "{`size`: {`value`: 6}}",
                        "InvalidParameter", "parameters.size", "greater than maxValue (5)"),
                bad("a default below minValue", "{`parameters`: {`size`: {`type`: `int`, `minValue`: 3, `defaultValue`: `[add(1, 1)]`}}, `resources`: []}",
                        null, "InvalidTemplate", "parameters.size.defaultValue", "less than minValue (3)"),
                bad("not an allowed value", "{`parameters`: {`tier`: {`type`: `string`, `allowedValues`: [`a`, `b`]}}, `resources`: []}",
                        "{`tier`: {`value`: `c`}}", "InvalidParameter", "parameters.tier", "not one of the allowedValues"),
                bad("an array item not allowed", "{`parameters`: {`zones`: {`type`: `array`, `allowedValues`: [1, 2]}}, `resources`: []}",
                        "{`zones`: {`value`: [1, 3]}}", "InvalidParameter", "parameters.zones", "not one of the allowedValues"),
                bad("too long", "{`parameters`: {`name`: {`type`: `string`, `maxLength`: 3}}, `resources`: []}", "{`name`: {`value`: `abcd`}}",
                        "InvalidParameter", "parameters.name", "longer than maxLength (3)"),
                bad("too short an array", "{`parameters`: {`l`: {`type`: `array`, `minLength`: 2}}, `resources`: []}", "{`l`: {`value`: [1]}}",
                        "InvalidParameter", "parameters.l", "shorter than minLength (2)"),
                bad("a missing parameter", "{`parameters`: {`name`: {`type`: `string`}}, `resources`: []}", null,
                        "InvalidParameter", "parameters.name", "no value was given"),
                bad("a parameter the template does not declare", "{`resources`: []}", "{`extra`: {`value`: 1}}",
                        "InvalidParameter", "parameters.extra", "declares no parameter"),
                bad("a parameter not wrapped in value", "{`parameters`: " + SIZE + ", `resources`: []}", "{`size`: 3}",
                        "InvalidParameter", "parameters.size", "{\"value\": ...}"),
                bad("a Key Vault reference", "{`parameters`: {`p`: {`type`: `securestring`}}, `resources`: []}",
                        "{`p`: {`reference`: {`keyVault`: {`id`: `x`}, `secretName`: `s`}}}", "InvalidParameter", "parameters.p", "Key Vault"),
                bad("an unknown parameter type", "{`parameters`: {`p`: {`type`: `float`}}, `resources`: []}", null,
                        "InvalidTemplate", "parameters.p.type", "must be one of"),
                bad("variables() in a parameter default", "{`parameters`: {`p`: {`type`: `string`, `defaultValue`: `[variables('v')]`}}, "
                        + "`variables`: {`v`: `x`}, `resources`: []}", null, "InvalidTemplate", "parameters.p.defaultValue", "cannot be used"),
                bad("parameter defaults in a cycle", "{`parameters`: {`a`: {`type`: `string`, `defaultValue`: `[parameters('b')]`}, "
                        + "`b`: {`type`: `string`, `defaultValue`: `[parameters('a')]`}}, `resources`: []}", null,
                        "CircularDependency", "parameters.a.defaultValue", "a -> b -> a"),
                bad("variables in a cycle", "{`variables`: {`x`: `ok`, `a`: `[concat(variables('b'), variables('x'))]`, `b`: `[variables('c')]`, "
                        + "`c`: `[variables('a')]`}, `resources`: []}", null, "CircularDependency", "variables.a", "variables form a cycle: a -> b -> c -> a"),
                bad("a variable that is not declared", "{`variables`: {`a`: `[variables('nope')]`}, `resources`: []}", null,
                        "InvalidTemplate", "variables.a", "'nope' is not declared"),
                bad("reference() in a variable", "{`variables`: {`a`: `[reference('x').y]`}, `resources`: []}", null,
                        "InvalidTemplate", "variables.a", "'reference' is not expected here"),
                bad("reference() in a name", "{`resources`: [{`type`: `A.B/c`, `apiVersion`: `1`, `name`: `[reference('x').n]`}]}", null,
                        "InvalidTemplate", "resources[0].name", "'reference' is not expected here"),
                bad("reference() in a condition", "{`resources`: [{`condition`: `[reference('x').on]`, `type`: `A.B/c`, `apiVersion`: `1`, `name`: `n`}]}",
                        null, "InvalidTemplate", "resources[0].condition", "'reference' is not expected here"),
                bad("reference() in a copy count", "{`resources`: [{`type`: `A.B/c`, `apiVersion`: `1`, `name`: `[concat('n', copyIndex())]`, "
                        + "`copy`: {`name`: `l`, `count`: `[reference('x').n]`}}]}", null, "InvalidTemplate", "resources[0].copy.count", "'reference' is not expected"),
                bad("reference() in dependsOn", "{`resources`: [" + APP + ", {`type`: `A.B/c`, `apiVersion`: `1`, `name`: `n`, "
                        + "`dependsOn`: [`[reference('app').id]`]}]}", null, "InvalidTemplate", "resources[1].dependsOn[0]", "'reference' is not expected"),
                bad("dependsOn a resource not in the template", "{`resources`: [{`type`: `A.B/c`, `apiVersion`: `1`, `name`: `n`, `dependsOn`: [`ghost`]}]}",
                        null, "InvalidTemplate", "resources[0].dependsOn[0]", "'ghost' is not defined in the template"),
                bad("resources depending on each other", "{`resources`: [" + APP + ", {`type`: `A.B/c`, `apiVersion`: `1`, `name`: `n`, `dependsOn`: [`m`]}, "
                        + "{`type`: `A.B/c`, `apiVersion`: `1`, `name`: `m`, `properties`: {`x`: `[reference('n').y]`}}]}", null,
                        "CircularDependency", "resources[1]", "n (A.B/c) -> m (A.B/c) -> n (A.B/c)"),
                bad("a resource depending on itself", "{`resources`: [{`type`: `A.B/c`, `apiVersion`: `1`, `name`: `n`, `dependsOn`: [`n`]}]}", null,
                        "CircularDependency", "resources[0]", "n (A.B/c) -> n (A.B/c)"),
                bad("the same resource twice", "{`resources`: [" + APP + ", " + APP + "]}", null, "InvalidTemplate", "resources[1]", "defined more than once"),
                bad("a copy count that is too big", "{`resources`: [{`type`: `A.B/c`, `apiVersion`: `1`, `name`: `[concat('n', copyIndex())]`, "
                        + "`copy`: {`name`: `l`, `count`: 801}}]}", null, "InvalidTemplate", "resources[0].copy.count", "between 0 and 800"),
                bad("a copy mode that does not exist", "{`resources`: [{`type`: `A.B/c`, `apiVersion`: `1`, `name`: `[concat('n', copyIndex())]`, "
                        + "`copy`: {`name`: `l`, `count`: 1, `mode`: `random`}}]}", null, "InvalidTemplate", "resources[0].copy.mode", "serial or parallel"),
                bad("copyIndex() outside a loop", "{`resources`: [{`type`: `A.B/c`, `apiVersion`: `1`, `name`: `[concat('n', copyIndex())]`}]}", null,
                        "InvalidTemplate", "resources[0].name", "outside a copy loop"),
                bad("a name with too few segments for its type", "{`resources`: [{`type`: `A.B/c/d`, `apiVersion`: `1`, `name`: `n`}]}", null,
                        "InvalidTemplate", "resources[0].name", "needs 2 name segments but got 1"),
                bad("a malformed type", "{`resources`: [{`type`: `containerApps`, `apiVersion`: `1`, `name`: `n`}]}", null,
                        "InvalidTemplate", "resources[0].type", "is not a resource type"),
                bad("a missing apiVersion", "{`resources`: [{`type`: `A.B/c`, `name`: `n`}]}", null, "InvalidTemplate", "resources[0].apiVersion", "required"),
                bad("a condition that is not a bool", "{`resources`: [{`condition`: `yes`, `type`: `A.B/c`, `apiVersion`: `1`, `name`: `n`}]}", null,
                        "InvalidTemplate", "resources[0].condition", "must be a bool, not string"),
                bad("an output of the wrong type", "{`resources`: [], `outputs`: {`n`: {`type`: `int`, `value`: `[concat('1')]`}}}", null,
                        "InvalidTemplate", "outputs.n.value", "declared int but its value is string"),
                bad("resources that are not an array", "{`resources`: {}}", null, "InvalidTemplate", "resources", "must be an array"),
                bad("symbolic-name templates", "{`languageVersion`: `2.0`, `resources`: {}}", null, "InvalidTemplate", "languageVersion", "not supported"),
                bad("user-defined functions", "{`functions`: [{`namespace`: `x`}], `resources`: []}", null, "InvalidTemplate", "functions", "not supported"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void refuses(String what, String template, String parameters, String code, String path, String message) {
        TemplateException e = catchThrowableOfType(TemplateException.class,
                () -> TemplateEngine.expand(json(template), parameters == null ? null : json(parameters), SCOPE));
        assertThat(e).as(what).isNotNull();
        assertThat(e.code()).as(what).isEqualTo(code);
        assertThat(e.path()).as(what).isEqualTo(path);
        assertThat(e.target()).isEqualTo(path);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).as(what).startsWith(path + ": ").contains(message);
    }

    @Test
    void aRefusedSecretIsNotInTheMessage() {
        String template = "{`parameters`: {`pw`: {`type`: `securestring`, `minLength`: 12, `allowedValues`: [`correct horse battery`]}}, `resources`: []}";
        TemplateException e = catchThrowableOfType(TemplateException.class,
                () -> TemplateEngine.expand(json(template), json("{`pw`: {`value`: `hunter2-secret`}}"), SCOPE));
        assertThat(e.path()).isEqualTo("parameters.pw");
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void aReferenceToAResourceThatIsGoneFailsAtDeployTimeWithItsPath() {
        TemplateEngine.Expanded x = TemplateEngine.expand(json("{`resources`: [" + APP + ", {`type`: `A.B/c`, `apiVersion`: `1`, `name`: `n`, "
                + "`properties`: {`fqdn`: `[reference('app').fqdn]`}}]}"), null, SCOPE);
        TemplateException e = catchThrowableOfType(TemplateException.class, () -> x.body(x.resources().get(1), id -> Optional.empty()));
        assertThat(e.code()).isEqualTo("ResourceNotFound");
        assertThat(e.path()).isEqualTo("resources[1].properties.fqdn");
    }

    @Test
    void anOutputThatNeedsAReferenceIsTypeCheckedWhenDeployed() {
        TemplateEngine.Expanded x = TemplateEngine.expand(json("{`resources`: [" + APP + "], "
                + "`outputs`: {`replicas`: {`type`: `int`, `value`: `[reference('app').replicas]`}}}"), null, SCOPE);
        Map<String, Object> app = Map.of("properties", Map.of("replicas", "three"));
        TemplateException e = catchThrowableOfType(TemplateException.class, () -> x.outputs(id -> Optional.of(app)));
        assertThat(e.path()).isEqualTo("outputs.replicas.value");
        assertThat(e.getMessage()).contains("declared int but its value is string");
        assertThat(x.outputs(id -> Optional.of(Map.of("properties", Map.of("replicas", 3))))).isEqualTo(Map.of("replicas", 3L));
    }
}
