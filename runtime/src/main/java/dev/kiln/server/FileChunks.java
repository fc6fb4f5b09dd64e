package dev.kiln.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.stream.ChunkedInput;
import io.netty.handler.stream.ChunkedNioFile;

/**
 * A file body as HTTP contents read a chunk at a time, for Netty's {@code ChunkedWriteHandler} on an HTTP/2 stream:
 * the stream's codec takes HTTP objects, not bare buffers, and the handler reads the next chunk only when the
 * stream is writable, so the file goes out as the client's flow-control window opens instead of being read into
 * memory at once. Unlike Netty's {@code HttpChunkedInput} it ends without a last content: the response's end is
 * written by {@link RequestHandler} as for every other body.
 */
final class FileChunks implements ChunkedInput<HttpContent> {
    private final ChunkedNioFile file;

    FileChunks(ChunkedNioFile file) {
        this.file = file;
    }

    @Override
    public boolean isEndOfInput() throws Exception {
        return file.isEndOfInput();
    }

    @Override
    public void close() throws Exception {
        file.close();
    }

    @Deprecated
    @Override
    public HttpContent readChunk(ChannelHandlerContext ctx) throws Exception {
        return readChunk(ctx.alloc());
    }

    @Override
    public HttpContent readChunk(ByteBufAllocator allocator) throws Exception {
        ByteBuf chunk = file.readChunk(allocator);
        return chunk == null ? null : new DefaultHttpContent(chunk);
    }

    @Override
    public long length() {
        return file.length();
    }

    @Override
    public long progress() {
        return file.progress();
    }
}
