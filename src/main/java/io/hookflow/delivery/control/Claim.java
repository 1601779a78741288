package io.hookflow.delivery.control;

import java.util.List;

/**
 * What one claim leased.
 *
 * @param pageFull as many rows were due as were asked for: there is probably more
 */
public record Claim<W extends ClaimedWork>(List<W> claimed, boolean pageFull) {

    public Claim {
        claimed = List.copyOf(claimed);
    }

    public static <W extends ClaimedWork> Claim<W> none() {
        return new Claim<>(List.of(), false);
    }
}
