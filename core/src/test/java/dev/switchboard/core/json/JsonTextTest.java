package dev.switchboard.core.json;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The one hand-written JSON codec: what the broker providers write (names, passwords) and read (admin API answers). */
class JsonTextTest {

    @Property(tries = 300)
    void anyWellFormedStringRoundTrips(@ForAll String s) {
        boolean wellFormed = s.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF);
        if (!wellFormed) {
            assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> JsonText.quote(s))).isNotNull();
            return;
        }
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("command", "createClient");
        command.put("username", s);
        command.put("allow", true);
        assertThat(JsonText.parse(JsonText.object(command))).isEqualTo(command);
        assertThat(JsonText.parseObject(JsonText.object("password_hash", s, "tags", ""))).containsEntry("password_hash", s);
    }

    @Test
    void escapesWhatCouldBreakOut() {
        assertThat(JsonText.quote("a\"b\\c\n\0\u2028")).isEqualTo("\"a\\\"b\\\\c\\u000a\\u0000\\u2028\"");
    }

    @Test
    void readsTheDynamicSecurityPluginsReplies() {
        Object parsed = JsonText.parse("{\"responses\":[{\"command\":\"getClient\",\"data\":{\"client\":{\"username\":\"u\\u00e9\","
                + "\"roles\":[{\"rolename\":\"r\",\"priority\":-1.5e0}],\"groups\":[],\"disabled\":false,\"x\":null}},"
                + "\"correlationData\":\"c:0\"}]}");
        Map<?, ?> client = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) parsed).get("responses")).get(0)).get("data")).get("client");
        assertThat(client.get("username")).isEqualTo("ué");
        assertThat(client.get("disabled")).isEqualTo(false);
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> JsonText.parse("{\"a\":1} x"))).isNotNull();
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> JsonText.parse("{\"a\":"))).isNotNull();
    }

    @Test
    void readsTheManagementApisLists() {
        List<Map<String, Object>> users = JsonText.parseObjects("[{\"name\":\"a\\/b\",\"tags\":[],\"n\":3},{\"name\":\"c\"}]");
        assertThat(users).extracting(u -> u.get("name")).containsExactly("a/b", "c");
        assertThat(users.get(0).get("n")).isEqualTo(new BigDecimal("3"));
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> JsonText.parseObjects("{\"name\":\"a\"}"))).isNotNull();
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> JsonText.parseObject("[1]"))).isNotNull();
    }

    @Test
    void errorsNeverRepeatTheText() {
        String secret = "s3cret-value";
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> JsonText.parse("{\"password\":\"" + secret + "\" oops}"));
        assertThat(e).hasMessageStartingWith("malformed JSON at offset").hasMessageNotContaining(secret);
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> JsonText.parse("\"\\q\""))).hasMessageContaining("bad escape");
    }
}
