/** What is known about a metric: its unit and a one-line description (used for `# HELP`). */
export interface MetricInfo {
  readonly unit: string
  readonly help: string
}

/** The metric names of DESIGN.md with their units. Sources may emit others; they get unit `''`. */
export const metricCatalog: Readonly<Record<string, MetricInfo>> = Object.freeze({
  'cpu.utilization': {
    unit: 'percent',
    help: 'CPU used, as % of the CPU available to this container or host',
  },
  'cpu.cores': { unit: 'cores', help: 'CPU cores available to this container or host (cgroup quota wins)' },
  'load.average_1m': { unit: 'load', help: '1-minute load average of the host' },
  'memory.utilization': {
    unit: 'percent',
    help: 'Memory used, as % of the limit (cgroup limit when there is one)',
  },
  'memory.used_bytes': {
    unit: 'bytes',
    help: 'Memory used (cgroup usage less reclaimable page cache when in a container)',
  },
  'memory.limit_bytes': {
    unit: 'bytes',
    help: 'Memory limit: the cgroup limit when there is one, else host total',
  },
  'disk.utilization': {
    unit: 'percent',
    help: 'Disk space used, as % of the space available to unprivileged users, per mount',
  },
  'disk.available_bytes': { unit: 'bytes', help: 'Disk space available to unprivileged users, per mount' },
  'network.receive_bytes_per_second': {
    unit: 'bytes/s',
    help: 'Bytes received per second, all non-loopback interfaces',
  },
  'network.transmit_bytes_per_second': {
    unit: 'bytes/s',
    help: 'Bytes sent per second, all non-loopback interfaces',
  },
  'process.heap.used_bytes': { unit: 'bytes', help: 'V8 heap in use' },
  'process.heap.limit_bytes': { unit: 'bytes', help: 'V8 heap size limit' },
  'process.heap.after_gc_bytes': { unit: 'bytes', help: 'V8 heap in use right after the latest major GC' },
  'process.rss_bytes': { unit: 'bytes', help: 'Resident set size of the process' },
  'process.cpu.utilization': { unit: 'percent', help: 'CPU used by this process, as % of one core' },
  'process.gc.pause_ms': { unit: 'ms', help: 'Longest GC pause since the previous sample' },
  'process.gc.pause_total_ms': { unit: 'ms', help: 'Total GC pause time since the previous sample' },
  'process.active_handles': {
    unit: 'count',
    help: 'Active libuv handles and requests keeping the loop alive',
  },
  'eventloop.delay.p99_ms': { unit: 'ms', help: 'p99 event-loop delay since the previous sample' },
  'eventloop.delay.max_ms': { unit: 'ms', help: 'Largest event-loop delay since the previous sample' },
  'eventloop.utilization': { unit: 'ratio', help: 'Event-loop utilisation since the previous sample (0–1)' },
  'http.latency.p50_ms': { unit: 'ms', help: 'Median response time, per route and overall' },
  'http.latency.p95_ms': { unit: 'ms', help: '95th percentile response time, per route and overall' },
  'http.latency.p99_ms': { unit: 'ms', help: '99th percentile response time, per route and overall' },
  'http.requests.rate': { unit: 'requests/s', help: 'Requests per second, per route and overall' },
  'http.errors.rate': {
    unit: 'errors/s',
    help: 'Responses with status ≥ 500 per second, per route and overall',
  },
  'db.pool.waiting': { unit: 'count', help: 'Clients waiting for a pooled connection' },
  'db.connections.active': { unit: 'count', help: 'Connections executing a query' },
  'db.query.mean_ms': { unit: 'ms', help: 'Mean query time' },
  'cache.hit_rate': { unit: 'ratio', help: 'Cache hits / lookups (0–1)' },
})

/** The unit of a metric, or `''` when it is not in the catalog. */
export function unitOf(metric: string): string {
  return metricCatalog[metric]?.unit ?? ''
}
