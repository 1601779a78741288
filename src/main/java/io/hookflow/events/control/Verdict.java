package io.hookflow.events.control;

/** What an attempt means for its delivery. */
public enum Verdict {
    SUCCESS, RETRY, FAIL
}
