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
 * A Payara Micro process running the built WAR, started the way an operator starts it (not through
 * Arquillian), for tests that need several servers on one database or a server that dies: kill -9
 * ({@link #kill()}), graceful stop ({@link #stop()}), and a start again on the same port ({@link #restart()}).
 * It gets the JVM options {@link ItEnvironment} computed for this run (database, test key), plus any extra
 * system properties. Its output goes to {@code target/it/<name>.log}.
 */
public final class ServerProcess implements AutoCloseable {

    // a loaded shared machine can take minutes to boot a server: -Dhookflow.it.ready-seconds lengthens the wait
    private static final Duration READY_WITHIN = Duration.ofSeconds(Long.getLong("hookflow.it.ready-seconds", 300));

    private final String name;
    private final Map<String, String> properties;
    private final int port;
    private final Path log;
    private Process process;

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
        try {
            return URI.create("http://127.0.0.1:" + port).toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
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

    public long pid() {
        return process.pid();
    }

    /** kill -9: no shutdown hooks, no chance to finish or give anything back. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(30));
        }
    }

    /** SIGTERM and wait for the server to finish stopping (it undeploys the application first). */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitForExit(Duration.ofSeconds(90))) {
                process.destroyForcibly();
                waitForExit(Duration.ofSeconds(30));
            }
        }
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
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            org.awaitility.Awaitility.await(name + " ready").atMost(READY_WITHIN).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(name + " exited with " + process.exitValue()
                                    + " before it was ready; log: " + tail());
                        }
                        // the health endpoint answers even when the deployment failed: an application endpoint must answer too
                        return status(http, "/health/ready") == 200 && status(http, "/workflows/v1/workflow-webhooks") == 401;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException(name + " was not ready within " + READY_WITHIN + "; log: " + tail());
        }
    }

    @Override
    public void close() {
        kill();
    }

    private void spawn() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String options = System.getProperty("payara.cmdOptions", "");
        Arrays.stream(options.split(" ")).filter(o -> !o.isBlank()).forEach(command::add);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", path("payara.microJar", "target/payara-micro.jar"),
                "--deploy", path("hookflow.war", "target/hookflow.war"),
                "--contextroot", "/", "--port", Integer.toString(port), "--nocluster"));
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "=== " + Instant.now() + " " + String.join(" ", command) + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private boolean waitForExit(Duration within) {
        try {
            return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private int status(HttpClient http, String path) {
        try {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
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

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name + " on port " + port;
    }
}
