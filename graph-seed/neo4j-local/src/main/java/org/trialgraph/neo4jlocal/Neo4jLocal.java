package org.trialgraph.neo4jlocal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs Neo4j Community embedded with only the Bolt connector, on loopback.
 *
 * <p>Usage: {@code java -Xmx2g -jar neo4j-local.jar [--port N] [--data-dir PATH] [--pagecache SIZE]};
 * each option falls back to NEO4J_LOCAL_BOLT_PORT, NEO4J_LOCAL_DATA_DIR, NEO4J_LOCAL_PAGECACHE, then to
 * 7687, ./.neo4j/data and 512m. Prints {@code READY bolt://127.0.0.1:PORT} once a client can connect, and
 * shuts the DBMS down cleanly (store closed, lock released) on SIGTERM or SIGINT.
 */
public final class Neo4jLocal {
    private static final String HOST = "127.0.0.1";

    private Neo4jLocal() {}

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("neo4j-local: " + e.getMessage());
            System.exit(2);
            return;
        }

        long started = System.nanoTime();
        System.out.printf("neo4j-local: starting Neo4j (home %s, bolt %s:%d, page cache %d MiB)%n",
                options.home, HOST, options.port, ByteUnit.Byte.toMebiBytes(options.pageCacheBytes));

        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(options.home)
                    // The user log (what neo4j.log holds in a server install) goes to stdout, which the
                    // launcher redirects to .neo4j/<port>/neo4j.log; debug.log stays under <home>/logs.
                    .setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO))
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, options.port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, options.port))
                    .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(HOST))
                    // Bolt's shutdown otherwise waits 5 s for connections and 5 s for its threads even
                    // when idle, which doubles every stop; a dev/test server has nothing worth waiting for.
                    .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                    .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    // Server-side routing would open a second port (7688) and clash between two local
                    // instances (dev on 7687, tests on 7697); a single instance never needs it.
                    .setConfig(GraphDatabaseSettings.routing_enabled, false)
                    // Auth is off because the only listener is 127.0.0.1: only processes on this machine
                    // can connect, and the dev/test tooling then needs no password bootstrap. Any
                    // credentials a client sends are accepted. Never bind this to a public address.
                    .setConfig(GraphDatabaseSettings.auth_enabled, false)
                    // Sized for a small shared machine (2 cores, 24 GiB, several processes): the JVM
                    // heap is set by the launcher (-Xmx), the page cache here.
                    .setConfig(GraphDatabaseSettings.pagecache_memory, options.pageCacheBytes)
                    // Keep transaction logs small: this is a rebuildable dev/test store, not a backup source.
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "256M size")
                    // No network beyond loopback here; don't try to send usage data.
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    .build();
        } catch (RuntimeException e) {
            System.err.println("neo4j-local: failed to start: " + e);
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                System.err.println("  caused by: " + cause);
            }
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean shuttingDown = new AtomicBoolean(false);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!shuttingDown.compareAndSet(false, true)) {
                return;
            }
            System.out.println("neo4j-local: shutting down");
            try {
                dbms.shutdown();
                System.out.println("neo4j-local: stopped cleanly");
            } catch (RuntimeException e) {
                System.err.println("neo4j-local: error during shutdown: " + e);
            } finally {
                System.out.flush();
                stopped.countDown();
            }
        }, "neo4j-local-shutdown"));

        // build() returns once the DBMS has started; wait for the default database as well, then
        // confirm the Bolt port really accepts TCP before announcing readiness.
        String dbName = GraphDatabaseSettings.DEFAULT_DATABASE_NAME;
        if (!dbms.database(dbName).isAvailable(Duration.ofMinutes(5).toMillis())) {
            System.err.println("neo4j-local: database '" + dbName + "' did not become available");
            System.exit(1);
        }
        if (!portAnswers(options.port)) {
            System.err.println("neo4j-local: Bolt port " + options.port + " does not accept connections");
            System.exit(1);
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("READY bolt://%s:%d (started in %d ms)%n", HOST, options.port, ms);
        System.out.flush();

        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean portAnswers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 5_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Command-line options, each with an environment-variable fallback. */
    private static final class Options {
        int port;
        Path home;
        long pageCacheBytes;

        static Options parse(String[] args) {
            String port = env("NEO4J_LOCAL_BOLT_PORT", "7687");
            String dataDir = env("NEO4J_LOCAL_DATA_DIR", ".neo4j/data");
            String pageCache = env("NEO4J_LOCAL_PAGECACHE", "512m");
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + arg);
                }
                switch (arg) {
                    case "--port" -> port = args[++i];
                    case "--data-dir" -> dataDir = args[++i];
                    case "--pagecache" -> pageCache = args[++i];
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            Options options = new Options();
            try {
                options.port = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port must be an integer, got " + port);
            }
            if (options.port < 1 || options.port > 65535) {
                throw new IllegalArgumentException("port out of range: " + options.port);
            }
            options.home = Path.of(dataDir).toAbsolutePath().normalize();
            try {
                options.pageCacheBytes = ByteUnit.parse(pageCache);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("bad page cache size " + pageCache);
            }
            return options;
        }

        private static String env(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }
    }
}
