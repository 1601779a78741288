package io.hookflow.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A server's threads when it did not do what a test waited for: the whole dump goes to a file beside the server's
 * log, and a summary (a deadlock if the JVM found one, then the request threads and the application's threads) into
 * the failure message, which is all that a CI run keeps.
 */
final class ThreadDumps {

    private static final Pattern WORTH_SHOWING = Pattern.compile("http-thread-pool|default task|io\\.hookflow");
    private static final int FRAMES_PER_THREAD = 14;
    private static final int MAX_LINES = 200;

    private ThreadDumps() {
    }

    /** Dumps the threads of JVM {@code pid} into {@code file} and returns the summary (or why there is none). */
    static String of(long pid, Path file) {
        try {
            var jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "Thread.print")
                    .redirectErrorStream(true)
                    .redirectOutput(file.toFile())
                    .start();
            if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return "(no thread dump: jcmd did not finish in 30 s)";
            }
            return "threads (all of them in " + file + "):" + System.lineSeparator()
                    + summary(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "(no thread dump: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(no thread dump: interrupted)";
        } catch (RuntimeException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    static String summary(String dump) {
        List<String> shown = new ArrayList<>();
        int deadlock = dump.indexOf("Found one Java-level deadlock");
        if (deadlock >= 0) {
            shown.addAll(Arrays.asList(dump.substring(deadlock).split("\\R")));
        }
        for (String thread : dump.split("\\R\\R")) {
            if (thread.startsWith("\"") && WORTH_SHOWING.matcher(thread).find()) {
                List<String> lines = Arrays.stream(thread.split("\\R")).filter(line -> !line.isBlank()).toList();
                shown.addAll(lines.subList(0, Math.min(lines.size(), FRAMES_PER_THREAD + 2)));
            }
        }
        if (shown.size() > MAX_LINES) {
            int left = shown.size() - MAX_LINES;
            shown = new ArrayList<>(shown.subList(0, MAX_LINES));
            shown.add("... " + left + " more lines");
        }
        return String.join(System.lineSeparator(), shown);
    }
}
