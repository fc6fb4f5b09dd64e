package dev.kiln.bench.rawnetty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The raw-Netty HTTP/2 baseline: h2c by prior knowledge, Netty's {@code Http2FrameCodec} and one frame handler on
 * the connection (no child channel per stream: the cheapest way Netty serves HTTP/2), answering {@code GET
 * /plaintext} and {@code GET /json} with the headers Kiln sends ({@code content-type}, {@code content-length},
 * {@code date}), anything else 404. For {@code benchmarks/h2load.sh}, beside {@link RawNettyServer}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.kiln.bench.rawnetty.RawNettyHttp2Server [--port N] [--host H]
 *      [--event-loops N]
 * </pre>
 */
public final class RawNettyHttp2Server {
    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain; charset=utf-8");
    private static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");
    private static final String HELLO = "Hello, World!";
    private static final byte[] NOT_FOUND = "Not Found\n".getBytes(StandardCharsets.US_ASCII);

    private RawNettyHttp2Server() {}

    public static void main(String[] args) throws InterruptedException {
        int port = 8080;
        String host = "127.0.0.1";
        int eventLoops = Runtime.getRuntime().availableProcessors();
        boolean multiplex = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--multiplex" -> multiplex = true;
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--host" -> host = args[++i];
                case "--event-loops" -> eventLoops = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; usage: RawNettyHttp2Server [--port N] [--host H] [--event-loops N] [--multiplex]");
            }
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(eventLoops, io);
        boolean streams = multiplex;
        try {
            Channel channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(serverChannel)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            if (streams) { // a child channel per stream, as Kiln has: what Netty's multiplexing costs
                                ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(),
                                        new Http2MultiplexHandler(new Handler()));
                            } else {
                                ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(), new Handler());
                            }
                        }
                    })
                    .bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
            System.out.printf("raw Netty h2c serving on %s:%d (%s transport, %d event loops%s)%n", host,
                    ((InetSocketAddress) channel.localAddress()).getPort(), epoll ? "epoll" : "nio", eventLoops,
                    multiplex ? ", a child channel per stream" : "");
            channel.closeFuture().sync();
        } finally {
            boss.shutdownGracefully(0, 5, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        }
    }

    /**
     * Answers each request when its HEADERS (or its last DATA) arrives; flushes once per read. On the connection,
     * or (sharable) on each stream's child channel with {@code --multiplex}, where frames carry no stream of their
     * own and the child's flush at its read's end reaches the connection.
     */
    @ChannelHandler.Sharable
    private static final class Handler extends ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame headers && headers.isEndStream()) {
                    respond(ctx, headers.stream(), headers.headers());
                } else if (msg instanceof Http2DataFrame data && data.isEndStream()) {
                    respond(ctx, data.stream(), null); // a body no route reads: 404
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private static void respond(ChannelHandlerContext ctx, Http2FrameStream stream, Http2Headers request) {
            CharSequence path = request == null ? "" : request.path();
            boolean get = request != null && AsciiString.contentEquals("GET", request.method());
            ByteBuf body;
            AsciiString type;
            HttpResponseStatus status = HttpResponseStatus.OK;
            if (get && AsciiString.contentEquals("/plaintext", path)) {
                body = ByteBufUtil.writeUtf8(ctx.alloc(), HELLO);
                type = TEXT_PLAIN;
            } else if (get && AsciiString.contentEquals("/json", path)) {
                body = ByteBufUtil.writeUtf8(ctx.alloc(), "{\"message\":\"" + HELLO + "\"}");
                type = APPLICATION_JSON;
            } else {
                body = Unpooled.wrappedBuffer(NOT_FOUND);
                type = TEXT_PLAIN;
                status = HttpResponseStatus.NOT_FOUND;
            }
            Http2Headers headers = new DefaultHttp2Headers(false).status(status.codeAsText())
                    .set("content-type", type)
                    .setInt("content-length", body.readableBytes())
                    .set("date", DATE.get().now());
            Http2HeadersFrame head = new DefaultHttp2HeadersFrame(headers);
            Http2DataFrame data = new DefaultHttp2DataFrame(body, true);
            if (!(ctx.channel() instanceof Http2StreamChannel)) {
                head.stream(stream);
                data.stream(stream);
            }
            ctx.write(head, ctx.voidPromise());
            ctx.write(data, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!(cause instanceof IOException)) cause.printStackTrace();
            ctx.close();
        }
    }

    private static final io.netty.util.concurrent.FastThreadLocal<RawNettyHandler.DateHeader> DATE =
            new io.netty.util.concurrent.FastThreadLocal<>() {
                @Override
                protected RawNettyHandler.DateHeader initialValue() {
                    return new RawNettyHandler.DateHeader();
                }
            };
}
