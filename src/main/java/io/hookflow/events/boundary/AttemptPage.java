package io.hookflow.events.boundary;

import java.util.List;

public record AttemptPage(List<AttemptView> attempts, long total) {
}
