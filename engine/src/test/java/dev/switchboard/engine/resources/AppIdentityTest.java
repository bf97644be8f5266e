package dev.switchboard.engine.resources;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AppIdentityTest {
    static final String RG = "/subscriptions/sub1/resourceGroups/rg1";
    static final ResourceId APP = ResourceId.parse(RG + "/providers/Microsoft.App/containerApps/web");
    static final ResourceId SITE = ResourceId.parse(RG + "/providers/Microsoft.Web/sites/web");
    static final String UAI = RG + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1";
    static final String UAI2 = RG + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id2";

    /** given type, app or site, canonical type stored */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "None                           | app  | None",
            "none                           | site | None",
            "SystemAssigned                 | app  | SystemAssigned",
            "systemassigned                 | site | SystemAssigned",
            "' SYSTEMASSIGNED '             | app  | SystemAssigned",
            "UserAssigned                   | app  | UserAssigned",
            "SystemAssigned,UserAssigned    | app  | SystemAssigned,UserAssigned",
            "'SystemAssigned, UserAssigned' | app  | SystemAssigned,UserAssigned",
            "'systemAssigned ,userassigned' | app  | SystemAssigned,UserAssigned",
            "SystemAssigned,UserAssigned    | site | 'SystemAssigned, UserAssigned'",
            "'SystemAssigned, UserAssigned' | site | 'SystemAssigned, UserAssigned'",
    })
    void typesAreAcceptedInAnyCaseAndStoredInTheSpellingOfTheResourceType(String given, String kind, String stored) {
        ResourceId app = kind.equals("site") ? SITE : APP;
        Map<String, Object> identity = new HashMap<>(Map.of("type", given));
        if (given.toLowerCase().contains("user")) identity.put("userAssignedIdentities", Map.of(UAI, Map.of()));
        Map<String, Object> out = AppIdentity.complete(app, identity);
        assertThat(out.get("type")).isEqualTo(stored);
        boolean system = stored.startsWith("SystemAssigned");
        assertThat(out.get("principalId")).isEqualTo(system ? AppIdentity.systemPrincipalId(app) : null);
        assertThat(out.get("tenantId")).isEqualTo(system ? AppIdentity.TENANT_ID : null);
        assertThat(out.containsKey("userAssignedIdentities")).isEqualTo(stored.endsWith("UserAssigned"));
    }

    static Stream<Arguments> refused() {
        Map<String, Object> none = Map.of();
        return Stream.of(
                Arguments.of(Map.of("type", "Managed"), "InvalidIdentityType", "identity.type"),
                Arguments.of(Map.of("type", "System Assigned"), "InvalidIdentityType", "identity.type"),
                Arguments.of(Map.of("type", "SystemAssigned,"), "InvalidIdentityType", "identity.type"),
                Arguments.of(Map.of("type", "UserAssigned,SystemAssigned"), "InvalidIdentityType", "identity.type"),
                Arguments.of(Map.of("type", ""), "InvalidIdentityType", "identity.type"),
                Arguments.of(Map.of("type", 1), "InvalidIdentityType", "identity.type"),
                Arguments.of(Map.of("principalId", UUID.randomUUID().toString()), "MissingRequiredProperty", "identity.type"),
                Arguments.of("SystemAssigned", "InvalidRequestContent", "identity"),
                Arguments.of(Map.of("type", "UserAssigned"), "InvalidUserAssignedIdentity", AppIdentity.UAI_FIELD),
                Arguments.of(Map.of("type", "UserAssigned", "userAssignedIdentities", none), "InvalidUserAssignedIdentity", AppIdentity.UAI_FIELD),
                Arguments.of(Map.of("type", "UserAssigned", "userAssignedIdentities", List.of(UAI)), "InvalidUserAssignedIdentity", AppIdentity.UAI_FIELD),
                Arguments.of(users("id1"), "InvalidUserAssignedIdentity", AppIdentity.UAI_FIELD),
                Arguments.of(users(RG + "/providers/Microsoft.Storage/storageAccounts/id1"), "InvalidUserAssignedIdentity", AppIdentity.UAI_FIELD),
                Arguments.of(users(APP + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/x"), "InvalidUserAssignedIdentity",
                        AppIdentity.UAI_FIELD),
                Arguments.of(Map.of("type", "UserAssigned", "userAssignedIdentities", Map.of(UAI, "yes")), "InvalidUserAssignedIdentity",
                        AppIdentity.UAI_FIELD),
                Arguments.of(Map.of("type", "UserAssigned", "userAssignedIdentities", Map.of(UAI, none, UAI.toUpperCase(), none)), "InvalidUserAssignedIdentity", AppIdentity.UAI_FIELD),
                Arguments.of(Map.of("type", "SystemAssigned", "userAssignedIdentities", Map.of(UAI, none)), "InvalidUserAssignedIdentity",
                        AppIdentity.UAI_FIELD));
    }

    @ParameterizedTest
    @MethodSource
    void refused(Object identity, String code, String field) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> AppIdentity.complete(APP, identity));
        assertThat(f).as("refused: %s", identity).isNotNull();
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.code()).isEqualTo(code);
        assertThat(f.target()).isEqualTo(field);
        assertThat(f.getMessage()).contains(field);
    }

    @Test
    void anUnknownTypeListsTheAllowedValues() {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> AppIdentity.complete(APP, Map.of("type", "Both")));
        assertThat(f.getMessage()).contains("'Both'", "None", "SystemAssigned", "UserAssigned", "SystemAssigned,UserAssigned");
        TerminalFailure site = catchThrowableOfType(TerminalFailure.class, () -> AppIdentity.complete(SITE, Map.of("type", "Both")));
        assertThat(site.getMessage()).contains("SystemAssigned, UserAssigned");
    }

    @Test
    void noIdentityOrNoneIsStoredAsNoneWithoutIds() {
        assertThat(AppIdentity.complete(APP, null)).isEqualTo(Map.of("type", "None"));
        assertThat(AppIdentity.complete(APP, Map.of("type", "none", "principalId", "p", "tenantId", "t")))
                .isEqualTo(Map.of("type", "None"));
        assertThat(AppIdentity.complete(APP, Map.of("type", "None", "userAssignedIdentities", Map.of())))
                .isEqualTo(Map.of("type", "None"));
    }

    @Test
    void theSystemPrincipalIsStableIgnoresCaseAndWhatTheClientSends() {
        ResourceId upper = ResourceId.parse(APP.toString().toUpperCase());
        String principal = AppIdentity.systemPrincipalId(APP);
        assertThat(UUID.fromString(principal).toString()).isEqualTo(principal);
        assertThat(AppIdentity.systemPrincipalId(upper)).isEqualTo(principal);
        Map<String, Object> given = Map.of("type", "SystemAssigned", "principalId", "forged", "tenantId", "forged");
        assertThat(AppIdentity.complete(APP, given)).isEqualTo(AppIdentity.complete(upper, Map.of("type", "systemassigned")))
                .containsEntry("principalId", principal).containsEntry("tenantId", AppIdentity.TENANT_ID);
        assertThat(AppIdentity.systemPrincipalId(SITE)).as("another app").isNotEqualTo(principal);
        assertThat(AppIdentity.systemPrincipalId(APP.parent().child("containerApps", "web2"))).isNotEqualTo(principal);
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachUserAssignedIdentityGetsItsOwnPrincipalAndClientIds() {
        Map<String, Object> users = new LinkedHashMap<>();
        users.put(UAI, Map.of("principalId", "forged", "clientId", "forged"));
        users.put(UAI2.replace("resourceGroups", "resourcegroups"), Map.of());
        Map<String, Object> out = AppIdentity.complete(APP, Map.of("type", "SystemAssigned, UserAssigned", "userAssignedIdentities", users));
        Map<String, Map<String, Object>> stored = (Map<String, Map<String, Object>>) out.get("userAssignedIdentities");
        assertThat(stored).containsOnlyKeys(UAI, UAI2);
        Map<String, Object> first = stored.get(UAI);
        Map<String, Object> second = stored.get(UAI2);
        assertThat(first).containsOnlyKeys("principalId", "clientId")
                .containsEntry("principalId", AppIdentity.userAssignedPrincipalId(ResourceId.parse(UAI)))
                .containsEntry("clientId", AppIdentity.userAssignedClientId(ResourceId.parse(UAI.toLowerCase())));
        Set<Object> ids = Set.of(first.get("principalId"), first.get("clientId"), second.get("principalId"),
                second.get("clientId"), out.get("principalId"), AppIdentity.TENANT_ID);
        assertThat(ids).as("all distinct").hasSize(6).allSatisfy(id -> UUID.fromString((String) id));
        Map<String, Object> onSite = AppIdentity.complete(SITE, Map.of("type", "UserAssigned", "userAssignedIdentities", Map.of(UAI, Map.of())));
        assertThat(onSite.get("userAssignedIdentities")).as("one principal per identity, whichever app")
                .isEqualTo(Map.of(UAI, first));
    }

    private static Map<String, Object> users(String key) {
        return Map.of("type", "UserAssigned", "userAssignedIdentities", Map.of(key, Map.of()));
    }
}
