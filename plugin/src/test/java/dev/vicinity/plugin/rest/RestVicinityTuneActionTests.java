package dev.vicinity.plugin.rest;

import dev.vicinity.eval.EvaluationAccumulator;

import org.elasticsearch.common.Strings;
import org.elasticsearch.test.ESTestCase;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.json.JsonXContent;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;

/** The tune endpoint's answer when the target was not reached: it says so, and what the best measured was. */
public class RestVicinityTuneActionTests extends ESTestCase {

    private static TuneRun.Point point(long probes, double recall) {
        return new TuneRun.Point(probes, Map.of("probes", probes),
            new EvaluationAccumulator.Summary(50, 10, recall, recall, 0.01, 50, 10, 1.0, 2.0, 0.5, 300));
    }

    private static String render(TuneRun.Result result) throws IOException {
        XContentBuilder builder = JsonXContent.contentBuilder();
        RestVicinityTuneAction.toXContent(builder, result);
        return Strings.toString(builder);
    }

    public void testNotReachedSaysSoWithTheBestMeasured() throws IOException {
        List<TuneRun.Point> curve = List.of(point(64, 0.9), point(65536, 0.97));
        String json = render(new TuneRun.Result("l", "lsh", "probes", 0.99, 10, false, 50, false, curve.get(1), curve, false, 1200));
        assertThat(json, containsString("\"reached\":false"));
        assertThat(json, containsString("\"message\":\"no setting of [probes] reached recall@10 0.99 on these queries; the best measured is 0.9700 at {probes=65536}\""));
        assertThat(json, containsString("\"query_mode\":\"sampled_documents\""));
        assertThat(json, containsString("\"chosen\":{\"query_params\":{\"probes\":65536},\"recall\":0.97"));

        String timedOut = render(new TuneRun.Result("l", "lsh", "probes", 0.99, 10, true, 50, false, curve.get(1), curve, true, 60_001));
        assertThat(timedOut, containsString("the time budget ran out before any setting of [probes] reached recall@10 0.99"));
        assertThat(timedOut, containsString("\"query_mode\":\"supplied_queries\""));
        assertThat(timedOut, containsString("\"timed_out\":true"));
    }

    public void testReachedHasNoMessage() throws IOException {
        List<TuneRun.Point> curve = List.of(point(32, 0.94), point(64, 0.96));
        String json = render(new TuneRun.Result("l", "lsh", "probes", 0.95, 10, false, 50, true, curve.get(1), curve, false, 800));
        assertThat(json, containsString("\"reached\":true"));
        assertFalse(json, json.contains("message"));
    }
}
