import type { Clock } from './clock/clock'
import type { EventBus } from './events/event-bus'
import type { CapturedException } from './http/captured-exception'
import type { HttpRecorder } from './http/http-recorder'
import type { RouteTable } from './http/route-table'
import type { Logger } from './logging/logger'
import type { MetricsSource } from './metrics/metrics-source'
import type { HealthReport } from './monitor/health-report'
import type { Monitor } from './monitor/monitor'
import type { ThresholdOptions } from './monitor/thresholds'
import type { Storage } from './storage/storage'
import type { PredictionKindDefinition, Predictor } from './predictor/predictor'
import type { Alerting, AlertingOptions } from './alerting/create-alerting'

/** What a host passes to `createProactive`. Every field is optional; see `proactiveDefaults`. */
export interface ProactiveOptions {
  /** A name for this service, shown in `/health`. Default: `npm_package_name` or `proactive`. */
  serviceName?: string
  /** Clock for all timing; pass `createFakeClock()` in tests. */
  clock?: Clock
  logger?: Logger
  /** Where history goes. Default: bounded memory storage. */
  storage?: Storage
  /**
   * Metrics sources. Default: system, disk, process and HTTP. Passing a list replaces the
   * defaults except HTTP (the adapters feed it); use `defaultSources: true` to keep them too.
   */
  sources?: readonly MetricsSource[]
  /** Keep the built-in system, disk and process sources next to `sources`. Default: true without `sources`. */
  defaultSources?: boolean
  /** How often cheap metrics are sampled. Default 1000 ms. */
  sampleIntervalMs?: number
  /** How often disk space is sampled. Default 30 000 ms. */
  diskSampleIntervalMs?: number
  /** Mounts whose disk space is watched. Default: `/` and the mount of the working directory. */
  diskPaths?: readonly string[]
  thresholds?: ThresholdOptions
  /** How long stored history is kept. Default 7 days. */
  retentionMs?: number
  /** Bearer token for protected endpoints. Without one, only health endpoints answer. */
  token?: string
  /** The prediction kinds. Default: `defaultPredictionKinds()` with these thresholds. */
  predictionKinds?: readonly PredictionKindDefinition[]
  /** p95 route latency that performance predictions watch (`API_RESPONSE_THRESHOLD_MS`). Default 200. */
  apiResponseThresholdMs?: number
  /** How far ahead predictions look. Default 15 minutes. */
  predictionHorizonMs?: number
  /** Where alerts go. Without it, issues and predictions are only published as events. */
  alerting?: AlertingOptions
}

/**
 * A running Proactive instance: everything the adapters, the standalone server and the host use.
 * Instances are independent (no globals), so two apps in one process do not collide.
 */
export interface Proactive {
  readonly serviceName: string
  readonly clock: Clock
  readonly logger: Logger
  readonly events: EventBus
  readonly storage: Storage
  readonly monitor: Monitor
  /** Turns samples into predictions (`GET /predictions`). */
  readonly predictor: Predictor
  /** The alert pipeline, when `alerting` was configured. */
  readonly alerting: Alerting | undefined
  /** Request timings recorded by the adapters. */
  readonly http: HttpRecorder
  /** The framework-free endpoints, mounted by the adapters and the standalone server. */
  readonly routes: RouteTable
  /** Initialises storage and starts sampling. Idempotent; adapters call it for you. */
  start(): Promise<void>
  /** Stops sampling, flushes and closes storage. Idempotent. */
  stop(): Promise<void>
  /** The current health report. */
  health(): HealthReport
  /** Hands an error of the host to Proactive (adapters do this for route errors). Never throws. */
  captureException(exception: CapturedException): void
  /** The most recent captured exceptions, newest first (bounded). */
  recentExceptions(): readonly CapturedException[]
}
