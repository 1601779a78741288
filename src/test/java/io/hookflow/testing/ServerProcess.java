package io.hookflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server process running the built WAR, started the way an operator starts it (not through
 * Arquillian), for tests that need several servers on one database or a server that dies: kill -9
 * ({@link #kill()}), graceful stop ({@link #stop()}), and a start again on the same port ({@link #restart()}).
 * It gets the JVM options {@link ItEnvironment} computed for this run (database, test key), plus any extra
 * system properties. Its output goes to {@code target/it/<name>.log}.
 *
 * <p>Payara Micro by default; with {@code -Dhookflow.it.server=wildfly} the WildFly that {@code mvn -Pwildfly package}
 * provisioned ({@code hookflow.wildfly.home}, default {@code target/server}), run by its own
 * {@code bin/standalone.sh} with a copy of its {@code standalone/} directory per server, so several can share one
 * installation. WildFly serves health on its management port: {@link #healthBase(URL)}.
 */
public final class ServerProcess implements AutoCloseable {

    // a loaded shared machine can take minutes to boot a server: -Dhookflow.it.ready-seconds lengthens the wait
    private static final Duration READY_WITHIN = Duration.ofSeconds(Long.getLong("hookflow.it.ready-seconds", 300));
    private static final Map<URL, URL> HEALTH_BASES = new java.util.concurrent.ConcurrentHashMap<>();

    private final String name;
    private final Map<String, String> properties;
    private final int port;
    private final Path log;
    private Process process;
    private boolean copied;

    private ServerProcess(String name, Map<String, String> properties, int port) {
        this.name = name;
        this.properties = Map.copyOf(properties);
        this.port = port;
        this.log = Path.of(System.getProperty("hookflow.it.workdir", "target/it"), name + ".log").toAbsolutePath();
    }

    /** Starts a server and waits until it is ready. */
    public static ServerProcess start(String name, Map<String, String> systemProperties) {
        var server = launch(name, systemProperties);
        server.awaitReady();
        return server;
    }

    /** Starts a server on a given port (a test that must stay within a range of ports) and waits until it is ready. */
    public static ServerProcess start(String name, Map<String, String> systemProperties, int port) {
        var server = new ServerProcess(name, new LinkedHashMap<>(systemProperties), port);
        server.spawn();
        server.awaitReady();
        return server;
    }

    /** Starts a server without waiting: {@link #awaitReady()} it later (start several at once, then wait). */
    public static ServerProcess launch(String name, Map<String, String> systemProperties) {
        var server = new ServerProcess(name, new LinkedHashMap<>(systemProperties), freePort());
        server.spawn();
        return server;
    }

    public URL base() {
        return url(port);
    }

    private static URL url(int port) {
        try {
            return URI.create("http://127.0.0.1:" + port).toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URL withoutPath(URL base) {
        return url(base.getPort());
    }

    /** Where this server answers {@code /health/...}: the HTTP port on Payara, the management port on WildFly. */
    public URL healthBase() {
        return url(isWildFly() ? port + WILDFLY_MANAGEMENT_OFFSET : port);
    }

    /** The health base of the server a test reaches at {@code base} (Arquillian injects only the HTTP base). */
    public static URL healthBase(URL base) {
        return HEALTH_BASES.getOrDefault(withoutPath(base), base);
    }

    /** Whether this run tests the WAR on WildFly rather than on Payara Micro. */
    public static boolean isWildFly() {
        return "wildfly".equals(System.getProperty("hookflow.it.server"));
    }

    public Api api() {
        return new Api(base());
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The server JVM's process id (on WildFly the java process that standalone.sh started). */
    public long pid() {
        if (!isWildFly()) {
            return process.pid();
        }
        return process.descendants()
                .filter(p -> p.info().command().filter(c -> c.endsWith("java")).isPresent())
                .findFirst().map(ProcessHandle::pid)
                .orElseThrow(() -> new IllegalStateException(name + " has no java process"));
    }

    /** kill -9: no shutdown hooks, no chance to finish or give anything back. */
    public void kill() {
        if (process != null) {
            var tree = processTree();
            tree.forEach(ProcessHandle::destroyForcibly);
            waitForExit(tree, Duration.ofSeconds(30));
        }
    }

    /** SIGTERM and wait for the server to finish stopping (it undeploys the application first). */
    public void stop() {
        if (process != null && process.isAlive()) {
            // standalone.sh does not pass SIGTERM on to WildFly: signal the server JVM itself, and wait for it
            // rather than for the script, which ends at once while WildFly is still undeploying
            var tree = processTree();
            tree.forEach(ProcessHandle::destroy);
            if (!waitForExit(tree, Duration.ofSeconds(90))) {
                tree.forEach(ProcessHandle::destroyForcibly);
                waitForExit(tree, Duration.ofSeconds(30));
            }
        }
    }

    /** The launched process and everything it started (on WildFly: standalone.sh and the server JVM). */
    private List<ProcessHandle> processTree() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        return tree;
    }

    /** Starts the same server again (same port, same options) after it stopped or died, and waits until it is ready. */
    public ServerProcess restart() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        spawn();
        awaitReady();
        return this;
    }

    public void awaitReady() {
        // HTTP/1.1 as the bench and the engine speak: by default the JDK client asks a plain-HTTP server to upgrade to
        // HTTP/2 and then sends every later probe down that one connection, so one wedged connection would fail them all
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        var lastSeen = new java.util.concurrent.atomic.AtomicReference<>("nothing yet");
        try {
            org.awaitility.Awaitility.await(name + " ready").atMost(READY_WITHIN).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(name + " exited with " + process.exitValue()
                                    + " before it was ready; log: " + tail());
                        }
                        // the health endpoint answers even when the deployment failed: an application endpoint must answer too
                        String ready = status(http, healthBase(), "/health/ready");
                        String api = status(http, base(), "/workflows/v1/workflow-webhooks");
                        lastSeen.set("/health/ready " + ready + ", the API " + api + " at " + Instant.now());
                        if (ready.equals("200") && api.equals("401")) {
                            HEALTH_BASES.put(base(), healthBase());
                            return true;
                        }
                        return false;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            String log = tail();
            // the CI keeps only the failure message: it carries what the server's threads were doing
            String threads = ThreadDumps.of(pid(), log().resolveSibling(name + ".threads"));
            // a test class whose @BeforeAll fails never gets a reference to kill: left alone, the server would
            // keep its port and its share of the shared machine's CPU
            kill();
            throw new IllegalStateException(name + " was not ready within " + READY_WITHIN + " (last seen: " + lastSeen.get()
                    + "; this test JVM has " + openFiles() + " files open);" + System.lineSeparator() + threads + System.lineSeparator() + "log: " + log);
        }
    }

    @Override
    public void close() {
        kill();
    }

    private void spawn() {
        List<String> jvmOptions = new ArrayList<>();
        Arrays.stream(System.getProperty("payara.cmdOptions", "").split(" ")).filter(o -> !o.isBlank()).forEach(jvmOptions::add);
        properties.forEach((key, value) -> jvmOptions.add("-D" + key + "=" + value));
        var builder = isWildFly() ? wildFly(jvmOptions) : payaraMicro(jvmOptions);
        List<String> command = builder.command();
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "=== " + Instant.now() + " " + String.join(" ", command) + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private ProcessBuilder payaraMicro(List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", path("payara.microJar", "target/payara-micro.jar"),
                "--deploy", path("hookflow.war", "target/hookflow.war"),
                "--contextroot", "/", "--port", Integer.toString(port), "--nocluster",
                "--systemproperties", path("hookflow.payaraSystemProperties", "server-config/payara/system.properties")));
        return new ProcessBuilder(command);
    }

    /**
     * The provisioned WildFly with its deployed ROOT.war (the same hookflow.war), every socket moved by one offset
     * so that HTTP lands on {@link #port} and the management interface {@value #WILDFLY_MANAGEMENT_OFFSET} above it.
     */
    private ProcessBuilder wildFly(List<String> jvmOptions) {
        Path home = Path.of(System.getProperty("hookflow.wildfly.home", "target/server")).toAbsolutePath();
        Path baseDir = log.getParent().resolve(name + "-standalone");
        try {
            // a fresh copy for each new server, so that it deploys the WAR provisioned last (a copy left by an
            // earlier run holds the WAR of then); a restart keeps its own copy, as a restarted server keeps its disk
            if (!copied) {
                deleteTree(baseDir);
                copyTree(home.resolve("standalone"), baseDir);
                copied = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + baseDir, e);
        }
        var builder = new ProcessBuilder(home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + baseDir,
                "-Djboss.socket.binding.port-offset=" + (port - WILDFLY_HTTP_PORT),
                "-Djboss.node.name=" + name);
        builder.environment().put("JAVA_OPTS", String.join(" ", jvmOptions));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var files = Files.walk(root)) {
            for (Path path : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Files.copy(source, to.resolve(from.relativize(source).toString()));
            }
        }
    }

    private static boolean waitForExit(List<ProcessHandle> tree, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            for (ProcessHandle handle : tree) {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The status code, or why there was none (a refused connection and a server that does not answer differ). */
    private static String status(HttpClient http, URL base, String path) {
        try {
            var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build();
            // bounded as a whole: the request timeout ends at the headers, and a half-started server can send
            // headers and never the end of its body; one such call would hold the whole wait (twice in seven runs a
            // server that had logged "ready" was not seen ready in five minutes, the cause not caught)
            var exchange = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
            try {
                return Integer.toString(exchange.get(10, TimeUnit.SECONDS).statusCode());
            } catch (java.util.concurrent.ExecutionException e) {
                return String.valueOf(e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                exchange.cancel(true);
                return "no answer in 10 s";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String openFiles() {
        try (var files = Files.list(Path.of("/proc/self/fd"))) {
            return Long.toString(files.count());
        } catch (IOException | UnsupportedOperationException e) {
            return "an unknown number of";
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String path(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback)).toAbsolutePath().toString();
    }

    private static final int WILDFLY_HTTP_PORT = 8080;
    private static final int WILDFLY_MANAGEMENT_OFFSET = 9990 - WILDFLY_HTTP_PORT;
    // every socket a provisioned WildFly opens, relative to its HTTP port: https, management, transaction recovery
    private static final int[] WILDFLY_SOCKETS = {8443 - 8080, WILDFLY_MANAGEMENT_OFFSET, 9993 - 8080, 4712 - 8080, 4713 - 8080};

    private static int freePort() {
        for (int tries = 0; tries < 50; tries++) {
            int port = freeSocket();
            if (!isWildFly() || port > WILDFLY_HTTP_PORT && java.util.stream.IntStream.of(WILDFLY_SOCKETS).allMatch(d -> isFree(port + d))) {
                return port;
            }
        }
        throw new IllegalStateException("no free set of ports for WildFly");
    }

    private static int freeSocket() {
        try (var socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isFree(int port) {
        if (port < 1024 || port > 65535) {
            return false;
        }
        try (var socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return name + " on port " + port;
    }
}
