package dev.vicinity.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@code --via es} starts its node: the command line of {@code ./vicinity serve}, which the launcher script hands
 * over in {@code vicinity.node.*} system properties (one definition of the JVM options and class path in the script,
 * so the benchmarked node is the node users run). Tests build one from their own build outputs.
 *
 * @param java the {@code java} binary
 * @param jvmOptions the node JVM's options (heap, {@code --add-modules=jdk.incubator.vector}, ...)
 * @param classPath the Elasticsearch server jars and the launcher classes, nothing of the plugin
 * @param pluginZip the plugin zip the node installs into its home
 * @param nettyModule the directory of the transport-netty4 module's jars
 */
record EsNodeLaunch(String java, List<String> jvmOptions, String classPath, Path pluginZip, Path nettyModule) {

    /** The separator of {@code vicinity.node.jvm.options}: the ASCII unit separator, which no option contains. */
    static final String OPTION_SEPARATOR = "\u001f";

    static final String MAIN = "dev.vicinity.devnode.ServeCommand";

    /** From the properties {@code ./vicinity bench} sets; an {@link IllegalArgumentException} naming a missing one. */
    static EsNodeLaunch fromSystemProperties() {
        String options = property("vicinity.node.jvm.options");
        return new EsNodeLaunch(property("vicinity.node.java"), options.isEmpty() ? List.of() : List.of(options.split(OPTION_SEPARATOR)),
            property("vicinity.node.cp"), Path.of(property("vicinity.node.plugin.zip")), Path.of(property("vicinity.node.netty.module")));
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalArgumentException("system property [" + name + "] is not set: run [--via es] through ./vicinity bench, which sets it");
        }
        return value;
    }

    /** The node's command line on {@code home}, HTTP on a port the node picks (it prints the address it bound). */
    List<String> command(Path home) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, MAIN, "--plugin-zip", pluginZip.toString(), "--netty-module", nettyModule.toString(),
            "--port", "0", "--home", home.toString()));
        return command;
    }
}
