package dev.kiln.server;

import io.netty.util.internal.PlatformDependent;

/**
 * Run by {@link NettyJfrDefaultTest} in a JVM of its own: makes a server the way an application does (and, with
 * the argument {@code netty-first}, uses Netty before that), then prints whether Netty's JFR events are on.
 */
public final class JfrProbe {
    private JfrProbe() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("netty-first")) {
            io.netty.buffer.Unpooled.buffer(1).release();
        }
        new KilnServer(TestRoutes.builder().get("/ok", ctx -> ctx.text("ok")).build());
        System.out.println("jfr=" + PlatformDependent.isJfrEnabled());
    }
}
