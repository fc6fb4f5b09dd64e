package dev.kiln.server;

import dev.kiln.RouteInfo;
import java.util.ArrayList;
import java.util.List;

/** Several {@link ServerObserver}s told in turn, in the order they were added, as one. */
final class Observers implements ServerObserver {
    private final ServerObserver[] all;

    Observers(List<ServerObserver> observers) {
        this.all = observers.toArray(new ServerObserver[0]);
    }

    @Override
    public void starting(List<RouteInfo> routes, ServerStats stats) {
        for (ServerObserver o : all) o.starting(routes, stats);
    }

    /** Each observer's own, for the connection, as one. */
    @Override
    public ServerObserver forConnection() {
        List<ServerObserver> each = new ArrayList<>(all.length);
        for (ServerObserver o : all) each.add(o.forConnection());
        return new Observers(each);
    }

    @Override
    public void requestStarted() {
        for (ServerObserver o : all) o.requestStarted();
    }

    @Override
    public void requestCompleted(int route, int method, int status, long nanos, long bytesIn, long bytesOut) {
        for (ServerObserver o : all) o.requestCompleted(route, method, status, nanos, bytesIn, bytesOut);
    }
}
