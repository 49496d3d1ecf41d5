package dev.vicinity.kernel;

/**
 * Picks {@link FloatKernels#get()}'s implementation once, on first use, so that the Vector API classes load only
 * after the module check (a nested class of the interface would be public API).
 */
final class KernelChoice {

    static final FloatKernels INSTANCE = choose();

    private KernelChoice() {}

    private static FloatKernels choose() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                FloatKernels panama = (FloatKernels) Class.forName("dev.vicinity.kernel.PanamaFloatKernels")
                    .getDeclaredMethod("createIfFast").invoke(null);
                if (panama != null) {
                    return panama;
                }
            } catch (ReflectiveOperationException | LinkageError e) {
                // not loadable here (another JDK's incubator API): the fallback is correct, only slower
            }
        }
        return new LuceneFloatKernels();
    }
}
