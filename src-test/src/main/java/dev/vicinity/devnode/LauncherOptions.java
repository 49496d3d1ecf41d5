package dev.vicinity.devnode;

import java.nio.file.Path;

/**
 * Command-line options shared by {@code serve} and {@code demo}. {@code ./vicinity} passes the build outputs
 * ({@code --plugin-zip}, {@code --netty-module}); users pass {@code --port}, {@code --home} and {@code --serve}.
 */
record LauncherOptions(int port, Path home, Path pluginZip, Path nettyModule, boolean keepServing) {

    static final int DEFAULT_PORT = 9200;

    static LauncherOptions parse(String command, String[] args) {
        int port = DEFAULT_PORT;
        Path home = Path.of("dev-home");
        Path zip = null;
        Path netty = null;
        boolean serve = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> port = parsePort(command, value(command, args, ++i, arg));
                case "--home" -> home = Path.of(value(command, args, ++i, arg));
                case "--plugin-zip" -> zip = Path.of(value(command, args, ++i, arg));
                case "--netty-module" -> netty = Path.of(value(command, args, ++i, arg));
                case "--serve" -> serve = true;
                default -> throw usage(command, "unknown option [" + arg + "]");
            }
        }
        if (zip == null || netty == null) {
            throw usage(command, "--plugin-zip and --netty-module are required (./vicinity passes them)");
        }
        return new LauncherOptions(port, home.toAbsolutePath().normalize(), zip, netty, serve);
    }

    private static int parsePort(String command, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw usage(command, "--port must be between 0 and 65535 but was [" + value + "]");
            }
            return port;
        } catch (NumberFormatException e) {
            throw usage(command, "--port must be a number but was [" + value + "]");
        }
    }

    private static String value(String command, String[] args, int i, String option) {
        if (i >= args.length) {
            throw usage(command, "option [" + option + "] needs a value");
        }
        return args[i];
    }

    private static IllegalArgumentException usage(String command, String problem) {
        return new IllegalArgumentException(problem + "\nusage: ./vicinity " + command + " [--port N] [--home DIR]"
            + ("demo".equals(command) ? " [--serve]" : ""));
    }
}
