package dev.vicinity.it;

import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.common.xcontent.XContentHelper;
import org.elasticsearch.xcontent.XContentType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Plain JSON over the low-level REST client: what a user's curl sends and sees, statuses and error bodies included. */
final class HttpJsonSupport {

    /** A response: the HTTP status, the raw body and the body parsed as a JSON object. */
    record Reply(int status, String body, Map<String, Object> json) {

        /**
         * Every {@code reason} anywhere in an error body (root causes, caused-by chains, shard failures), one per line:
         * Elasticsearch puts the message of the exception the plugin threw somewhere in there.
         */
        String reasons() {
            List<String> reasons = new ArrayList<>();
            collectReasons(json, reasons);
            StringJoiner joined = new StringJoiner("\n");
            reasons.forEach(joined::add);
            return joined.toString();
        }

        @SuppressWarnings("unchecked")
        <T> T at(String... path) {
            Object node = json;
            for (String key : path) {
                if (node instanceof Map<?, ?> map) {
                    node = map.get(key);
                } else if (node instanceof List<?> list) {
                    node = list.get(Integer.parseInt(key));
                } else {
                    throw new AssertionError("no [" + String.join(".", path) + "] in " + body);
                }
            }
            return (T) node;
        }
    }

    private HttpJsonSupport() {}

    static Reply send(RestClient client, String method, String path, String json) {
        Request request = new Request(method, path);
        if (json != null) {
            request.setJsonEntity(json);
        }
        Response response;
        try {
            response = client.performRequest(request);
        } catch (ResponseException e) {
            response = e.getResponse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            String body = response.getEntity() == null ? "" : new String(response.getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, Object> parsed = body.isEmpty() || body.startsWith("{") == false ? Map.of()
                : XContentHelper.convertToMap(XContentType.JSON.xContent(), body, false);
            return new Reply(response.getStatusLine().getStatusCode(), body, parsed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends and asserts a 2xx answer. */
    static Reply ok(RestClient client, String method, String path, String json) {
        Reply reply = send(client, method, path, json);
        assertThat(method + " " + path + " answered " + reply.body(), reply.status() / 100, equalTo(2));
        return reply;
    }

    /**
     * Sends and asserts a 400 whose error reasons contain every fragment (typically the parameter or field name and the
     * offending value, in brackets as the house style puts them).
     */
    static Reply badRequest(RestClient client, String method, String path, String json, String... fragments) {
        return refused(client, 400, method, path, json, fragments);
    }

    /** Sends and asserts an error with {@code status} whose error reasons contain every fragment. */
    static Reply refused(RestClient client, int status, String method, String path, String json, String... fragments) {
        Reply reply = send(client, method, path, json);
        String what = method + " " + path + " " + json + "\n answered " + reply.body();
        assertThat("status of " + what, reply.status(), equalTo(status));
        assertThat("status field of " + what, reply.json().get("status"), equalTo(status));
        String reasons = reply.reasons();
        for (String fragment : fragments) {
            assertThat("error reasons of " + what, reasons, containsString(fragment));
        }
        return reply;
    }

    /** The number of searchable documents of {@code index}, after a refresh. */
    static long count(RestClient client, String index) {
        ok(client, "POST", "/" + index + "/_refresh", null);
        Number count = ok(client, "GET", "/" + index + "/_count", null).at("count");
        return count.longValue();
    }

    /**
     * Runs every check and fails once at the end listing all that failed, so one run shows every bad message rather
     * than only the first.
     */
    static void allOf(List<Runnable> checks) {
        List<String> failures = new ArrayList<>();
        for (Runnable check : checks) {
            try {
                check.run();
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        if (failures.isEmpty() == false) {
            throw new AssertionError(failures.size() + " of " + checks.size() + " checks failed:\n\n" + String.join("\n\n", failures));
        }
    }

    static String vectorJson(float[] vector) {
        StringJoiner joiner = new StringJoiner(",", "[", "]");
        for (float v : vector) {
            joiner.add(Float.toString(v));
        }
        return joiner.toString();
    }

    @SuppressWarnings("unchecked")
    private static void collectReasons(Object node, List<String> into) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if ("reason".equals(entry.getKey()) && entry.getValue() instanceof String reason) {
                    into.add(reason);
                } else {
                    collectReasons(entry.getValue(), into);
                }
            }
        } else if (node instanceof List<?> list) {
            for (Object item : list) {
                collectReasons(item, into);
            }
        }
    }
}
