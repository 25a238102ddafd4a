import { randomUUID } from 'node:crypto'
import type { MetricsSource } from './metrics/metrics-source'
import type { Proactive, ProactiveOptions } from './proactive-types'
import type { CapturedException } from './http/captured-exception'
import { realClock } from './clock/real-clock'
import { invalidOption } from './errors/codes'
import { EventBus } from './events/event-bus'
import { createHttpRecorder } from './http/http-recorder'
import { createRouteTable } from './http/route-table'
import { healthRoutes } from './http/routes/health-routes'
import { metricsRoutes } from './http/routes/metrics-routes'
import { predictionRoutes } from './http/routes/prediction-routes'
import { alertRoutes } from './http/routes/alert-routes'
import { createPredictor } from './predictor/predictor'
import { createAlerting } from './alerting/create-alerting'
import { defaultPredictionKinds } from './predictor/default-kinds'
import { createConsoleLogger } from './logging/logger'
import { createDiskMetricsSource } from './metrics/disk-source'
import { createProcessMetricsSource } from './metrics/process-source'
import { createSystemMetricsSource } from './metrics/system-source'
import { createMonitor } from './monitor/monitor'
import { resolveThresholdRules } from './monitor/thresholds'
import { proactiveDefaults } from './proactive-defaults'
import { createMemoryStorage } from './storage/memory-storage'

export type { Proactive, ProactiveOptions } from './proactive-types'

/**
 * Creates a Proactive instance: monitor, storage, event bus, request recorder and endpoints.
 * Nothing runs until `start()` (the adapters call it for you).
 *
 * @example
 * import { createProactive } from '@proactive/core'
 *
 * const proactive = createProactive({ thresholds: { cpu: { warning: 60, critical: 80 } } })
 * proactive.events.on('issue.raised', (issue) => console.warn(issue.message))
 * await proactive.start()
 */
export function createProactive(options: ProactiveOptions = {}): Proactive {
  const clock = options.clock ?? realClock
  const logger = options.logger ?? createConsoleLogger('info')
  const events = new EventBus()
  const storage = options.storage ?? createMemoryStorage()
  const serviceName = options.serviceName ?? process.env.npm_package_name ?? proactiveDefaults.serviceName
  const sampleIntervalMs = positiveInteger(
    'sampleIntervalMs',
    options.sampleIntervalMs,
    proactiveDefaults.sampleIntervalMs,
  )
  const diskSampleIntervalMs = positiveInteger(
    'diskSampleIntervalMs',
    options.diskSampleIntervalMs,
    proactiveDefaults.diskSampleIntervalMs,
  )
  const retentionMs = positiveInteger('retentionMs', options.retentionMs, proactiveDefaults.retentionMs)
  if (options.token !== undefined && (typeof options.token !== 'string' || options.token.length < 16))
    throw invalidOption(
      'token',
      'a string of at least 16 characters',
      options.token === undefined ? undefined : '(hidden)',
    )

  const http = createHttpRecorder()
  const useDefaults = options.defaultSources ?? options.sources === undefined
  const sources: MetricsSource[] = [
    ...(useDefaults
      ? [
          createSystemMetricsSource(),
          createDiskMetricsSource({
            intervalMs: diskSampleIntervalMs,
            ...(options.diskPaths ? { paths: options.diskPaths } : {}),
          }),
          createProcessMetricsSource(),
        ]
      : []),
    ...(options.sources ?? []),
    http.source,
  ]
  const monitor = createMonitor({
    serviceName,
    clock,
    storage,
    events,
    logger,
    sources,
    rules: resolveThresholdRules(options.thresholds),
    sampleIntervalMs,
    retentionMs,
  })

  const predictor = createPredictor({
    events,
    storage,
    logger,
    kinds:
      options.predictionKinds ??
      defaultPredictionKinds({
        thresholds: options.thresholds,
        apiResponseThresholdMs: options.apiResponseThresholdMs,
      }),
    latestValue: (metric, labels) => monitor.latestValue(metric, labels),
    ...(options.predictionHorizonMs === undefined ? {} : { horizonMs: options.predictionHorizonMs }),
  })
  events.on('sample', (samples) => predictor.observe(samples))

  const alerting = options.alerting
    ? createAlerting(options.alerting, { clock, storage, events, logger, serviceName })
    : undefined

  const exceptions: CapturedException[] = []
  // Unique across instances and restarts that share one storage.
  const instanceId = randomUUID().slice(0, 8)
  let exceptionCount = 0
  let starting: Promise<void> | undefined
  let stopping: Promise<void> | undefined

  const proactive: Proactive = {
    serviceName,
    clock,
    logger,
    events,
    storage,
    monitor,
    predictor,
    alerting,
    http,
    get routes() {
      return routes
    },
    start() {
      starting ??= (async () => {
        await storage.init()
        await alerting?.start()
        await monitor.start()
      })()
      return starting
    },
    stop() {
      stopping ??= (async () => {
        if (starting) await starting.catch(() => {})
        await monitor.stop()
        await alerting?.stop()
        await storage.close()
      })()
      return stopping
    },
    health: () => monitor.health(),
    captureException(exception) {
      exceptions.unshift(exception)
      if (exceptions.length > proactiveDefaults.maxRecentExceptions) exceptions.pop()
      events.emit('exception', exception)
      storage
        .putRecord('exceptions', {
          id: `${exception.time}-${instanceId}-${++exceptionCount}`,
          time: exception.time,
          type: exception.name,
          data: exception,
        })
        .catch((error: unknown) =>
          events.emit('internal-error', error, { component: `storage:${storage.name}` }),
        )
    },
    recentExceptions: () => [...exceptions],
  }
  const routes = createRouteTable({
    routes: [
      ...healthRoutes(proactive),
      ...metricsRoutes(proactive),
      ...predictionRoutes(proactive),
      ...(alerting ? alertRoutes(alerting) : []),
    ],
    token: options.token,
    logger,
  })
  return proactive
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback
  if (!Number.isInteger(resolved) || resolved <= 0) throw invalidOption(name, 'a positive integer', value)
  return resolved
}
