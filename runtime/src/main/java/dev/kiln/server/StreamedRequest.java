package dev.kiln.server;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;

/**
 * A request whose body streams to its handler ({@link StreamedBody}) instead of being gathered: served from its
 * head. Reference counted like a gathered request, so that the connection's retain and release (for a hand-off to a
 * worker) decide when the request has ended; then what is left of the body is discarded.
 */
final class StreamedRequest extends DefaultHttpRequest implements ReferenceCounted {
    private final StreamedBody body;
    private final AbstractReferenceCounted count = new AbstractReferenceCounted() {
        @Override
        protected void deallocate() {
            body.discard();
        }

        @Override
        public ReferenceCounted touch(Object hint) {
            return this;
        }
    };

    StreamedRequest(HttpRequest head, StreamedBody body) {
        super(head.protocolVersion(), head.method(), head.uri(), head.headers());
        setDecoderResult(head.decoderResult());
        this.body = body;
    }

    /** The body, as it arrives. */
    StreamedBody body() {
        return body;
    }

    @Override
    public int refCnt() {
        return count.refCnt();
    }

    @Override
    public StreamedRequest retain() {
        count.retain();
        return this;
    }

    @Override
    public StreamedRequest retain(int increment) {
        count.retain(increment);
        return this;
    }

    @Override
    public StreamedRequest touch() {
        return this;
    }

    @Override
    public StreamedRequest touch(Object hint) {
        return this;
    }

    @Override
    public boolean release() {
        return count.release();
    }

    @Override
    public boolean release(int decrement) {
        return count.release(decrement);
    }
}
