package dev.switchboard.core.access;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AccessPolicyTest {
    static final String SUB = "/subscriptions/s1";
    static final String RG_A = SUB + "/resourceGroups/a";
    static final String APP = RG_A + "/providers/Microsoft.App/containerApps/app1";
    static final String LINKER = APP + "/providers/Microsoft.ServiceLinker/linkers/l1";
    final AccessPolicy policy = new AccessPolicy();

    static Principal who(Role role, String scope) {
        return new Principal("abcdefghijkl", "t-" + role.wire(), new Grant(role, scope == null ? null : ResourceId.parse(scope)));
    }

    /** role × action × scope (inside / outside) → outcome. */
    @ParameterizedTest(name = "{0} on {1} doing {2} to {3} -> {4}")
    @CsvSource({
            "READER,      RG_A, READ,          LINKER, ALLOW",
            "READER,      RG_A, WRITE,         LINKER, FORBIDDEN",
            "READER,      RG_A, READ_SECRETS,  LINKER, FORBIDDEN",
            "READER,      RG_A, MANAGE_TOKENS, ,       FORBIDDEN",
            "READER,      RG_A, READ,          RG_B,   NOT_FOUND",
            "READER,      RG_A, WRITE,         RG_B,   NOT_FOUND",
            "CONTRIBUTOR, RG_A, WRITE,         APP,    ALLOW",
            "CONTRIBUTOR, RG_A, READ_SECRETS,  LINKER, ALLOW",
            "CONTRIBUTOR, RG_A, MANAGE_TOKENS, ,       FORBIDDEN",
            "CONTRIBUTOR, RG_A, READ_SECRETS,  RG_AB,  NOT_FOUND",
            "OWNER,       RG_A, MANAGE_TOKENS, ,       ALLOW",
            "OWNER,       RG_A, WRITE,         RG_A,   ALLOW",
            "OWNER,       RG_A, WRITE,         SUB,    NOT_FOUND",
            "OWNER,       APP,  WRITE,         LINKER, ALLOW",
            "OWNER,       APP,  READ,          RG_A,   NOT_FOUND",
            "READER,      APP,  READ,          ,       ALLOW",
            "OWNER,       ,     WRITE,         RG_B,   ALLOW",
    })
    void decides(Role role, String scope, Action action, String target, Decision.Outcome expected) {
        Decision d = policy.decide(who(role, id(scope)), action, target == null ? null : ResourceId.parse(id(target)));
        assertThat(d.outcome()).isEqualTo(expected);
    }

    static String id(String name) {
        if (name == null) return null;
        return switch (name) {
            case "SUB" -> SUB;
            case "RG_A" -> RG_A;
            case "RG_B" -> SUB + "/resourceGroups/b";
            case "RG_AB" -> SUB + "/resourceGroups/ab";
            case "APP" -> APP;
            case "LINKER" -> LINKER;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Test
    void outsideTheScopeIsTheMissingResource404AndInsideATooWeakRoleIsA403NamingTheRole() {
        TerminalFailure group = policy.decide(who(Role.OWNER, RG_A), Action.READ, ResourceId.parse(SUB + "/resourceGroups/b")).failure();
        assertThat(group.status()).isEqualTo(404);
        assertThat(group.code()).isEqualTo("ResourceGroupNotFound");
        assertThat(policy.decide(who(Role.OWNER, APP), Action.READ, ResourceId.parse(RG_A + "/providers/Microsoft.App/containerApps/app2"))
                .failure().code()).isEqualTo("ResourceNotFound");
        TerminalFailure weak = policy.decide(who(Role.READER, RG_A), Action.READ_SECRETS, ResourceId.parse(LINKER)).failure();
        assertThat(weak.status()).isEqualTo(403);
        assertThat(weak.code()).isEqualTo("AuthorizationFailed");
        assertThat(weak.getMessage()).contains("Reader", "Contributor", "secret");
        assertThat(policy.decide(who(Role.CONTRIBUTOR, null), Action.MANAGE_TOKENS, null).failure().getMessage()).contains("Owner");
    }

    @Test
    void listsStartInOrAboveTheScopeAndShowOnlyWhatItContains() {
        Principal app = who(Role.READER, APP);
        assertThat(policy.decideList(app, ResourceId.parse(APP)).allowed()).as("its own linkers").isTrue();
        assertThat(policy.decideList(app, ResourceId.parse(RG_A)).allowed()).as("the group it is in").isTrue();
        assertThat(policy.decideList(app, ResourceId.parse(SUB)).allowed()).as("the subscription it is in").isTrue();
        assertThat(policy.decideList(app, ResourceId.parse(SUB + "/resourceGroups/b")).outcome()).isEqualTo(Decision.Outcome.NOT_FOUND);
        assertThat(policy.decideList(who(Role.READER, RG_A), ResourceId.parse("/subscriptions/s2")).failure().code())
                .isEqualTo("SubscriptionNotFound");
        assertThat(policy.visible(app, ResourceId.parse(LINKER))).isTrue();
        assertThat(policy.visible(app, ResourceId.parse(RG_A))).isFalse();
        assertThat(policy.visible(app, ResourceId.parse(APP + "2"))).as("a sibling whose name extends the scope's").isFalse();
    }

    @Test
    void anOwnerMintsOnlyAtOrUnderItsScope() {
        Principal owner = who(Role.OWNER, RG_A);
        assertThat(policy.decideMint(owner, new Grant(Role.OWNER, ResourceId.parse(RG_A))).allowed()).isTrue();
        assertThat(policy.decideMint(owner, new Grant(Role.READER, ResourceId.parse(LINKER))).allowed()).isTrue();
        Decision other = policy.decideMint(owner, new Grant(Role.READER, ResourceId.parse(SUB + "/resourceGroups/b")));
        assertThat(other.outcome()).isEqualTo(Decision.Outcome.FORBIDDEN);
        assertThat(other.failure().status()).isEqualTo(403);
        assertThat(policy.decideMint(owner, new Grant(Role.READER, null)).outcome()).isEqualTo(Decision.Outcome.FORBIDDEN);
        assertThat(policy.decideMint(owner, new Grant(Role.READER, ResourceId.parse(SUB))).outcome()).isEqualTo(Decision.Outcome.FORBIDDEN);
        assertThat(policy.decideMint(who(Role.CONTRIBUTOR, RG_A), new Grant(Role.READER, ResourceId.parse(APP))).failure().getMessage())
                .contains("Owner");
        assertThat(policy.decideMint(who(Role.OWNER, null), new Grant(Role.OWNER, null)).allowed()).isTrue();
    }

    @Test
    void rolesAreOrderedAndParsedCaseInsensitively() {
        assertThat(Role.parse("reader")).contains(Role.READER);
        assertThat(Role.parse("Contributor")).contains(Role.CONTRIBUTOR);
        assertThat(Role.parse("OWNER")).contains(Role.OWNER);
        assertThat(Role.parse("admin")).isEmpty();
        assertThat(Role.weakestAllowing(Action.READ)).isEqualTo(Role.READER);
        assertThat(Role.weakestAllowing(Action.READ_SECRETS)).isEqualTo(Role.CONTRIBUTOR);
        assertThat(Role.weakestAllowing(Action.MANAGE_TOKENS)).isEqualTo(Role.OWNER);
        for (Role r : Role.values()) {
            for (Role weaker : Role.values()) {
                if (weaker.compareTo(r) < 0) {
                    for (Action a : Action.values()) if (weaker.allows(a)) assertThat(r.allows(a)).as("%s allows what %s does", r, weaker).isTrue();
                }
            }
        }
    }
}
