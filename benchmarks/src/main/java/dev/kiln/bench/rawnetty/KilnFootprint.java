package dev.kiln.bench.rawnetty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * A diagnostic for the load test, not part of the baseline: gives the raw-Netty server the per-connection objects
 * Kiln has and it has not, touched as often, and nothing else ({@code RawNettyServer --kiln-footprint}).
 *
 * <p>Kiln's pipeline holds, per connection, a {@code RequestAggregator} (56 B) in a pipeline context of its own
 * (64 B) and a {@code ConnectionTimeouts} (40 B), and every request reads or writes all three. This hop is placed
 * between the codec and {@link RawNettyHandler}; its fields and its {@link Clocks} make the same sizes (56 and
 * 40 B with compressed references, as {@code jcmd <pid> GC.class_histogram} counts them), and it writes both on
 * every message and every read-complete, then passes them on. If the baseline costs as much more per request with it as Kiln costs over the baseline
 * without it, the difference is those objects; see BENCHMARKS.md, the 10,000-connection cells.
 */
final class KilnFootprint extends ChannelInboundHandlerAdapter {
    /** As big as {@code ConnectionTimeouts}: a phase, a flag and two clocks. */
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
