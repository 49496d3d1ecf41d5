package dev.vicinity.codec;

import org.apache.lucene.store.DataOutput;

import java.io.IOException;

/**
 * A method's part of a field's entry in the meta file: the resolved build parameters (seed included) and whatever
 * describes the field's block in the data file. Written by the method, read back by {@link IndexMethod#readEntry}.
 */
public interface MethodEntry {

    /** Writes this entry; its layout is documented by the method, under the method's {@link IndexMethod#version()}. */
    void write(DataOutput out) throws IOException;
}
