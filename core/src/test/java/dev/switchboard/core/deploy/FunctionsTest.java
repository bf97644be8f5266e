package dev.switchboard.core.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.switchboard.core.deploy.Templates.RG;
import static dev.switchboard.core.deploy.Templates.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every function, as a table: expression in, value out. Parameters in scope: s='abc', n=3,
 * o={a:1, B:{c:[10,20]}}, arr=['x','y']; variables v='abc!', w=v.
 */
class FunctionsTest {
    static Stream<Arguments> values() {
        return Stream.of(
                // deployment and template data
                Arguments.of("[parameters('s')]", "abc"),
                Arguments.of("[parameters('S')]", "abc"),
                Arguments.of("[parameters('o').b.C[1]]", 20L),
                Arguments.of("[parameters('o')['a']]", 1L),
                Arguments.of("[variables('w')]", "abc!"),
                Arguments.of("[resourceGroup().name]", "rg1"),
                Arguments.of("[resourceGroup().id]", RG),
                Arguments.of("[resourceGroup().location]", "westeurope"),
                Arguments.of("[subscription().subscriptionId]", "00000000-0000-0000-0000-000000000001"),
                Arguments.of("[subscription().id]", "/subscriptions/00000000-0000-0000-0000-000000000001"),
                Arguments.of("[deployment().name]", "deploy1"),
                Arguments.of("[deployment().properties.template.contentVersion]", "1.0.0.0"),
                // resource IDs
                Arguments.of("[resourceId('Microsoft.App/containerApps', 'app')]", RG + "/providers/Microsoft.App/containerApps/app"),
                Arguments.of("[resourceId('Microsoft.DBforPostgreSQL/flexibleServers/databases', 'srv', 'db')]",
                        RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/srv/databases/db"),
                Arguments.of("[resourceId('Microsoft.DBforPostgreSQL/flexibleServers/databases', 'srv/db')]",
                        RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/srv/databases/db"),
                Arguments.of("[resourceId('other', 'Microsoft.App/containerApps', 'app')]",
                        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/other/providers/Microsoft.App/containerApps/app"),
                Arguments.of("[resourceId('sub2', 'other', 'Microsoft.App/containerApps', 'app')]",
                        "/subscriptions/sub2/resourceGroups/other/providers/Microsoft.App/containerApps/app"),
                Arguments.of("[subscriptionResourceId('Microsoft.Resources/resourceGroups', 'rg2')]",
                        "/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Resources/resourceGroups/rg2"),
                Arguments.of("[tenantResourceId('Microsoft.Management/managementGroups', 'mg')]", "/providers/Microsoft.Management/managementGroups/mg"),
                Arguments.of("[extensionResourceId(resourceId('Microsoft.App/containerApps', 'app'), 'Microsoft.ServiceLinker/linkers', 'db')]",
                        RG + "/providers/Microsoft.App/containerApps/app/providers/Microsoft.ServiceLinker/linkers/db"),
                // strings
                Arguments.of("[concat('a', 'b', 1, true())]", "ab1True"),
                Arguments.of("[concat(parameters('arr'), createArray('z'))]", List.of("x", "y", "z")),
                Arguments.of("[format('{0}-{1}', 'a', 2)]", "a-2"),
                Arguments.of("[format('{0:D3}|{1,4}|{2,-3}|{{x}}', 7, 'ab', 'c')]", "007|  ab|c  |{x}"),
                Arguments.of("[format('{0:N0} {1:X} {1:x4} {2}', 1234567, 255, false())]", "1,234,567 FF 00ff False"),
                Arguments.of("[toLower('ABC')]", "abc"),
                Arguments.of("[toUpper('abc')]", "ABC"),
                Arguments.of("[string(1)]", "1"),
                Arguments.of("[string(true())]", "True"),
                Arguments.of("[string(parameters('o'))]", "{\"a\":1,\"B\":{\"c\":[10,20]}}"),
                Arguments.of("[string('s')]", "s"),
                Arguments.of("[trim('  a b  ')]", "a b"),
                Arguments.of("[replace('a-b-c', '-', '')]", "abc"),
                Arguments.of("[split('a,b;c', createArray(',', ';'))]", List.of("a", "b", "c")),
                Arguments.of("[split('a,,b', ',')]", List.of("a", "", "b")),
                Arguments.of("[substring('hello', 1, 3)]", "ell"),
                Arguments.of("[substring('hello', 2)]", "llo"),
                Arguments.of("[startsWith('abcdef', 'AB')]", true),
                Arguments.of("[startsWith('abcdef', 'b')]", false),
                Arguments.of("[endsWith('abcdef', 'EF')]", true),
                Arguments.of("[indexOf('abcdef', 'CD')]", 2L),
                Arguments.of("[lastIndexOf('test', 't')]", 3L),
                Arguments.of("[padLeft('7', 3, '0')]", "007"),
                Arguments.of("[base64('one, two')]", "b25lLCB0d28="),
                Arguments.of("[base64ToString('b25lLCB0d28=')]", "one, two"),
                Arguments.of("[uniqueString('test')]", "rbgf3xv4ufgzg"),
                Arguments.of("[guid('test')]", "d6a5baf1-8b9b-542a-8525-2982f1f98a0c"),
                // collections
                Arguments.of("[length('abc')]", 3L),
                Arguments.of("[length(parameters('arr'))]", 2L),
                Arguments.of("[length(parameters('o'))]", 2L),
                Arguments.of("[empty('')]", true),
                Arguments.of("[empty(createArray())]", true),
                Arguments.of("[empty(json('{}'))]", true),
                Arguments.of("[empty(null())]", true),
                Arguments.of("[empty(parameters('arr'))]", false),
                Arguments.of("[contains('OneTwo', 'Two')]", true),
                Arguments.of("[contains('OneTwo', 'two')]", false),
                Arguments.of("[contains(parameters('o'), 'A')]", true),
                Arguments.of("[contains(parameters('arr'), 'y')]", true),
                Arguments.of("[contains(createArray(1, 2), 3)]", false),
                Arguments.of("[first('abc')]", "a"),
                Arguments.of("[last(parameters('arr'))]", "y"),
                Arguments.of("[first(createArray())]", null),
                Arguments.of("[union(createArray(1, 2), createArray(2, 3))]", List.of(1L, 2L, 3L)),
                Arguments.of("[union(json('{\"a\":1,\"n\":{\"x\":1,\"y\":1}}'), json('{\"b\":2,\"n\":{\"y\":2}}'))]",
                        Map.of("a", 1L, "b", 2L, "n", Map.of("x", 1L, "y", 2L))),
                Arguments.of("[intersection(createArray(1, 2, 3), createArray(3, 2))]", List.of(2L, 3L)),
                Arguments.of("[createObject('k', 1, 'l', createArray('m'))]", Map.of("k", 1L, "l", List.of("m"))),
                Arguments.of("[items(json('{\"b\":2,\"a\":1}'))]", List.of(Map.of("key", "a", "value", 1L), Map.of("key", "b", "value", 2L))),
                Arguments.of("[take('abc', 2)]", "ab"),
                Arguments.of("[skip(parameters('arr'), 1)]", List.of("y")),
                Arguments.of("[take(parameters('arr'), 5)]", List.of("x", "y")),
                Arguments.of("[range(5, 3)]", List.of(5L, 6L, 7L)),
                Arguments.of("[join(createArray('a', 1), '-')]", "a-1"),
                Arguments.of("[array('x')]", List.of("x")),
                // logic and comparison
                Arguments.of("[if(equals(parameters('n'), 3), 'three', 'other')]", "three"),
                Arguments.of("[if(false(), reference('never').x, 'lazy')]", "lazy"),
                Arguments.of("[equals(json('{\"a\":[1]}'), json('{\"a\":[1]}'))]", true),
                Arguments.of("[equals('a', 'A')]", false),
                Arguments.of("[not(true())]", false),
                Arguments.of("[and(true(), true(), false())]", false),
                Arguments.of("[or(false(), true())]", true),
                Arguments.of("[coalesce(null(), null(), 'c')]", "c"),
                Arguments.of("[coalesce(null())]", null),
                Arguments.of("[null()]", null),
                Arguments.of("[bool('TRUE')]", true),
                Arguments.of("[bool(0)]", false),
                Arguments.of("[int('42')]", 42L),
                Arguments.of("[json('[1, \"a\", null, true]')]", java.util.Arrays.asList(1L, "a", null, true)),
                Arguments.of("[json('null')]", null),
                // arithmetic
                Arguments.of("[add(1, 2)]", 3L),
                Arguments.of("[sub(1, 2)]", -1L),
                Arguments.of("[mul(parameters('n'), 4)]", 12L),
                Arguments.of("[div(7, 2)]", 3L),
                Arguments.of("[div(-7, 2)]", -3L),
                Arguments.of("[mod(7, 3)]", 1L),
                Arguments.of("[min(3, 1, 2)]", 1L),
                Arguments.of("[max(createArray(3, 9, 2))]", 9L),
                Arguments.of("[greater(2, 1)]", true),
                Arguments.of("[greater('a', 'b')]", false),
                Arguments.of("[less(1, 2)]", true),
                Arguments.of("[greaterOrEquals(2, 2)]", true),
                Arguments.of("[lessOrEquals(3, 2)]", false),
                // names are case-insensitive
                Arguments.of("[CONCAT('a', ToUpper('b'))]", "aB"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void evaluates(String expression, Object expected) {
        assertThat(eval(expression)).isEqualTo(expected);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("[nope(1)]", TemplateException.UNKNOWN_FUNCTION, "'nope' is not known"),
                Arguments.of("[my.func()]", TemplateException.UNKNOWN_FUNCTION, "'my.func' is not known"),
                Arguments.of("[concat()]", TemplateException.INVALID_EXPRESSION, "takes at least 1 argument"),
                Arguments.of("[if(true(), 1)]", TemplateException.INVALID_EXPRESSION, "takes 3 arguments, not 2"),
                Arguments.of("[toLower(1)]", "InvalidTemplate", "must be of type string, not int"),
                Arguments.of("[add(1, 'a')]", "InvalidTemplate", "must be of type int, not string"),
                Arguments.of("[div(1, 0)]", "InvalidTemplate", "division by zero"),
                Arguments.of("[add(9223372036854775807, 1)]", "InvalidTemplate", "overflows"),
                Arguments.of("[parameters('missing')]", "InvalidTemplate", "'missing' is not declared"),
                Arguments.of("[variables('missing')]", "InvalidTemplate", "'missing' is not declared"),
                Arguments.of("[parameters('o').zz]", "InvalidTemplate", "the property 'zz' does not exist; available: a, B"),
                Arguments.of("[parameters('arr')[2]]", "InvalidTemplate", "index 2 is outside the array of length 2"),
                Arguments.of("[parameters('s').x]", "InvalidTemplate", "cannot read property 'x' of a value of type string"),
                Arguments.of("[substring('abc', 2, 5)]", "InvalidTemplate", "must lie within the string"),
                Arguments.of("[int('x1')]", "InvalidTemplate", "could not read"),
                Arguments.of("[json('{bad')]", "InvalidTemplate", "not valid JSON"),
                Arguments.of("[greater(1, 'a')]", "InvalidTemplate", "compares two ints or two strings"),
                Arguments.of("[concat('a', createArray())]", "InvalidTemplate", "either strings or arrays"),
                Arguments.of("[createObject('a')]", "InvalidTemplate", "in pairs"),
                Arguments.of("[format('{1}', 'a')]", "InvalidTemplate", "{1} has no argument"),
                Arguments.of("[format('{0:Q}', 1)]", "InvalidTemplate", "not supported"),
                Arguments.of("[copyIndex()]", "InvalidTemplate", "outside a copy loop"),
                Arguments.of("[reference('x')]", "InvalidTemplate", "'reference' is not expected here"),
                Arguments.of("[resourceId('app')]", TemplateException.INVALID_EXPRESSION, "takes at least 2 arguments"),
                Arguments.of("[resourceId('a', 'b')]", "InvalidTemplate", "needs a resource type"),
                Arguments.of("[resourceId('Microsoft.X/a/b', 'n')]", "InvalidTemplate", "needs 2 name segments but got 1"),
                Arguments.of("[not('true')]", "InvalidTemplate", "must be of type bool"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void fails(String expression, String code, String message) {
        TemplateException e = catchThrowableOfType(TemplateException.class, () -> eval(expression));
        assertThat(e).as(expression).isNotNull();
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.path()).isEqualTo("x");
        assertThat(e.getMessage()).contains(message);
    }

    @Test
    void uniqueStringMatchesAzure() {
        // Values Bicep/ARM returned for these inputs, as pinned by a public re-implementation's self-test.
        assertThat(TemplateHashes.uniqueString(List.of("hello", "world"))).isEqualTo("a7wkljktk6wne");
        assertThat(TemplateHashes.uniqueString(List.of("abc"))).isEqualTo("cgtzqvhu4i23s");
        assertThat(TemplateHashes.uniqueString(List.of("foo", "bar", "baz"))).isEqualTo("xzi4ioaxtmth4");
        assertThat(TemplateHashes.uniqueString(List.of("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg")))
                .isEqualTo("bmg7c6xu4tw46");
    }

    @Test
    void guidIsAVersion5UuidInArmsNamespace() {
        // Expected values from an independent RFC 4122 implementation (Python's uuid.uuid5) with ARM's namespace.
        assertThat(eval("[guid('a', 'b')]")).isEqualTo("2d796349-8c7e-55ec-9624-54ece82ed031");
        assertThat(eval("[guid('hello-world')]")).isEqualTo("a5b868f8-11fe-567a-ace0-e77cc87f104e");
        assertThat(eval("[guid(resourceGroup().id, 'x')]")).isEqualTo("b44abb4e-3df7-5bf7-b668-6a58f6beb0fa");
    }
}
