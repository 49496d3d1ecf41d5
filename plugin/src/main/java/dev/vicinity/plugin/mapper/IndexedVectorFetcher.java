package dev.vicinity.plugin.mapper;

import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.elasticsearch.index.mapper.ValueFetcher;
import org.elasticsearch.search.fetch.StoredFieldsSpec;
import org.elasticsearch.search.lookup.Source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fetches a {@code vicinity_vector} for the {@code fields} option: from {@code _source} when it holds the vector, and
 * otherwise from the segment's raw vectors (the float32 values that were indexed), so a vector excluded from
 * {@code _source} can still be read. Vectors of nested objects are read from {@code _source} only (the index holds
 * them in the nested documents, not in the hit's).
 */
final class IndexedVectorFetcher implements ValueFetcher {

    private final String field;
    private final ValueFetcher fromSource;
    private FloatVectorValues values;
    private KnnVectorValues.DocIndexIterator iterator;

    IndexedVectorFetcher(String field, ValueFetcher fromSource) {
        this.field = field;
        this.fromSource = fromSource;
    }

    @Override
    public void setNextReader(LeafReaderContext context) {
        fromSource.setNextReader(context);
        try {
            values = context.reader().getFloatVectorValues(field);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        iterator = values == null ? null : values.iterator();
    }

    @Override
    public List<Object> fetchValues(Source source, int doc, List<Object> ignoredValues) throws IOException {
        List<Object> fromSourceValues = fromSource.fetchValues(source, doc, ignoredValues);
        if (fromSourceValues.isEmpty() == false || iterator == null) {
            return fromSourceValues;
        }
        if (iterator.docID() > doc) { // hits arrive in doc order within a segment; restart if not
            iterator = values.iterator();
        }
        if (iterator.docID() < doc) {
            iterator.advance(doc);
        }
        if (iterator.docID() != doc) {
            return fromSourceValues;
        }
        float[] vector = values.vectorValue(iterator.index());
        List<Object> indexed = new ArrayList<>(vector.length);
        for (float v : vector) {
            indexed.add(v);
        }
        return indexed;
    }

    @Override
    public StoredFieldsSpec storedFieldsSpec() {
        return fromSource.storedFieldsSpec();
    }
}
