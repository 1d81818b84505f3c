package org.openucc.store;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests: initdb into a temp directory, started on a free
 * loopback port, stopped and deleted at close. Uses the Debian packages' binaries
 * ({@code /usr/lib/postgresql/<version>/bin}); {@link #find()} is empty where they are not installed.
 * PostgreSQL refuses to run as root, so as root it runs as the {@code postgres} user.
 */
public final class LocalPostgres implements AutoCloseable {
    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;
    private Process server;

    private LocalPostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    public static Optional<Path> find() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static LocalPostgres start(Path bin) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("openucc-pg");
        if (root) {
            run(List.of("chown", "postgres:postgres", dir.toString()));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        LocalPostgres pg = new LocalPostgres(bin, dir, port, root);
        pg.exec(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "openucc",
                "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"));
        pg.server = new ProcessBuilder(pg.command(List.of(bin.resolve("postgres").toString(), "-D",
                dir.resolve("data").toString(), "-p", String.valueOf(port), "-k", dir.toString(),
                "-c", "listen_addresses=127.0.0.1")))
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (Connection c = DriverManager.getConnection(pg.url("postgres"), "openucc", "")) {
                return c.isValid(1);
            }
        });
        try (Connection c = DriverManager.getConnection(pg.url("postgres"), "openucc", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE openucc");
        }
        return pg;
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private List<String> command(List<String> cmd) {
        if (!asPostgresUser) {
            return cmd;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(cmd);
        return wrapped;
    }

    private void exec(List<String> cmd) throws Exception {
        run(command(cmd));
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.destroy(); // SIGTERM: smart shutdown of postgres itself
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
