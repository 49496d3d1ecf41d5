package dev.vicinity.bench;

import dev.vicinity.codec.NNDescentFormat;

import java.util.List;

/** The methods the benchmark knows, by name. A new Vicinity method adds its {@link BenchMethod} here. */
final class BenchMethods {

    private static final List<BenchMethod> ALL = List.of(new ExactMethod(), new HnswMethod(), new NNDescentMethod(),
        new NNDescentMethod("nndescent-int8", NNDescentFormat.QUANTIZATION, NNDescentFormat.QUANTIZATION_INT8));

    private BenchMethods() {}

    static List<String> names() {
        return ALL.stream().map(BenchMethod::name).toList();
    }

    static BenchMethod byName(String name) {
        return ALL.stream().filter(m -> m.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown method [" + name + "], expected one of " + names()));
    }
}
