package dev.switchboard.core.kinds.nats;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.target.AccessScope;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class NatsKindTest {
    private static final NatsKind KIND = new NatsKind();
    private static final ResourceId SERVER = ResourceId.parse(
            "/subscriptions/s/resourceGroups/g/providers/Switchboard.Messaging/natsServers/local");

    private static AccessScope.Subjects scope(Map<String, Object> access, String linker) {
        return (AccessScope.Subjects) KIND.scope(SERVER, access, linker);
    }

    @Test
    void facts() {
        assertThat(KIND.name()).isEqualTo("nats");
        assertThat(KIND.isTarget(SERVER)).isTrue();
        assertThat(KIND.childType()).isEmpty();
        assertThat(KIND.defaultPort()).isEqualTo(4222);
        assertThat(KIND.hostProperty()).isEqualTo("host");
        assertThat(KIND.endpointOptions()).containsExactlyInAnyOrder("authorizationFile", "pidFile");
    }

    @Test
    void defaultScopeIsTheLinkersNamespacePlusTheInbox() {
        AccessScope.Subjects s = scope(Map.of(), "orders");
        assertThat(s.publish()).containsExactly("orders.>");
        assertThat(s.subscribe()).containsExactly("orders.>", "_INBOX.>");
        assertThat(scope(Map.of(), "my.link name").publish()).containsExactly("my_link_name.>");
        assertThat(scope(Map.of("inbox", false), "o").subscribe()).containsExactly("o.>");
    }

    @Test
    void explicitSubjectsAsStringOrListDeduplicated() {
        AccessScope.Subjects s = scope(Map.of("publish", "a.b", "subscribe", List.of("a.*", "a.*", "c.>")), "x");
        assertThat(s.publish()).containsExactly("a.b");
        assertThat(s.subscribe()).containsExactly("a.*", "c.>", "_INBOX.>");
        assertThat(scope(Map.of("publish", List.of(), "inbox", false, "subscribe", "z"), "x").publish()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "a.", ".a", "a..b", "a b", "a.>.b", "a>", "a*", "*a", "$SYS.>", "a\"b", "a\\b",
            "a\nb", "a\u0000b", "a#", "a+b", "é", "a,b", "a;b", "a'b", "a\tb", "a/b"})
    void badSubjectsAreRefusedWith400(String subject) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> scope(Map.of("publish", subject), "x"));
        assertThat(f).as("'%s'", subject).isNotNull();
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.target()).isEqualTo("properties.access.publish");
        assertThat(f.getMessage()).doesNotContain("\n").doesNotContain("\u0000");
    }

    @Test
    void otherShapesAreRefused() {
        assertThat(catchThrowableOfType(TerminalFailure.class, () -> scope(Map.of("publish", 3), "x")).target())
                .isEqualTo("properties.access.publish");
        assertThat(catchThrowableOfType(TerminalFailure.class, () -> scope(Map.of("publsh", "a"), "x")).target())
                .isEqualTo("properties.access.publsh");
        assertThat(catchThrowableOfType(TerminalFailure.class, () -> scope(Map.of("inbox", "yes"), "x")).target())
                .isEqualTo("properties.access.inbox");
        assertThat(catchThrowableOfType(TerminalFailure.class,
                () -> scope(Map.of("publish", List.of(), "subscribe", List.of(), "inbox", false), "x")).target())
                .isEqualTo("properties.access");
        assertThat(catchThrowableOfType(TerminalFailure.class, () -> scope(Map.of("publish", "a".repeat(256)), "x"))).isNotNull();
        List<String> many = java.util.stream.IntStream.range(0, 33).mapToObj(i -> "s" + i).toList();
        assertThat(catchThrowableOfType(TerminalFailure.class, () -> scope(Map.of("publish", many), "x"))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sb_orders_a1b2", "a", "z9_"})
    void goodLogins(String login) {
        KIND.checkLogin(login);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "_switchboard_probe", "Admin", "9a", "a-b", "a.b", "a b", "a\"", "é", "a\u0000"})
    void badLoginsAreRefused(String login) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> KIND.checkLogin(login));
        assertThat(f.code()).isEqualTo("InvalidLoginName");
        assertThat(f.status()).isEqualTo(400);
    }

    @Test
    void loginLengthLimit() {
        KIND.checkLogin("a".repeat(64));
        assertThat(catchThrowableOfType(TerminalFailure.class, () -> KIND.checkLogin("a".repeat(65)))).isNotNull();
    }

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.of("a", "Z", "9", "_", "-", ".", "*", ">", "#", "+", " ", "\"", "'", "\\", "\0", "\n", "%", "$",
                "é", "日", "\uD83D\uDE00", "}", "]", ",").list().ofMinSize(1).ofMaxSize(12).map(l -> String.join("", l));
    }

    /** Any accepted subject is made only of the characters the authorization file can hold unescaped. */
    @Property(tries = 500)
    void acceptedSubjectsAreSafe(@ForAll("hostile") String subject) {
        boolean ok;
        try {
            scope(Map.of("publish", subject, "inbox", false, "subscribe", List.of()), "x");
            ok = true;
        } catch (TerminalFailure f) {
            assertThat(f.status()).isEqualTo(400);
            ok = false;
        }
        assertThat(ok).isEqualTo(NatsSubjects.valid(subject));
        if (ok) assertThat(subject).matches("[A-Za-z0-9_*>.-]+");
    }
}
