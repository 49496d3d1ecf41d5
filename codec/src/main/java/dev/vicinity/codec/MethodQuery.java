package dev.vicinity.codec;

/**
 * A method's query-time parameters, parsed and validated by {@link IndexMethod#parseQuery}. Implementations are
 * immutable values (records): they take part in the query's {@code equals}/{@code hashCode}, so two queries that
 * differ only in a parameter do not share a cache entry.
 */
public interface MethodQuery {

    /** The method these parameters belong to. */
    IndexMethod method();
}
