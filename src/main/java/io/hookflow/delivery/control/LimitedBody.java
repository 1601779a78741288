package io.hookflow.delivery.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.entity.AbstractBinDataConsumer;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Takes an answer as it arrives: status, headers and the first {@code keep} bytes of the body. The rest is read
 * and dropped so the connection can be reused, up to {@link #DRAIN_LIMIT} more bytes; a receiver that sends more
 * than that gets its connection closed rather than our memory or time. The answer is handed on the moment it is
 * complete, on the client's I/O thread.
 */
final class LimitedBody extends AbstractBinDataConsumer implements AsyncResponseConsumer<Void> {

    static final long DRAIN_LIMIT = 256 * 1024;

    /** What arrived, once all of it (or all we take) has. */
    record Answer(int status, Map<String, List<String>> headers, byte[] body, boolean truncated) {
    }

    private final int keep;
    private final Consumer<Answer> onAnswer;
    private final ByteArrayOutputStream kept;
    private int status;
    private Map<String, List<String>> headers = Map.of();
    private long seen;
    private FutureCallback<Void> done;

    LimitedBody(int keep, Consumer<Answer> onAnswer) {
        this.keep = keep;
        this.onAnswer = onAnswer;
        this.kept = new ByteArrayOutputStream(Math.min(keep, 1024));
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context, FutureCallback<Void> done) {
        status = response.getCode();
        headers = headersOf(response);
        if (entity == null) {
            answer(false);
            done.completed(null);
        } else {
            this.done = done;
        }
    }

    private static Map<String, List<String>> headersOf(HttpResponse response) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            all.computeIfAbsent(header.getName(), name -> new ArrayList<>(1)).add(header.getValue());
        }
        return all;
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
        // a 1xx before the answer says nothing about the delivery
    }

    @Override
    protected int capacityIncrement() {
        return Integer.MAX_VALUE;
    }

    @Override
    protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
        int remaining = src.remaining();
        int room = keep - kept.size();
        if (room > 0) {
            int take = Math.min(room, remaining);
            byte[] chunk = new byte[take];
            src.get(chunk);
            kept.write(chunk, 0, take);
        }
        src.position(src.limit());
        seen += remaining;
        if (seen > keep + DRAIN_LIMIT) {
            answer(true);
            // fails the exchange, which closes the connection; the answer above is already given
            throw new IOException("response body longer than " + (keep + DRAIN_LIMIT) + " bytes");
        }
    }

    @Override
    protected void completed() {
        answer(seen > keep);
        if (done != null) {
            done.completed(null);
        }
    }

    private void answer(boolean truncated) {
        onAnswer.accept(new Answer(status, headers, kept.toByteArray(), truncated));
    }

    @Override
    public void failed(Exception cause) {
        // reported through the exchange's own callback
    }

    @Override
    public void releaseResources() {
        // nothing held beyond the kept bytes
    }
}
