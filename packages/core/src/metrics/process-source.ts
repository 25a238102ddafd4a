import { constants, monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks'
import type { EventLoopUtilization, IntervalHistogram, NodeGCPerformanceDetail } from 'node:perf_hooks'
import { getHeapStatistics } from 'node:v8'
import type { Clock } from '../clock/clock'
import { realClock } from '../clock/real-clock'
import type { MetricsSource } from './metrics-source'
import type { Sample } from './sample'
import { checkPositiveInteger, minRateWindowMs } from './source-options'

/** Options for {@link createProcessMetricsSource}. */
export interface ProcessMetricsSourceOptions {
  /** How often to collect; the monitor's `sampleIntervalMs` when absent. */
  intervalMs?: number
  /**
   * How often the event-loop delay histogram samples, in ms. Default 20: each sample wakes the loop,
   * and at 10 ms the wake-ups alone cost an idle process about 0.3 % of a core (pnpm bench:overhead);
   * 20 ms still catches every block longer than 20 ms, far below the 200 ms warning level.
   */
  eventLoopResolutionMs?: number
  /** Measures the time between two collects, for CPU. Default: the real clock. */
  clock?: Pick<Clock, 'monotonic'>
}

/** Defaults of {@link createProcessMetricsSource}. */
export const processSourceDefaults = Object.freeze({ eventLoopResolutionMs: 20 })

interface Baseline {
  readonly atMs: number
  readonly cpu: NodeJS.CpuUsage
  readonly eventLoop: EventLoopUtilization
}

/**
 * This Node.js process: heap, RSS, CPU, GC pauses, event-loop delay and utilisation, active handles.
 *
 * `start()` connects a GC observer and an event-loop delay histogram; `close()` releases them. Both are
 * idempotent, and a collect before `start()` starts them itself. Pause and delay values cover the time since
 * the previous collect; event-loop delay is the lag beyond the histogram's own timer interval.
 *
 * @example
 * const proactive = createProactive({ sources: [createProcessMetricsSource({ eventLoopResolutionMs: 20 })] })
 */
export function createProcessMetricsSource(options: ProcessMetricsSourceOptions = {}): MetricsSource {
  checkPositiveInteger('ProcessMetricsSourceOptions.intervalMs', options.intervalMs)
  checkPositiveInteger('ProcessMetricsSourceOptions.eventLoopResolutionMs', options.eventLoopResolutionMs)
  const resolutionMs = options.eventLoopResolutionMs ?? processSourceDefaults.eventLoopResolutionMs
  const clock = options.clock ?? realClock
  let observer: PerformanceObserver | undefined
  let histogram: IntervalHistogram | undefined
  let baseline: Baseline | undefined
  let longestPauseMs = 0
  let totalPauseMs = 0
  let heapAfterGcBytes: number | undefined

  const takeBaseline = (): Baseline => ({
    atMs: clock.monotonic(),
    cpu: process.cpuUsage(),
    eventLoop: performance.eventLoopUtilization(),
  })

  const start = () => {
    if (observer) return
    observer = new PerformanceObserver((list) => {
      let major = false
      for (const entry of list.getEntries()) {
        longestPauseMs = Math.max(longestPauseMs, entry.duration)
        totalPauseMs += entry.duration
        // Node puts the GC kind on `detail`, which @types/node 20 leaves off the base PerformanceEntry.
        const { detail } = entry as { detail?: NodeGCPerformanceDetail }
        if (detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major = true
      }
      // Entries arrive in a later tick than the GC itself, so this is the closest reading to "right after" one.
      if (major) heapAfterGcBytes = getHeapStatistics().used_heap_size
    })
    observer.observe({ entryTypes: ['gc'] })
    histogram = monitorEventLoopDelay({ resolution: resolutionMs })
    histogram.enable()
    baseline = takeBaseline()
  }

  return {
    name: 'process',
    ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
    start,
    close() {
      observer?.disconnect()
      histogram?.disable()
      observer = undefined
      histogram = undefined
      baseline = undefined
      longestPauseMs = 0
      totalPauseMs = 0
      heapAfterGcBytes = undefined
    },
    collect({ time }) {
      start()
      const samples: Sample[] = []
      const emit = (metric: string, value: number) => {
        if (Number.isFinite(value)) samples.push({ metric, value, time })
      }
      const heap = getHeapStatistics()
      emit('process.heap.used_bytes', heap.used_heap_size)
      emit('process.heap.limit_bytes', heap.heap_size_limit)
      if (heapAfterGcBytes !== undefined) emit('process.heap.after_gc_bytes', heapAfterGcBytes)
      emit('process.rss_bytes', process.memoryUsage.rss())
      emit('process.active_handles', process.getActiveResourcesInfo().length)

      const now = takeBaseline()
      const elapsedMs = now.atMs - (baseline?.atMs ?? now.atMs)
      // A collect right after start() measures too short a window; the older baseline stays for next time.
      if (baseline && elapsedMs >= minRateWindowMs) {
        const cpuMicros = now.cpu.user - baseline.cpu.user + (now.cpu.system - baseline.cpu.system)
        emit('process.cpu.utilization', (cpuMicros / (elapsedMs * 1000)) * 100)
        emit(
          'eventloop.utilization',
          performance.eventLoopUtilization(now.eventLoop, baseline.eventLoop).utilization,
        )
        baseline = now
      }

      emit('process.gc.pause_ms', longestPauseMs)
      emit('process.gc.pause_total_ms', totalPauseMs)
      longestPauseMs = 0
      totalPauseMs = 0

      if (histogram && histogram.count > 0) {
        // The histogram records the whole timer interval; the delay is what comes on top of it.
        emit('eventloop.delay.p99_ms', Math.max(0, histogram.percentile(99) / 1e6 - resolutionMs))
        emit('eventloop.delay.max_ms', Math.max(0, histogram.max / 1e6 - resolutionMs))
        histogram.reset()
      }
      return samples
    },
  }
}
