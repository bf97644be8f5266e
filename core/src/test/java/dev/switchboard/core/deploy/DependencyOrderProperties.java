package dev.switchboard.core.deploy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static dev.switchboard.core.deploy.Templates.RG;
import static dev.switchboard.core.deploy.Templates.SCOPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Random dependency graphs written the ways a template can say "after that one" (dependsOn by name, "type/name",
 * resourceId() or a full ID; reference() or resourceId() in properties): every resource comes after all it depends
 * on, in exactly the order "earliest in the template among those ready"; a graph with a cycle is refused naming one.
 */
class DependencyOrderProperties {
    /** Resource i's edges: to -> how it is written (1..5). Resources alternate between two types. */
    record Graph(int n, Map<Integer, Map<Integer, Integer>> edges) { }

    static String type(int i) {
        return i % 2 == 0 ? "Microsoft.Web/sites" : "Microsoft.Cache/redis";
    }

    static String id(int i) {
        return RG + "/providers/" + type(i) + "/r" + i;
    }

    @Provide
    Arbitrary<Graph> dags() {
        return Arbitraries.integers().between(1, 12).flatMap(n -> Combinators.combine(
                Arbitraries.shuffle(IntStream.range(0, n).boxed().toList()),
                Arbitraries.integers().between(0, 9).list().ofSize(n * n)).as((rank, codes) -> {
                    Map<Integer, Map<Integer, Integer>> edges = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        edges.put(i, new LinkedHashMap<>());
                        for (int j = 0; j < n; j++) {
                            int code = codes.get(i * n + j);
                            if (rank.get(j) < rank.get(i) && code >= 5) edges.get(i).put(j, code - 4);
                        }
                    }
                    return new Graph(n, edges);
                }));
    }

    static Map<String, Object> template(Graph g) {
        List<Object> resources = new ArrayList<>();
        for (int i = 0; i < g.n(); i++) {
            List<Object> dependsOn = new ArrayList<>();
            Map<String, Object> props = new LinkedHashMap<>();
            g.edges().get(i).forEach((j, how) -> {
                switch (how) {
                    case 1 -> dependsOn.add("r" + j);
                    case 2 -> dependsOn.add(type(j) + "/r" + j);
                    case 3 -> dependsOn.add("[resourceId('" + type(j) + "', 'r" + j + "')]");
                    case 4 -> props.put("ref" + j, "[reference('r" + j + "').x]");
                    default -> props.put("id" + j, "[resourceId('" + type(j) + "', concat('r', '" + j + "'))]");
                }
            });
            Map<String, Object> r = new LinkedHashMap<>(Map.of("type", type(i), "apiVersion", "1", "name", "r" + i));
            r.put("dependsOn", dependsOn);
            r.put("properties", props);
            resources.add(r);
        }
        return Map.of("resources", resources);
    }

    @Property(tries = 300)
    void everyResourceComesAfterWhatItDependsOnAndTiesKeepTemplateOrder(@ForAll("dags") Graph g) {
        List<PlannedResource> planned = TemplateEngine.expand(template(g), null, SCOPE).resources();

        List<String> order = planned.stream().map(PlannedResource::id).toList();
        assertThat(order).containsExactlyElementsOf(expectedOrder(g));
        Set<String> seen = new HashSet<>();
        for (PlannedResource r : planned) {
            assertThat(seen).containsAll(r.dependsOn());
            int i = Integer.parseInt(r.name().substring(1));
            assertThat(r.dependsOn()).containsExactlyInAnyOrderElementsOf(g.edges().get(i).keySet().stream().map(DependencyOrderProperties::id).toList());
            seen.add(r.id());
        }
    }

    /** The reference: repeatedly take the first resource in template order whose dependencies are all placed. */
    static List<String> expectedOrder(Graph g) {
        List<String> out = new ArrayList<>();
        Set<Integer> placed = new HashSet<>();
        while (placed.size() < g.n()) {
            for (int i = 0; i < g.n(); i++) {
                if (!placed.contains(i) && placed.containsAll(g.edges().get(i).keySet())) {
                    placed.add(i);
                    out.add(id(i));
                    break;
                }
            }
        }
        return out;
    }

    @Property(tries = 200)
    void aCycleIsRefusedNamingOne(@ForAll("dags") Graph g, @ForAll("pairs") List<Integer> pair) {
        int a = pair.get(0) % g.n();
        int b = pair.get(1) % g.n();
        // Close a cycle: b already (transitively or not) may reach a; make a depend on b and b on a.
        g.edges().get(a).put(b, 1);
        g.edges().get(b).put(a, 3);

        TemplateException e = catchThrowableOfType(TemplateException.class, () -> TemplateEngine.expand(template(g), null, SCOPE));

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo("CircularDependency");
        String[] ring = e.getMessage().substring(e.getMessage().indexOf(": ", e.getMessage().indexOf("cycle")) + 2).split(" -> ");
        assertThat(ring[0]).isEqualTo(ring[ring.length - 1]);
        for (int k = 0; k + 1 < ring.length; k++) {
            int from = Integer.parseInt(ring[k].substring(1, ring[k].indexOf(' ')));
            int to = Integer.parseInt(ring[k + 1].substring(1, ring[k + 1].indexOf(' ')));
            assertThat(g.edges().get(from)).as("each step of the named cycle is a real dependency").containsKey(to);
        }
        assertThat(e.path()).isEqualTo("resources[" + Integer.parseInt(ring[0].substring(1, ring[0].indexOf(' '))) + "]");
    }

    @Provide
    Arbitrary<List<Integer>> pairs() {
        return Arbitraries.integers().between(0, 1000).list().ofSize(2);
    }
}
