package dev.switchboard.core.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

/** Orders resources so each comes after everything it depends on; among those ready, template order decides. */
final class DependencyOrder {
    private DependencyOrder() { }

    /**
     * @param deps     every node (an instance order) and the nodes it depends on (all of them keys too)
     * @param describe how to name a node in a cycle's message
     * @param pathOf   the template path of a node, for the error
     */
    static List<Integer> sort(Map<Integer, Set<Integer>> deps, IntFunction<String> describe, IntFunction<String> pathOf) {
        Map<Integer, Integer> waitingOn = new HashMap<>();
        Map<Integer, List<Integer>> dependents = new HashMap<>();
        TreeSet<Integer> ready = new TreeSet<>();
        deps.forEach((node, on) -> {
            waitingOn.put(node, on.size());
            for (Integer d : on) dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(node);
            if (on.isEmpty()) ready.add(node);
        });
        List<Integer> order = new ArrayList<>(deps.size());
        while (!ready.isEmpty()) {
            int next = ready.pollFirst();
            order.add(next);
            for (Integer dependent : dependents.getOrDefault(next, List.of())) {
                if (waitingOn.merge(dependent, -1, Integer::sum) == 0) ready.add(dependent);
            }
        }
        if (order.size() < deps.size()) throw cycle(deps, waitingOn, describe, pathOf);
        return order;
    }

    /** Every node left waits on another node left; following those edges from the first must come back round. */
    private static TemplateException cycle(Map<Integer, Set<Integer>> deps, Map<Integer, Integer> waitingOn,
                                           IntFunction<String> describe, IntFunction<String> pathOf) {
        Set<Integer> left = new TreeSet<>();
        waitingOn.forEach((node, n) -> {
            if (n > 0) left.add(node);
        });
        LinkedHashSet<Integer> walk = new LinkedHashSet<>();
        int at = left.iterator().next();
        while (walk.add(at)) {
            at = deps.get(at).stream().filter(left::contains).min(Integer::compare).orElseThrow();
        }
        List<Integer> path = new ArrayList<>(walk);
        List<Integer> ring = new ArrayList<>(path.subList(path.indexOf(at), path.size()));
        ring.add(at);
        List<String> names = ring.stream().map(describe::apply).toList();
        return new TemplateException(TemplateException.CIRCULAR_DEPENDENCY, pathOf.apply(ring.get(0)),
                "resources depend on each other in a cycle: " + String.join(" -> ", names));
    }
}
