package dev.vicinity.bench;

import dev.vicinity.codec.NNDescentFormat;

import java.util.List;

/**
 * The methods the benchmark knows, by name. A new Vicinity method adds its {@link BenchMethod} here, a new peer
 * library its {@link PeerMethod}.
 */
final class BenchMethods {

    private static final List<MethodSpec> ALL = List.of(new ExactMethod(), new HnswMethod(), new NNDescentMethod(),
        new NNDescentMethod("nndescent-int8", NNDescentFormat.QUANTIZATION, NNDescentFormat.QUANTIZATION_INT8),
        new PyNNDescentPeer(PyNNDescentPeer.defaultPython()),
        new HnswlibPeer(HnswlibPeer.defaultPython()),
        AnnoyPeer.fromEnvironment());

    private BenchMethods() {}

    static List<String> names() {
        return ALL.stream().map(MethodSpec::name).toList();
    }

    static MethodSpec byName(String name) {
        return ALL.stream().filter(m -> m.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown method [" + name + "], expected one of " + names()));
    }
}
