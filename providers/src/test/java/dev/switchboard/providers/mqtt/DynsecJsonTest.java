package dev.switchboard.providers.mqtt;

import dev.switchboard.core.target.AccessScope;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The hand-written JSON of the dynamic-security protocol, and the validation's probe topic. Pure. */
class DynsecJsonTest {

    @Property(tries = 300)
    void anyWellFormedStringRoundTrips(@ForAll String s) {
        boolean wellFormed = s.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF);
        if (!wellFormed) {
            assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> DynsecJson.quote(s))).isNotNull();
            return;
        }
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("command", "createClient");
        command.put("username", s);
        command.put("allow", true);
        assertThat(DynsecJson.parse(DynsecJson.object(command))).isEqualTo(command);
    }

    @Test
    void escapesWhatCouldBreakOut() {
        assertThat(DynsecJson.quote("a\"b\\c\n\0\u2028")).isEqualTo("\"a\\\"b\\\\c\\u000a\\u0000\\u2028\"");
    }

    @Test
    void readsThePluginsReplies() {
        Object parsed = DynsecJson.parse("{\"responses\":[{\"command\":\"getClient\",\"data\":{\"client\":{\"username\":\"u\\u00e9\","
                + "\"roles\":[{\"rolename\":\"r\",\"priority\":-1.5e0}],\"groups\":[],\"disabled\":false,\"x\":null}},"
                + "\"correlationData\":\"c:0\"}]}");
        Map<?, ?> client = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) parsed).get("responses")).get(0)).get("data")).get("client");
        assertThat(client.get("username")).isEqualTo("ué");
        assertThat(client.get("disabled")).isEqualTo(false);
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> DynsecJson.parse("{\"a\":1} x"))).isNotNull();
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> DynsecJson.parse("{\"a\":"))).isNotNull();
    }

    @Test
    void probeTopicLiesInsideBothFilters() {
        assertThat(probe(List.of("a/#"), List.of("a/+/c")).topic()).isEqualTo("a/U/c");
        assertThat(probe(List.of("a/+"), List.of("+/b")).topic()).isEqualTo("a/b");
        assertThat(probe(List.of("a/#"), List.of("a/#")).topic()).isEqualTo("a/U");
        assertThat(probe(List.of("a/#"), List.of("a")).topic()).isEqualTo("a");
        assertThat(probe(List.of("x", "a/b/#"), List.of("a/+/c/#")).topic()).isEqualTo("a/b/c/U");
        assertThat(ProbeTopic.find(new AccessScope.Subjects(List.of("a/+"), List.of("a/b/c")), "U")).isEmpty();
        assertThat(ProbeTopic.find(new AccessScope.Subjects(List.of("a"), List.of("b/#")), "U")).isEmpty();
        assertThat(ProbeTopic.find(new AccessScope.Subjects(List.of(), List.of("b/#")), "U")).isEmpty();
        assertThat(ProbeTopic.concrete("a/+/#", "U")).isEqualTo("a/U/U");
    }

    private static ProbeTopic probe(List<String> publish, List<String> subscribe) {
        return ProbeTopic.find(new AccessScope.Subjects(publish, subscribe), "U").orElseThrow();
    }
}
