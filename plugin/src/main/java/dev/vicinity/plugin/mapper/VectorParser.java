package dev.vicinity.plugin.mapper;

import dev.vicinity.metric.Metric;

import org.elasticsearch.xcontent.XContentParser;
import org.elasticsearch.xcontent.XContentParser.Token;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and validates one vector: from a document ({@code [1.0, 2.5, ...]} under the parser) or from a query.
 * Every check happens before the vector is used, and every message names the field and the offending value.
 */
public final class VectorParser {

    private VectorParser() {}

    /** Parses the array the parser is positioned on (its START_ARRAY token). */
    static float[] parse(XContentParser parser, String field, int dims, Metric metric) throws IOException {
        if (parser.currentToken() != Token.START_ARRAY) {
            throw new IllegalArgumentException("[vicinity_vector] field [" + field + "] takes an array of [" + dims
                + "] numbers but got " + describe(parser));
        }
        float[] vector = new float[dims];
        int count = 0;
        for (Token token = parser.nextToken(); token != Token.END_ARRAY; token = parser.nextToken()) {
            if (token == Token.START_ARRAY) {
                throw new IllegalArgumentException("[vicinity_vector] field [" + field + "] takes one vector per document (an array of ["
                    + dims + "] numbers) but element [" + count + "] is an array: several vectors cannot share a field of one document");
            }
            if (token != Token.VALUE_NUMBER) {
                throw new IllegalArgumentException("[vicinity_vector] field [" + field + "] takes numbers but element [" + count
                    + "] is " + describe(parser));
            }
            if (count < dims) {
                vector[count] = parser.floatValue();
            }
            count++;
        }
        if (count != dims) {
            throw dimensionMismatch(field, dims, count);
        }
        validate(field, vector, metric);
        return vector;
    }

    /** Converts and validates a query vector given as numbers. */
    public static float[] fromNumbers(String field, int dims, Metric metric, List<? extends Number> numbers) {
        if (numbers.size() != dims) {
            throw dimensionMismatch(field, dims, numbers.size());
        }
        float[] vector = new float[dims];
        for (int i = 0; i < dims; i++) {
            vector[i] = numbers.get(i).floatValue();
        }
        validate(field, vector, metric);
        return vector;
    }

    /** Checks a document's vector: see {@link #validate(String, String, float[], Metric)}. */
    static void validate(String field, float[] vector, Metric metric) {
        validate("[vicinity_vector]", field, vector, metric);
    }

    /**
     * Checks values are finite and, for metrics that measure angles, that the vector has a direction; messages start
     * with {@code source}, the mapper's or the query's name.
     */
    public static void validate(String source, String field, float[] vector, Metric metric) {
        boolean allZero = true;
        for (int i = 0; i < vector.length; i++) {
            if (Float.isFinite(vector[i]) == false) {
                throw new IllegalArgumentException(source + " field [" + field + "] needs finite numbers but element [" + i
                    + "] is [" + vector[i] + "]" + (Float.isInfinite(vector[i]) ? " (beyond the float range)" : ""));
            }
            allZero &= vector[i] == 0f;
        }
        if (allZero && "cosine".equals(metric.name())) {
            throw new IllegalArgumentException(source + " field [" + field + "] uses metric [cosine], which is undefined"
                + " for the zero vector " + abbreviate(vector));
        }
    }

    private static IllegalArgumentException dimensionMismatch(String field, int dims, int count) {
        return new IllegalArgumentException("[vicinity_vector] field [" + field + "] has [" + dims + "] dims but the vector has [" + count + "]");
    }

    private static String describe(XContentParser parser) throws IOException {
        Token token = parser.currentToken();
        if (token == Token.VALUE_STRING) {
            return "[\"" + parser.text() + "\"]";
        }
        if (token != null && token.isValue()) {
            return "[" + parser.text() + "]";
        }
        if (token == Token.VALUE_NULL) {
            return "[null]";
        }
        if (token == Token.START_OBJECT) {
            return "an object";
        }
        if (token == Token.START_ARRAY) {
            return "an array";
        }
        return "[" + token + "]";
    }

    private static String abbreviate(float[] vector) {
        String text = Arrays.toString(vector.length > 8 ? Arrays.copyOf(vector, 8) : vector);
        return vector.length > 8 ? text.substring(0, text.length() - 1) + ", ...]" : text;
    }
}
