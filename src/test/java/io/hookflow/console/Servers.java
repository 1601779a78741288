package io.hookflow.console;

import java.util.Map;

import io.hookflow.testing.ServerProcess;

/** Starts a server for a browser test, waiting longer than usual on a busy machine, and never leaves it behind. */
final class Servers {

    private static final int READINESS_ROUNDS = 3;

    private Servers() {
    }

    static ServerProcess start(String name, Map<String, String> properties) {
        ServerProcess server = ServerProcess.launch(name, properties);
        for (int round = 1; ; round++) {
            try {
                server.awaitReady();
                return server;
            } catch (IllegalStateException notReady) {
                if (round == READINESS_ROUNDS || !server.isAlive()) {
                    server.kill();
                    throw notReady;
                }
            }
        }
    }
}
