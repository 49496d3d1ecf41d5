package dev.vicinity.codec;

import dev.vicinity.VicinityTestData;
import dev.vicinity.metric.Metric;
import dev.vicinity.nndescent.SharedData;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TopDocs;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntPredicate;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Recall of a method's searches through the codec, for the methods' codec tests: documents carry their row of the
 * dataset in the numeric doc values field {@value #ID_FIELD}, and hits are compared with the dataset's ground truth or,
 * under deletions, with a brute force over the rows still live.
 */
public final class CodecRecall {

    /** The numeric doc values field holding each document's row of the dataset. */
    public static final String ID_FIELD = "id";

    private CodecRecall() {}

    /** The dataset rows of {@code hits}, in hit order. */
    public static int[] ids(IndexSearcher searcher, TopDocs hits) throws IOException {
        int[] ids = new int[hits.scoreDocs.length];
        for (int i = 0; i < ids.length; i++) {
            int doc = hits.scoreDocs[i].doc;
            LeafReaderContext leaf = searcher.getIndexReader().leaves().get(ReaderUtil.subIndex(doc, searcher.getIndexReader().leaves()));
            NumericDocValues values = leaf.reader().getNumericDocValues(ID_FIELD);
            assertTrue(values.advanceExact(doc - leaf.docBase));
            ids[i] = (int) values.longValue();
        }
        return ids;
    }

    /**
     * Recall@k of the first {@code queries} queries of {@code data}, searched with {@code knn}, against the ground
     * truth, or against a brute force over the rows {@code accepted} (when not {@code null}). Every search must answer
     * {@code k} hits (never fewer while documents exist) and only accepted rows.
     */
    public static double recall(IndexSearcher searcher, SharedData.Loaded data, int queries, int k, Metric metric, Function<float[], Query> knn,
                                IntPredicate accepted) throws IOException {
        long found = 0;
        for (int q = 0; q < queries; q++) {
            Set<Integer> expected = new HashSet<>();
            if (accepted == null) {
                for (int j = 0; j < k; j++) {
                    expected.add(data.truth()[q][j]);
                }
            } else {
                VicinityTestData.nearest(data.base(), data.queries()[q], metric, k, accepted).forEach(n -> expected.add(n.id()));
            }
            int[] got = ids(searcher, searcher.search(knn.apply(data.queries()[q]), k));
            assertEquals("query [" + q + "]: k hits, never an empty answer", k, got.length);
            for (int id : got) {
                assertTrue("deleted or filtered doc " + id, accepted == null || accepted.test(id));
                found += expected.contains(id) ? 1 : 0;
            }
        }
        return found / (double) ((long) queries * k);
    }
}
