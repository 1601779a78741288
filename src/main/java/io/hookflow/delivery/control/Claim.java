package io.hookflow.delivery.control;

import java.util.List;

/**
 * What one claim leased.
 *
 * @param pageFull  as many rows were due as were asked for: there is probably more
 * @param exhausted fewer rows were due than asked for, and none of them was left due (each was taken or failed):
 *                  outside the lanes and tenants the claim left out, nothing is due now
 */
public record Claim<W extends ClaimedWork>(List<W> claimed, boolean pageFull, boolean exhausted) {

    public Claim {
        claimed = List.copyOf(claimed);
        if (pageFull && exhausted) {
            throw new IllegalArgumentException("a full page may have more behind it");
        }
    }

    public static <W extends ClaimedWork> Claim<W> none() {
        return new Claim<>(List.of(), false, true);
    }

    /** What a claim that locked {@code due} rows of {@code max} asked and took {@code claimed} of them comes to. */
    public static <W extends ClaimedWork> Claim<W> of(List<W> claimed, int due, int max, int leftDue) {
        return new Claim<>(claimed, due == max, due < max && leftDue == 0);
    }
}
