package dev.vicinity.bench;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * One HTTP client of the node: a {@link HttpClient} of its own, used by one thread at a time, so its requests go one
 * after the other over one persistent (keep-alive) HTTP/1.1 connection, as one client of a search service sends them.
 * Answers other than 2xx are {@link IOException}s quoting the node's answer.
 */
final class EsClient implements Closeable {

    private static final Duration SEARCH_TIMEOUT = Duration.ofSeconds(60);
    /** Bulk requests, refreshes and force merges of a big index wait for the vector structures to be built. */
    private static final Duration ADMIN_TIMEOUT = Duration.ofHours(2);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final String address;

    EsClient(String address) {
        this.address = address;
    }

    Map<String, Object> get(String path) throws IOException {
        return Json.parseObject(send("GET", path, null, "application/json", ADMIN_TIMEOUT));
    }

    Map<String, Object> put(String path, String json) throws IOException {
        return Json.parseObject(send("PUT", path, json, "application/json", ADMIN_TIMEOUT));
    }

    Map<String, Object> post(String path, String json) throws IOException {
        return Json.parseObject(send("POST", path, json, "application/json", ADMIN_TIMEOUT));
    }

    /** A {@code _bulk} request; items that failed make it an {@link IOException} naming the first failure. */
    void bulk(String path, String ndjson) throws IOException {
        Map<String, Object> response = Json.parseObject(send("POST", path, ndjson, "application/x-ndjson", ADMIN_TIMEOUT));
        if (Boolean.TRUE.equals(response.get("errors"))) {
            String body = response.toString();
            throw new IOException("bulk request to " + path + " had failed items: " + body.substring(0, Math.min(1000, body.length())));
        }
    }

    /** DELETE that takes a missing resource (404) as done. */
    void deleteIfExists(String path) throws IOException {
        HttpResponse<String> response = raw("DELETE", path, null, "application/json", ADMIN_TIMEOUT);
        if (response.statusCode() != 200 && response.statusCode() != 404) {
            throw new IOException("DELETE " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** A search, the response's body returned unparsed so that the caller times the request alone. */
    String search(String path, String body) throws IOException {
        return send("POST", path, body, "application/json", SEARCH_TIMEOUT);
    }

    private String send(String method, String path, String body, String contentType, Duration timeout) throws IOException {
        HttpResponse<String> response = raw(method, path, body, contentType, timeout);
        if (response.statusCode() / 100 != 2) {
            String answer = response.body();
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + answer.substring(0, Math.min(2000, answer.length())));
        }
        return response.body();
    }

    private HttpResponse<String> raw(String method, String path, String body, String contentType, Duration timeout) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(address + path))
            .timeout(timeout)
            .header("Content-Type", contentType)
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + method + " " + path, e);
        }
    }

    /** Waits for the client's threads to end (and its connection to close). */
    @Override
    public void close() {
        http.close();
    }
}
