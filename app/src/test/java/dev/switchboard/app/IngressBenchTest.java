package dev.switchboard.app;

import dev.switchboard.app.bench.BenchReport;
import dev.switchboard.app.bench.IngressBench;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class IngressBenchTest {

    @Test
    void measuresEveryRequestBothWaysAndReportsWhatTheIngressAdds() throws Exception {
        IngressBench.Result r = IngressBench.run(200, 50);
        assertThat(r.direct()).hasSize(200).allMatch(n -> n > 0);
        assertThat(r.proxied()).hasSize(200).allMatch(n -> n > 0);
        // A proxy is one more hop: through it can only be slower at the median.
        assertThat(BenchReport.percentile(r.proxied(), 50)).isGreaterThan(BenchReport.percentile(r.direct(), 50));
        StringWriter text = new StringWriter();
        IngressBench.report(r, new PrintWriter(text));
        assertThat(text.toString()).contains("direct to the app", "through the ingress").containsPattern("added by the ingress: \\d+\\.\\d{3} ms p50");
    }
}
