package dev.switchboard.core.deploy;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static dev.switchboard.core.deploy.Templates.RG;
import static dev.switchboard.core.deploy.Templates.SCOPE;
import static dev.switchboard.core.deploy.Templates.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Whole templates expanded and deployed against a store of bodies that grows as each resource is "PUT". */
class TemplateEngineTest {
    static final String SERVER = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg-shop";
    static final String DB = SERVER + "/databases/orders";
    static final String APP = RG + "/providers/Microsoft.App/containerApps/shop";
    static final String LINKER = APP + "/providers/Microsoft.ServiceLinker/linkers/db";

    /** A PostgreSQL server with a nested database, a container app that reads the server's FQDN, and a linker on the app. */
    static final String SHOP = """
            {`$schema`: `https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#`,
             `contentVersion`: `1.0.0.0`,
             `parameters`: {
               `serverName`: {`type`: `string`, `minLength`: 3, `maxLength`: 63},
               `adminPassword`: {`type`: `securestring`},
               `location`: {`type`: `string`, `defaultValue`: `[resourceGroup().location]`},
               `sku`: {`type`: `string`, `defaultValue`: `Standard_B1ms`, `allowedValues`: [`Standard_B1ms`, `Standard_D2s_v3`]},
               `replicas`: {`type`: `int`, `defaultValue`: 1, `minValue`: 1, `maxValue`: 10}
             },
             `variables`: {
               `dbName`: `orders`,
               `appName`: `shop`,
               `serverId`: `[resourceId('Microsoft.DBforPostgreSQL/flexibleServers', parameters('serverName'))]`
             },
             `resources`: [
               {`type`: `Microsoft.ServiceLinker/linkers`, `apiVersion`: `2022-05-01`, `name`: `db`,
                `scope`: `[resourceId('Microsoft.App/containerApps', variables('appName'))]`,
                `properties`: {
                  `targetService`: {`type`: `AzureResource`,
                    `id`: `[resourceId('Microsoft.DBforPostgreSQL/flexibleServers/databases', parameters('serverName'), variables('dbName'))]`},
                  `authInfo`: {`authType`: `secret`, `name`: `app`, `secretInfo`: {`secretType`: `rawValue`, `value`: `[parameters('adminPassword')]`}},
                  `clientType`: `springBoot`}},
               {`type`: `Microsoft.App/containerApps`, `apiVersion`: `2024-03-01`, `name`: `[variables('appName')]`,
                `location`: `[parameters('location')]`,
                `tags`: {`owner`: `[[team]`},
                `properties`: {`template`: {
                  `containers`: [{`name`: `web`, `image`: `shop:1`,
                    `env`: [{`name`: `PGHOST`, `value`: `[reference(variables('serverId')).fullyQualifiedDomainName]`},
                            {`name`: `STATE`, `value`: `[reference(parameters('serverName'), '2022-12-01', 'Full').properties.state]`}]}],
                  `scale`: {`minReplicas`: `[parameters('replicas')]`}}}},
               {`type`: `Microsoft.DBforPostgreSQL/flexibleServers`, `apiVersion`: `2022-12-01`, `name`: `[parameters('serverName')]`,
                `location`: `[parameters('location')]`,
                `sku`: {`name`: `[parameters('sku')]`, `tier`: `Burstable`},
                `properties`: {`administratorLogin`: `admin`, `administratorLoginPassword`: `[parameters('adminPassword')]`, `version`: `16`},
                `resources`: [
                  {`type`: `databases`, `apiVersion`: `2022-12-01`, `name`: `[variables('dbName')]`,
                   `properties`: {`charset`: `UTF8`}}
                ]}
             ],
             `outputs`: {
               `fqdn`: {`type`: `string`, `value`: `[reference(variables('serverId')).fullyQualifiedDomainName]`},
               `appId`: {`type`: `string`, `value`: `[resourceId('Microsoft.App/containerApps', variables('appName'))]`},
               `password`: {`type`: `securestring`, `value`: `[parameters('adminPassword')]`}
             }}""";

    static Map<String, Object> shopParameters() {
        return json("{`serverName`: {`value`: `pg-shop`}, `adminPassword`: {`value`: `s3cret!`}, `replicas`: {`value`: 2}}");
    }

    /** What the engine would do: body, then store it as the provider answers it. */
    static Map<String, Map<String, Object>> deploy(TemplateEngine.Expanded x) {
        Map<String, Map<String, Object>> store = new HashMap<>();
        ReferenceResolver resolver = id -> Optional.ofNullable(store.get(id.toLowerCase(Locale.ROOT)));
        for (PlannedResource r : x.resources()) {
            Map<String, Object> stored = new LinkedHashMap<>(x.body(r, resolver));
            stored.put("id", r.id());
            stored.put("name", r.name());
            stored.put("type", r.type());
            if (r.type().endsWith("flexibleServers")) {
                stored.put("properties", Map.of("fullyQualifiedDomainName", r.name() + ".postgres.local", "state", "Ready"));
            }
            store.put(r.id().toLowerCase(Locale.ROOT), stored);
        }
        return store;
    }

    @Test
    void plansTheShopInDependencyOrderWithIdsAndImplicitDependencies() {
        TemplateEngine.Expanded x = TemplateEngine.expand(json(SHOP), shopParameters(), SCOPE);

        assertThat(x.resources()).extracting(PlannedResource::id).containsExactly(SERVER, APP, DB, LINKER); // ties: template order
        assertThat(x.resources()).extracting(PlannedResource::type).containsExactly("Microsoft.DBforPostgreSQL/flexibleServers",
                "Microsoft.App/containerApps", "Microsoft.DBforPostgreSQL/flexibleServers/databases", "Microsoft.ServiceLinker/linkers");
        assertThat(x.resources()).extracting(PlannedResource::name).containsExactly("pg-shop", "shop", "pg-shop/orders", "db");
        assertThat(x.resources()).extracting(PlannedResource::templatePath)
                .containsExactly("resources[2]", "resources[1]", "resources[2].resources[0]", "resources[0]");
        assertThat(x.resources().get(1).dependsOn()).containsExactly(SERVER); // reference() by ID and by name
        assertThat(x.resources().get(2).dependsOn()).containsExactly(SERVER); // the parent
        assertThat(x.resources().get(3).dependsOn()).containsExactly(APP, DB); // its scope and resourceId(), in template order
        assertThat(x.resources().get(3).apiVersion()).isEqualTo("2022-05-01");
    }

    @Test
    void bodiesAreEvaluatedAtDeployTimeWithReferencesAnswered() {
        TemplateEngine.Expanded x = TemplateEngine.expand(json(SHOP), shopParameters(), SCOPE);
        Map<String, Map<String, Object>> store = deploy(x);

        Map<String, Object> app = store.get(APP.toLowerCase(Locale.ROOT));
        assertThat(app).containsKeys("location", "tags", "properties").doesNotContainKeys("apiVersion", "dependsOn", "condition", "copy");
        assertThat(app.get("location")).isEqualTo("westeurope");
        assertThat(app.get("tags")).isEqualTo(Map.of("owner", "[team]"));
        assertThat(app.get("properties")).isEqualTo(json("""
                {`template`: {`containers`: [{`name`: `web`, `image`: `shop:1`,
                   `env`: [{`name`: `PGHOST`, `value`: `pg-shop.postgres.local`}, {`name`: `STATE`, `value`: `Ready`}]}],
                 `scale`: {`minReplicas`: 2}}}"""));
        Map<String, Object> linker = store.get(LINKER.toLowerCase(Locale.ROOT));
        assertThat(linker).doesNotContainKey("scope");
        assertThat(Values.json(linker.get("properties"))).contains("\"id\":\"" + DB + "\"").contains("\"value\":\"s3cret!\"");
        assertThat(store.get(DB.toLowerCase(Locale.ROOT))).containsEntry("properties", Map.of("charset", "UTF8")).doesNotContainKey("resources");
    }

    @Test
    void outputsAndParametersAreEchoedWithoutSecrets() {
        TemplateEngine.Expanded x = TemplateEngine.expand(json(SHOP), shopParameters(), SCOPE);
        Map<String, Map<String, Object>> store = deploy(x);
        Map<String, Object> outputs = x.outputs(id -> Optional.ofNullable(store.get(id.toLowerCase(Locale.ROOT))));

        assertThat(outputs).containsEntry("fqdn", "pg-shop.postgres.local").containsEntry("appId", APP);
        assertThat(x.outputsEcho(outputs)).containsEntry("fqdn", Map.of("type", "String", "value", "pg-shop.postgres.local"))
                .containsEntry("password", Map.of("type", "SecureString"));
        assertThat(x.parameterValues()).containsEntry("serverName", "pg-shop").containsEntry("adminPassword", null)
                .containsEntry("location", "westeurope").containsEntry("sku", "Standard_B1ms").containsEntry("replicas", 2L);
        assertThat(x.parametersEcho()).containsEntry("adminPassword", Map.of("type", "SecureString"))
                .containsEntry("replicas", Map.of("type", "Int", "value", 2L));
        assertThat(Values.json(x.parametersEcho())).doesNotContain("s3cret!");
    }

    @Test
    void copyLoopsNameEachInstanceAndSerialBatchesWaitForTheOneBefore() {
        Map<String, Object> t = json("""
                {`parameters`: {`count`: {`type`: `int`, `defaultValue`: 5}},
                 `resources`: [
                   {`type`: `Microsoft.Cache/redis`, `apiVersion`: `2023-08-01`, `name`: `[format('cache{0:D2}', copyIndex(1))]`,
                    `copy`: {`name`: `caches`, `count`: `[parameters('count')]`, `mode`: `Serial`, `batchSize`: 2},
                    `properties`: {`shard`: `[copyIndex()]`, `loop`: `[copyIndex('caches', 10)]`}},
                   {`type`: `Microsoft.App/containerApps`, `apiVersion`: `2024-03-01`, `name`: `app`, `dependsOn`: [`caches`]}
                 ]}""");
        TemplateEngine.Expanded x = TemplateEngine.expand(t, null, SCOPE);

        List<String> names = x.resources().stream().map(PlannedResource::name).toList();
        assertThat(names).containsExactly("cache01", "cache02", "cache03", "cache04", "cache05", "app");
        String cache = RG + "/providers/Microsoft.Cache/redis/cache";
        assertThat(x.resources().get(2).dependsOn()).containsExactly(cache + "01", cache + "02");
        assertThat(x.resources().get(4).dependsOn()).containsExactly(cache + "03", cache + "04");
        assertThat(x.resources().get(5).dependsOn()).hasSize(5);
        assertThat(x.body(x.resources().get(3), id -> Optional.empty())).containsEntry("properties", Map.of("shard", 3L, "loop", 13L));
    }

    @Test
    void conditionsDropResourcesAndTheDependenciesOnThem() {
        Map<String, Object> t = json("""
                {`parameters`: {`withCache`: {`type`: `bool`, `defaultValue`: false}},
                 `resources`: [
                   {`type`: `Microsoft.App/containerApps`, `apiVersion`: `2024-03-01`, `name`: `app`, `dependsOn`: [`cache`, `[concat('vm', 1)]`]},
                   {`condition`: `[parameters('withCache')]`, `type`: `Microsoft.Cache/redis`, `apiVersion`: `2023-08-01`, `name`: `cache`,
                    `resources`: [{`type`: `firewallRules`, `apiVersion`: `2023-08-01`, `name`: `all`}]},
                   {`condition`: `[equals(mod(copyIndex(), 2), 1)]`, `type`: `Microsoft.Compute/virtualMachines`, `apiVersion`: `2024-03-01`,
                    `name`: `[concat('vm', copyIndex())]`, `copy`: {`name`: `vms`, `count`: 4}}
                 ]}""");
        TemplateEngine.Expanded x = TemplateEngine.expand(t, null, SCOPE);

        assertThat(x.resources()).extracting(PlannedResource::name).containsExactly("vm1", "app", "vm3");
        assertThat(x.resources().get(1).dependsOn()).containsExactly(RG + "/providers/Microsoft.Compute/virtualMachines/vm1");

        TemplateEngine.Expanded on = TemplateEngine.expand(t, json("{`withCache`: {`value`: true}}"), SCOPE);
        assertThat(on.resources()).extracting(PlannedResource::name).containsExactly("cache", "cache/all", "vm1", "app", "vm3");
    }

    @Test
    void dependsOnAcceptsIdsTypeAndNameAndPlainNamesAndKeepsTemplateOrderForTies() {
        Map<String, Object> t = json("""
                {`resources`: [
                   {`type`: `Microsoft.Web/sites`, `apiVersion`: `1`, `name`: `d`, `dependsOn`: [`Microsoft.Web/serverfarms/plan`]},
                   {`type`: `Microsoft.Web/sites`, `apiVersion`: `1`, `name`: `c`},
                   {`type`: `Microsoft.Web/sites`, `apiVersion`: `1`, `name`: `b`, `dependsOn`: [`[resourceId('Microsoft.Web/sites', 'd')]`]},
                   {`type`: `Microsoft.Web/serverfarms`, `apiVersion`: `1`, `name`: `plan`},
                   {`type`: `Microsoft.Web/sites/config`, `apiVersion`: `1`, `name`: `c/web`, `dependsOn`: [`C`]},
                   {`type`: `Microsoft.Web/sites`, `apiVersion`: `1`, `name`: `a`, `dependsOn`: [`c/web`]}
                 ]}""");
        TemplateEngine.Expanded x = TemplateEngine.expand(t, Map.of(), SCOPE);

        assertThat(x.resources()).extracting(PlannedResource::name).containsExactly("c", "plan", "d", "b", "c/web", "a");
        assertThat(x.resources().get(4).dependsOn()).containsExactly(RG + "/providers/Microsoft.Web/sites/c");
        assertThat(x.resources().get(5).dependsOn()).containsExactly(RG + "/providers/Microsoft.Web/sites/c/config/web");
    }

    @Test
    void nestedChildrenTakeFullTypesAndNamesAndExtensionScopesMayBeRelative() {
        Map<String, Object> t = json("""
                {`resources`: [
                   {`type`: `Microsoft.DBforPostgreSQL/flexibleServers`, `apiVersion`: `1`, `name`: `srv`, `resources`: [
                      {`type`: `Microsoft.DBforPostgreSQL/flexibleServers/databases`, `apiVersion`: `1`, `name`: `srv/full`},
                      {`type`: `firewallRules`, `apiVersion`: `1`, `name`: `[concat('rule', copyIndex())]`, `copy`: {`name`: `rules`, `count`: 2}}]},
                   {`type`: `Microsoft.Authorization/locks`, `apiVersion`: `1`, `name`: `lock`, `scope`: `Microsoft.DBforPostgreSQL/flexibleServers/srv`}
                 ]}""");
        TemplateEngine.Expanded x = TemplateEngine.expand(t, null, SCOPE);

        String srv = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/srv";
        assertThat(x.resources()).extracting(PlannedResource::id).containsExactly(srv, srv + "/databases/full",
                srv + "/firewallRules/rule0", srv + "/firewallRules/rule1", srv + "/providers/Microsoft.Authorization/locks/lock");
        assertThat(x.resources()).allSatisfy(r -> assertThat(r.dependsOn()).isEqualTo(r.id().equals(srv) ? List.of() : List.of(srv)));
    }

    @Test
    void propertyVariableAndOutputCopiesBuildArrays() {
        Map<String, Object> t = json("""
                {`variables`: {`copy`: [{`name`: `ports`, `count`: 3, `input`: `[add(8000, copyIndex('ports'))]`}],
                               `base`: `disk`},
                 `resources`: [
                   {`type`: `Microsoft.Compute/virtualMachines`, `apiVersion`: `1`, `name`: `vm`,
                    `properties`: {`storageProfile`: {`copy`: [{`name`: `dataDisks`, `count`: 2,
                                     `input`: {`name`: `[concat(variables('base'), copyIndex('dataDisks'))]`, `lun`: `[copyIndex('dataDisks')]`}}]},
                                   `ports`: `[variables('ports')]`}}
                 ],
                 `outputs`: {`names`: {`type`: `array`, `copy`: {`count`: 2, `input`: `[concat('n', copyIndex())]`}},
                             `skipped`: {`condition`: `[false()]`, `type`: `int`, `value`: `[div(1, 0)]`}}}""");
        TemplateEngine.Expanded x = TemplateEngine.expand(t, null, SCOPE);

        Map<String, Object> body = x.body(x.resources().get(0), id -> Optional.empty());
        assertThat(Values.json(body.get("properties"))).isEqualTo(
                "{\"storageProfile\":{\"dataDisks\":[{\"name\":\"disk0\",\"lun\":0},{\"name\":\"disk1\",\"lun\":1}]},\"ports\":[8000,8001,8002]}");
        assertThat(x.outputs(id -> Optional.empty())).isEqualTo(Map.of("names", List.of("n0", "n1")));
    }

    @Test
    void parameterDefaultsMayUseOtherParametersAndNamesAreCaseInsensitive() {
        Map<String, Object> t = json("""
                {`parameters`: {`prefix`: {`type`: `string`, `defaultValue`: `[concat(parameters('ENV'), '-', uniqueString(resourceGroup().id))]`},
                                `env`: {`type`: `string`, `allowedValues`: [`dev`, `prod`]},
                                `zones`: {`type`: `array`, `defaultValue`: [1, 2], `allowedValues`: [1, 2, 3]}},
                 `resources`: [{`type`: `Microsoft.Storage/storageAccounts`, `apiVersion`: `1`, `name`: `[parameters('Prefix')]`}]}""");
        TemplateEngine.Expanded x = TemplateEngine.expand(t, json("{`ENV`: {`value`: `dev`}}"), SCOPE);

        assertThat(x.resources().get(0).name()).isEqualTo("dev-" + TemplateHashes.uniqueString(List.of(RG)));
        assertThat(x.parameterValues()).containsEntry("zones", List.of(1L, 2L));
    }
}
