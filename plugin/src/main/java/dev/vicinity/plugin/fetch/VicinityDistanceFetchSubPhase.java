package dev.vicinity.plugin.fetch;

import dev.vicinity.search.VicinityKnnQuery;

import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.elasticsearch.common.document.DocumentField;
import org.elasticsearch.search.fetch.FetchContext;
import org.elasticsearch.search.fetch.FetchSubPhase;
import org.elasticsearch.search.fetch.FetchSubPhaseProcessor;
import org.elasticsearch.search.fetch.StoredFieldsSpec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Adds each hit's raw distance to the query vector, {@value #FIELD}, to the hit's {@code fields} when the search
 * holds a {@code vicinity_knn} query: one value per {@code vicinity_knn} query. With several, the values are ordered
 * by field name, then by query vector: Lucene's boolean query does not keep the order its clauses were written in,
 * so a canonical order is the only stable one.
 *
 * <p>The distance is recomputed from the hit's stored vector under the field's metric rather than inverted from
 * the score, so it stays exact when the score is boosted or combined with other clauses. It costs one vector read
 * and one distance per returned hit.
 */
public final class VicinityDistanceFetchSubPhase implements FetchSubPhase {

    public static final String FIELD = "_vicinity_distance";

    @Override
    public FetchSubPhaseProcessor getProcessor(FetchContext context) {
        List<VicinityKnnQuery> queries = knnQueries(context.query());
        queries.sort(CANONICAL_ORDER);
        return queries.isEmpty() ? null : new Processor(queries);
    }

    private static final Comparator<VicinityKnnQuery> CANONICAL_ORDER = Comparator.comparing(VicinityKnnQuery::getField)
        .thenComparing((a, b) -> Arrays.compare(a.getTargetCopy(), b.getTargetCopy()));

    static List<VicinityKnnQuery> knnQueries(Query query) {
        List<VicinityKnnQuery> found = new ArrayList<>();
        if (query != null) {
            query.visit(new QueryVisitor() {
                @Override
                public void visitLeaf(Query leaf) {
                    if (leaf instanceof VicinityKnnQuery knn) {
                        found.add(knn);
                    }
                }

                @Override
                public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
                    // Filters and must_not clauses do not produce distances of their own.
                    return occur == BooleanClause.Occur.FILTER || occur == BooleanClause.Occur.MUST_NOT
                        ? EMPTY_VISITOR : this;
                }
            });
        }
        return found;
    }

    private static final class Processor implements FetchSubPhaseProcessor {

        private final List<VicinityKnnQuery> queries;
        private final float[][] targets;
        private final FloatVectorValues[] values;
        private final KnnVectorValues.DocIndexIterator[] iterators;

        Processor(List<VicinityKnnQuery> queries) {
            this.queries = queries;
            this.targets = new float[queries.size()][];
            for (int i = 0; i < targets.length; i++) {
                targets[i] = queries.get(i).getTargetCopy();
            }
            this.values = new FloatVectorValues[queries.size()];
            this.iterators = new KnnVectorValues.DocIndexIterator[queries.size()];
        }

        @Override
        public void setNextReader(LeafReaderContext readerContext) throws IOException {
            for (int i = 0; i < queries.size(); i++) {
                values[i] = readerContext.reader().getFloatVectorValues(queries.get(i).getField());
                iterators[i] = values[i] == null ? null : values[i].iterator();
            }
        }

        @Override
        public void process(HitContext hit) throws IOException {
            List<Object> distances = new ArrayList<>(queries.size());
            for (int i = 0; i < queries.size(); i++) {
                KnnVectorValues.DocIndexIterator iterator = iterators[i];
                if (iterator == null) {
                    continue;
                }
                if (iterator.docID() > hit.docId()) { // hits arrive in doc order; restart defensively if not
                    iterators[i] = iterator = values[i].iterator();
                }
                if (iterator.docID() == hit.docId() || (iterator.docID() < hit.docId() && iterator.advance(hit.docId()) == hit.docId())) {
                    distances.add(queries.get(i).getMetric().distance(targets[i], values[i].vectorValue(iterator.index())));
                }
            }
            if (distances.isEmpty() == false) {
                hit.hit().setDocumentField(new DocumentField(FIELD, distances));
            }
        }

        @Override
        public StoredFieldsSpec storedFieldsSpec() {
            return StoredFieldsSpec.NO_REQUIREMENTS;
        }
    }
}
