package dev.switchboard.providers.nats;

import dev.switchboard.core.target.AccessScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file layout, the subject matching of validation and the handshake's JSON, without a server. */
class NatsAuthFileTest {
    private static final String HASH = "$2b$04$83Lh1yjJgDHFy8M.zPn27O6d19tQaSg3.krgrMJyM.fPePWlltTGS";

    @Test
    void formatParsesBackExactly() throws Exception {
        NatsAuthFile.Content c = new NatsAuthFile.Content(List.of(
                new NatsAuthFile.User("admin", HASH, List.of(), List.of(), true),
                new NatsAuthFile.User("sb_a", HASH, List.of("a.>", "b.*.c"), List.of("a.>", "_INBOX.>"), false),
                new NatsAuthFile.User("sb_b", HASH, List.of(), List.of("x"), false)));
        String text = NatsAuthFile.format(c);
        assertThat(text).contains("publish: {deny: [\">\"]}");
        assertThat(NatsAuthFile.parse(text)).contains(c);
        assertThat(NatsAuthFile.parse("")).isEmpty();
        assertThat(NatsAuthFile.parse(" \n")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"authorization { users = [] }\n", "# Managed by Switchboard\n", "include x\n"})
    void foreignFilesAreNotManaged(String text) {
        assertThatThrownBy(() -> NatsAuthFile.parse(text)).isInstanceOf(NatsAuthFile.NotManaged.class);
    }

    @Test
    void anEditedLineIsNotManaged() {
        String text = NatsAuthFile.format(new NatsAuthFile.Content(List.of(new NatsAuthFile.User("a", HASH, List.of(), List.of(), true))));
        assertThatThrownBy(() -> NatsAuthFile.parse(text.replace("{user: \"a\"", "{user: a"))).isInstanceOf(NatsAuthFile.NotManaged.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\"b", "a b", "a\\b", "a\nb", "", "é", "a}"})
    void quoteRefusesWhatWouldNeedEscaping(String value) {
        assertThatThrownBy(() -> NatsAuthFile.quote(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NONE", value = {
            "a.>, a.b, a.b", "a.>, a, NONE", "a.*, a.>, a.switchboard_check", "*.b, a.*, a.b", "a.b, a.c, NONE",
            ">, x.*.z, x.switchboard_check.z", "a.*.c, a.b.*, a.b.c", "a, a, a", "a.b, a, NONE", "_INBOX.>, a.>, NONE"})
    void meet(String a, String b, String expected) {
        assertThat(NatsValidation.meet(a, b)).isEqualTo(Optional.ofNullable(expected));
        assertThat(NatsValidation.meet(b, a)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void sharedSubjectPrefersTheAppsSubjectsOverTheInbox() {
        assertThat(NatsValidation.sharedSubject(new AccessScope.Subjects(List.of(">"), List.of("_INBOX.>", "o.>"))))
                .contains("o.switchboard_check");
        assertThat(NatsValidation.sharedSubject(new AccessScope.Subjects(List.of("p"), List.of("q")))).isEmpty();
    }

    @Test
    void handshakeJsonEscapes() {
        assertThat(NatsHandshake.json("a\"b\\c\n\u0000é")).isEqualTo("\"a\\\"b\\\\c\\u000a\\u0000é\"");
    }
}
