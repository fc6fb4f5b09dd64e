package dev.kiln.bench.rawnetty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * A diagnostic for the load test, not part of the baseline: gives the raw-Netty server the per-connection objects
 * Kiln had and it has not, touched as often, and nothing else ({@code RawNettyServer --kiln-footprint}).
 *
 * <p>Until {@code 12e844b}, Kiln's pipeline held, per connection, a {@code RequestAggregator} (56 B) in a pipeline
 * context of its own (64 B) and a {@code ConnectionTimeouts} (40 B; its clocks are now in {@code ConnectionState}),
 * and every request read or wrote all three.
 * This hop is placed between the codec and {@link RawNettyHandler}; its fields and its {@link Clocks} make the same
 * sizes (56 and 40 B with compressed references, as {@code jcmd <pid> GC.class_histogram} counts them), and it
 * writes both on every message and every read-complete, then passes them on. With it, the baseline cost as much
 * more per request at 10,000 connections as Kiln had cost over the baseline without it: the difference was those
 * objects, which is why Kiln now folds them into its one handler. Kept so that the experiment can be rerun; see
 * BENCHMARKS.md, the 10,000-connection cells.
 */
final class KilnFootprint extends ChannelInboundHandlerAdapter {
    /** As big as {@code ConnectionTimeouts} was as an object of its own: a phase, a flag and two clocks. */
    static final class Clocks {
        int phase;
        boolean completedInRead;
        long lastRead;
        long headStart;
    }

    private final Clocks clocks = new Clocks();
    // Padding to the aggregator's size (HttpObjectAggregator's own fields and Kiln's); never read.
    @SuppressWarnings("unused")
    private Object currentMessage, context, listener, matcher, handler;
    @SuppressWarnings("unused")
    private int maxContentLength, maxComponents, maxHeaderCount;
    private boolean lastOwed;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastOwed = !lastOwed;
        clocks.phase++;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        clocks.lastRead = System.nanoTime();
        clocks.completedInRead = false;
        ctx.fireChannelReadComplete();
    }
}
