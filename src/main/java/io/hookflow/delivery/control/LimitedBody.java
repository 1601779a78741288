package io.hookflow.delivery.control;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Keeps the first {@code keep} bytes of a response body. The rest is read and dropped so the connection can
 * be reused, up to {@link #DRAIN_LIMIT} more bytes; a receiver that sends more than that gets its
 * connection closed rather than our memory or time.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<LimitedBody.Kept> {

    static final long DRAIN_LIMIT = 256 * 1024;

    record Kept(byte[] bytes, boolean truncated) {
    }

    private final int keep;
    private final ByteArrayOutputStream kept;
    private final CompletableFuture<Kept> result = new CompletableFuture<>();
    private long seen;
    private Flow.Subscription subscription;

    LimitedBody(int keep) {
        this.keep = keep;
        this.kept = new ByteArrayOutputStream(Math.min(keep, 1024));
    }

    @Override
    public CompletionStage<Kept> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            int remaining = buffer.remaining();
            int room = keep - kept.size();
            if (room > 0) {
                int take = Math.min(room, remaining);
                byte[] chunk = new byte[take];
                buffer.get(chunk);
                kept.write(chunk, 0, take);
            }
            seen += remaining;
        }
        if (seen > keep + DRAIN_LIMIT) {
            subscription.cancel();
            result.complete(new Kept(kept.toByteArray(), true));
        }
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(new Kept(kept.toByteArray(), seen > keep));
    }
}
