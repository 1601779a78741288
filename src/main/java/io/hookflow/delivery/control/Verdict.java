package io.hookflow.delivery.control;

/** What an attempt means for its delivery. */
public enum Verdict {
    SUCCESS, RETRY, FAIL
}
