package dev.vicinity.search;

import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Weight;

import java.io.IOException;
import java.util.Objects;

/**
 * What a {@link VicinityKnnQuery} rewrites to: Lucene's rewritten hits (the nearest documents and their scores, or
 * no documents), labelled with the number of candidates whose distance the search measured over all segments of the
 * index searcher (NearPy's {@code candidate_count}; the graph walk's, the forest's or the buckets' candidates, and the
 * documents an exact fallback scored). Search, scoring and explanations are the wrapped query's; the label shows in
 * Elasticsearch's {@code profile} output as this query's description, which is where users read it, and the
 * evaluate endpoint averages it.
 */
public final class VicinityKnnHits extends Query {

    /** How the count appears in {@link #toString}, which profile output shows. */
    public static final String EXAMINED = "candidates_examined";

    private final Query hits;
    private final String field;
    private final int k;
    private final long examined;

    VicinityKnnHits(Query hits, String field, int k, long examined) {
        this.hits = Objects.requireNonNull(hits, "hits");
        this.field = field;
        this.k = k;
        this.examined = examined;
    }

    /** The rewritten hits this wraps. */
    public Query hits() {
        return hits;
    }

    /** Candidates measured over all segments, including the documents exact fallbacks scored. */
    public long candidatesExamined() {
        return examined;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) throws IOException {
        return hits.createWeight(searcher, scoreMode, boost);
    }

    @Override
    public void visit(QueryVisitor visitor) {
        hits.visit(visitor.getSubVisitor(BooleanClause.Occur.MUST, this));
    }

    @Override
    public String toString(String defaultField) {
        return "VicinityKnnHits[field=" + field + ", k=" + k + ", " + EXAMINED + "=" + examined + "]";
    }

    @Override
    public boolean equals(Object o) {
        if (sameClassAs(o) == false) {
            return false;
        }
        VicinityKnnHits that = (VicinityKnnHits) o;
        return k == that.k && examined == that.examined && field.equals(that.field) && hits.equals(that.hits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), hits, field, k, examined);
    }
}
