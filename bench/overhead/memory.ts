import {
  createFakeClock,
  createFakeMetricsSource,
  createProactive,
  silentLogger,
  type FakeSeriesDefinition,
} from '@proactive/core'

// The series the default sources produce on a typical host, played with noise.
const metrics = [
  'cpu.utilization',
  'cpu.cores',
  'load.average_1m',
  'memory.utilization',
  'memory.used_bytes',
  'memory.limit_bytes',
  'network.receive_bytes_per_second',
  'network.transmit_bytes_per_second',
  'process.heap.used_bytes',
  'process.heap.limit_bytes',
  'process.heap.after_gc_bytes',
  'process.rss_bytes',
  'process.cpu.utilization',
  'process.gc.pause_ms',
  'process.gc.pause_total_ms',
  'process.active_handles',
  'eventloop.delay.p99_ms',
  'eventloop.delay.max_ms',
  'eventloop.utilization',
]
const series: FakeSeriesDefinition[] = [
  ...metrics.map((metric) => ({ metric, values: () => 50 + Math.random() * 10 })),
  ...['/', '/data'].flatMap((mount) => [
    { metric: 'disk.utilization', labels: { mount }, values: () => 40 + Math.random() },
    { metric: 'disk.available_bytes', labels: { mount }, values: () => 1e10 + Math.random() * 1e6 },
  ]),
  ...['GET /a', 'GET /b'].flatMap((route) =>
    ['http.latency.p50_ms', 'http.latency.p95_ms', 'http.requests.rate'].map((metric) => ({
      metric,
      labels: { route },
      values: () => Math.random() * 100,
    })),
  ),
]

/** Runs hours of 1 s sampling on the fake clock and reports the heap after GC along the way. */
export async function simulateMemory(): Promise<{ label: string; heapMb: number; points: number }[]> {
  const gc = (globalThis as { gc?: () => void }).gc
  const clock = createFakeClock()
  const proactive = createProactive({
    clock,
    logger: silentLogger,
    sources: [createFakeMetricsSource({ series })],
    defaultSources: false,
  })
  await proactive.start()
  const rows: { label: string; heapMb: number; points: number }[] = []
  const measure = async (label: string) => {
    await proactive.monitor.flush()
    gc?.()
    const stored = await proactive.storage.querySamples({ metric: 'cpu.utilization' })
    rows.push({
      label,
      heapMb: process.memoryUsage().heapUsed / 1e6,
      points: (stored[0]?.points.length ?? 0) * series.length,
    })
  }
  await measure('start')
  for (const hours of [1, 2, 3, 4, 6]) {
    await clock.advanceTo(Date.parse('2026-01-01T00:00:00Z') + hours * 3_600_000)
    await measure(`${hours} h`)
  }
  await proactive.stop()
  return rows
}
