-- wrk reporter for benchmarks/load.sh: one machine-readable line after the run. Defines no request(),
-- so wrk keeps its static, fastest request path.
--
-- Latency percentiles are wrk's (after its coordinated-omission correction). wrk 4.1 returns 0 for a
-- percentile that its correction pushed out of its [min, max] walk, which happens with pipelining; load.sh
-- prints those as "-".
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "KILNBENCH requests=%d duration_us=%d p50_us=%d p99_us=%d connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.timeout, e.status))
end
