package dev.switchboard.app.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Prints results: one target in the long form {@code bench} always had, several as one table. */
public final class BenchReport {
    private final PrintWriter out;

    public BenchReport(PrintWriter out) {
        this.out = out;
    }

    /** The long form for one target: engine and floor p50/p95, the ratio, and what was left behind. */
    public void single(BenchRun.Result r, int warmup) {
        out.printf("connection create, %d runs after %d warm-up (%s, app restart excluded)%n", r.count(), warmup, r.description());
        out.printf("%-28s %10s %10s%n", "", "p50 ms", "p95 ms");
        out.printf("%-28s %10.2f %10.2f%n", "switchboard (engine)", percentile(r.engine(), 50), percentile(r.engine(), 95));
        out.printf("%-28s %10.2f %10.2f%n", "raw floor (same admin work)", percentile(r.floor(), 50), percentile(r.floor(), 95));
        out.printf("%-28s %10.2f %10.2f%n", "ratio", ratio(r, 50), ratio(r, 95));
        out.printf("left on the target: %d%s%n", r.left().size(), r.left().isEmpty() ? "" : " " + r.left());
        out.flush();
    }

    /** One line per target; a skipped target gets its reason instead of numbers. */
    public void table(List<BenchRun.Result> results, List<String> skipped, int warmup) {
        out.printf("connection create, after %d warm-up each, app restart excluded (times in ms)%n", warmup);
        out.printf("%-9s %5s %11s %11s %11s %11s %9s %9s %5s%n",
                "target", "N", "engine p50", "engine p95", "floor p50", "floor p95", "ratio p50", "ratio p95", "left");
        for (BenchRun.Result r : results) {
            out.printf("%-9s %5d %11.2f %11.2f %11.2f %11.2f %9.2f %9.2f %5d%n", r.target(), r.count(),
                    percentile(r.engine(), 50), percentile(r.engine(), 95), percentile(r.floor(), 50), percentile(r.floor(), 95),
                    ratio(r, 50), ratio(r, 95), r.left().size());
        }
        for (String s : skipped) out.println(s);
        out.flush();
    }

    private static double ratio(BenchRun.Result r, int p) {
        return percentile(r.engine(), p) / percentile(r.floor(), p);
    }

    /** Nearest-rank percentile, in milliseconds. */
    public static double percentile(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1_000_000.0;
    }
}
