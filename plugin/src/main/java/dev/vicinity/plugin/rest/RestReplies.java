package dev.vicinity.plugin.rest;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.common.Strings;
import org.elasticsearch.rest.RestChannel;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

import java.io.IOException;

/** What the Vicinity endpoints share around their work: the one index they take, and the reply to the channel. */
final class RestReplies {

    private RestReplies() {}

    /** Writes a result into a builder. */
    @FunctionalInterface
    interface Writer<T> {
        void write(XContentBuilder builder, T result) throws IOException;
    }

    /** The request's {@code index}: exactly one, no list, no pattern (400 naming what was given otherwise). */
    static String oneIndex(String endpoint, RestRequest request) {
        String index = request.param("index");
        if (Strings.hasText(index) == false || index.contains(",") || index.contains("*")) {
            throw new IllegalArgumentException("[" + endpoint + "] takes exactly one index but got [" + index + "]");
        }
        return index;
    }

    /** Replies 200 with the written result, or with the failure as Elasticsearch renders it (status from the exception). */
    static <T> ActionListener<T> replying(RestChannel channel, Writer<T> writer) {
        return ActionListener.wrap(result -> {
            XContentBuilder builder = channel.newBuilder();
            writer.write(builder, result);
            channel.sendResponse(new RestResponse(RestStatus.OK, builder));
        }, e -> {
            try {
                channel.sendResponse(new RestResponse(channel, e));
            } catch (Exception inner) {
                e.addSuppressed(inner);
            }
        });
    }
}
