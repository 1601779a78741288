package io.hookflow.delivery.entity;

import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * Which node holds a row of shared work, and until when: every leased table embeds this ({@code lease_owner},
 * {@code lease_until}). A node that dies leaves the row due again once the lease lapses; a booking counts only
 * while the row still carries the very lease it was claimed with.
 */
@Embeddable
public class Lease {

    public static final int MAX_OWNER_LENGTH = 64;
    public static final String OWNER_COLUMN = "lease_owner";
    public static final String UNTIL_COLUMN = "lease_until";

    @Column(name = OWNER_COLUMN, length = MAX_OWNER_LENGTH)
    private String owner;

    @Column(name = UNTIL_COLUMN)
    private Instant until;

    public void claim(String owner, Instant until) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.until = Objects.requireNonNull(until, "until");
    }

    public void release() {
        this.owner = null;
        this.until = null;
    }

    /** Whether {@code owner} still holds the lease it claimed (it lapsed and was claimed again otherwise). */
    public boolean heldBy(String owner, Instant until) {
        return owner.equals(this.owner) && until.equals(this.until);
    }

    /** Whether somebody holds it at {@code now}. */
    public boolean activeAt(Instant now) {
        return until != null && until.isAfter(now);
    }

    public String owner() {
        return owner;
    }

    public Instant until() {
        return until;
    }
}
