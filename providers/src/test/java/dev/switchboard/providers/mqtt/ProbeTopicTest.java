package dev.switchboard.providers.mqtt;

import dev.switchboard.core.target.AccessScope;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The validation's probe topic: a concrete topic inside both a publish and a subscribe filter. Pure. */
class ProbeTopicTest {

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
