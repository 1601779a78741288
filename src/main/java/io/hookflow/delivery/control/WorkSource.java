package io.hookflow.delivery.control;

import java.time.Instant;
import java.util.List;

/**
 * A kind of work the engine serves; a feature provides it as a CDI bean and the engine finds every one. It
 * claims due rows under a lease ({@link #claim}), the engine sends their requests in their lanes, the source
 * works out what each exchange means as soon as it ends ({@link #interpret}, on the engine's executor, one item at
 * a time) and books the results in batches ({@link #book}).
 *
 * <p>One item's failure must stay that item's: a source catches what building one request throws inside its claim
 * and fails that row; the engine turns an exception of {@code interpret} or of booking one item into
 * {@link #failed}, booked on its own.
 *
 * @param <W> what a claim leases
 * @param <F> a finished item ready to be booked
 */
public interface WorkSource<W extends ClaimedWork, F> {

    /** The kind of work, as metrics and the attempt ledger name it ({@code webhook}, {@code flow_step}). */
    String kind();

    /** Leases due rows as {@code request} says, each in one transaction. */
    Claim<W> claim(ClaimRequest request);

    /** What came of {@code work}: {@code outcome} is null when it was never sent (its lease is to be given back). */
    F interpret(W work, DeliveryOutcome outcome, Instant at);

    /** {@code work} cannot be worked as usual (interpreting or booking it threw): book it as failed for {@code reason}. */
    F failed(W work, DeliveryOutcome outcome, String reason, Instant at);

    /** Books finished items in one transaction, one result per item, in order. */
    List<Booked> book(String owner, List<F> finished);

    /** Gives back every lease {@code owner} holds. */
    int releaseAll(String owner);

    Backlog backlog(Instant now);
}
