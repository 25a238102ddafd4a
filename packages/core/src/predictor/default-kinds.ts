import type { ThresholdOptions } from '../monitor/thresholds'
import type { PredictionKindDefinition } from './predictor'
import { thresholdDefaults } from '../monitor/thresholds'
import { anomalyKind } from './anomaly-kind'
import { createCpuOverloadPredictor } from './kinds/cpu-overload'
import { createDiskExhaustionPredictor } from './kinds/disk-exhaustion'
import { createMemoryLeakPredictor } from './kinds/memory-leak'
import { createPerformanceDegradationPredictor } from './kinds/performance-degradation'

/** Options for {@link defaultPredictionKinds}: the same thresholds the monitor uses. */
export interface DefaultPredictionKindsOptions {
  thresholds?: ThresholdOptions | undefined
  /** `API_RESPONSE_THRESHOLD_MS`: the p95 latency routes must stay under. Default 200. */
  apiResponseThresholdMs?: number | undefined
}

/** The metrics the built-in anomaly kind scores; per-route series are left to degradation. */
export const anomalyMetrics: readonly string[] = [
  'cpu.utilization',
  'memory.utilization',
  'eventloop.delay.p99_ms',
  'process.heap.used_bytes',
  'http.latency.p95_ms',
  'http.errors.rate',
]

/**
 * The built-in kinds: `cpu_overload`, `memory_leak`, `disk_exhaustion`, `performance_degradation`
 * and `anomaly`, each fed the metrics it reads and the limits it needs.
 *
 * @example
 * createProactive({ predictionKinds: [...defaultPredictionKinds(), myQueueKind] })
 */
export function defaultPredictionKinds(
  options: DefaultPredictionKindsOptions = {},
): PredictionKindDefinition[] {
  const cpu = { ...thresholdDefaults.cpu, ...options.thresholds?.cpu }
  const eventLoop = { ...thresholdDefaults.eventLoopDelayMs, ...options.thresholds?.eventLoopDelayMs }
  const apiThresholdMs = options.apiResponseThresholdMs ?? 200
  return [
    {
      kind: 'cpu_overload',
      metrics: ['cpu.utilization'],
      create: ({ metric, labels }, context) =>
        createCpuOverloadPredictor({
          metric,
          labels,
          warningPercent: cpu.warning,
          criticalPercent: cpu.critical,
          horizonMs: context.horizonMs,
        }),
    },
    {
      kind: 'memory_leak',
      metrics: ['process.heap.after_gc_bytes'],
      create: ({ labels }, context) => {
        const leak = createMemoryLeakPredictor({ labels })
        return {
          update(time, value) {
            const limit = context.latestValue('process.heap.limit_bytes')
            if (limit !== undefined) leak.setLimit(limit, 'heap limit')
            return leak.update(time, value)
          },
        }
      },
    },
    {
      kind: 'disk_exhaustion',
      metrics: ['disk.available_bytes'],
      create: ({ labels }, context) => {
        const disk = createDiskExhaustionPredictor({ labels })
        return {
          update(time, value) {
            const utilization = context.latestValue('disk.utilization', labels)
            if (utilization !== undefined) disk.setUtilization(utilization)
            return disk.update(time, value)
          },
        }
      },
    },
    {
      kind: 'performance_degradation',
      metrics: ['http.latency.p95_ms', 'eventloop.delay.p99_ms'],
      create: ({ metric, labels }, context) =>
        createPerformanceDegradationPredictor({
          metric,
          labels,
          thresholdMs: metric === 'eventloop.delay.p99_ms' ? eventLoop.warning : apiThresholdMs,
          horizonMs: context.horizonMs,
        }),
    },
    anomalyKind({ metrics: anomalyMetrics }),
  ]
}
