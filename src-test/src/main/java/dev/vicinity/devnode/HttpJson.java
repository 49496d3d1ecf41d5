package dev.vicinity.devnode;

import org.elasticsearch.common.xcontent.XContentHelper;
import org.elasticsearch.xcontent.XContentType;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A minimal JSON-over-HTTP client for the demo: plain {@link HttpClient}, responses parsed by Elasticsearch's own x-content. */
final class HttpJson {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    HttpJson(String base) {
        this.base = base;
    }

    Map<String, Object> get(String path) throws IOException {
        return send("GET", path, null, "application/json");
    }

    String getText(String path) throws IOException {
        return raw("GET", path, null, "application/json").body();
    }

    Map<String, Object> put(String path, String json) throws IOException {
        return send("PUT", path, json, "application/json");
    }

    Map<String, Object> post(String path, String json) throws IOException {
        return send("POST", path, json, "application/json");
    }

    Map<String, Object> bulk(String path, String ndjson) throws IOException {
        Map<String, Object> response = send("POST", path, ndjson, "application/x-ndjson");
        if (Boolean.TRUE.equals(response.get("errors"))) {
            throw new IOException("bulk request had errors: " + response);
        }
        return response;
    }

    /** DELETE that tolerates a missing resource (404). */
    void deleteIfExists(String path) throws IOException {
        HttpResponse<String> response = raw("DELETE", path, null, "application/json");
        if (response.statusCode() != 200 && response.statusCode() != 404) {
            throw new IOException("DELETE " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private Map<String, Object> send(String method, String path, String body, String contentType) throws IOException {
        HttpResponse<String> response = raw(method, path, body, contentType);
        if (response.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return XContentHelper.convertToMap(XContentType.JSON.xContent(), response.body(), true);
    }

    private HttpResponse<String> raw(String method, String path, String body, String contentType) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofMinutes(2))
            .header("Content-Type", contentType)
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + method + " " + path, e);
        }
    }
}
