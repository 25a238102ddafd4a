import type { Clock, TimerHandle } from '../clock/clock'
import type { EventBus } from '../events/event-bus'
import type { Logger } from '../logging/logger'
import type { MetricsSource } from '../metrics/metrics-source'
import type { Sample } from '../metrics/sample'
import type { Storage } from '../storage/storage'
import type { HealthReport } from './health-report'
import type { MonitorIssue } from './monitor-issue'
import type { ThresholdRule } from './thresholds'
import { invalidOption, invalidState } from '../errors/codes'
import { seriesKey } from '../metrics/sample'
import { buildHealthReport } from './health-report'
import { SampleWriter } from './sample-writer'
import { checkKey, evaluateRule, issueMessage } from './thresholds'

/** What the monitor needs; `createProactive` fills it in from `ProactiveOptions`. */
export interface MonitorOptions {
  serviceName: string
  clock: Clock
  storage: Storage
  events: EventBus
  logger: Logger
  sources: readonly MetricsSource[]
  rules: readonly ThresholdRule[]
  sampleIntervalMs: number
  retentionMs: number
  /** Unwritten samples kept while storage is slow or down. Default 50 000. */
  maxBacklogSamples?: number
}

/** Samples the sources, stores history, evaluates thresholds and keeps the current issues. */
export interface Monitor {
  start(): Promise<void>
  stop(): Promise<void>
  readonly running: boolean
  /** Collects every source once, now (also what each interval tick does per source). */
  collectNow(): Promise<void>
  /**
   * Takes samples from outside the sources, as if a source had produced them: stored, published as
   * `sample`, checked against thresholds. `proactive backtest` replays recorded files this way.
   */
  ingest(samples: readonly Sample[]): void
  /** The newest sample of every series. */
  latest(): readonly Sample[]
  /** The newest sample of one series. */
  latestValue(metric: string, labels?: Record<string, string>): number | undefined
  issues(): readonly MonitorIssue[]
  health(): HealthReport
  /** Waits until every sample collected so far is in storage. */
  flush(): Promise<void>
  /** Samples dropped because storage fell behind. */
  readonly droppedSamples: number
}

const pruneIntervalMs = 10 * 60_000

/**
 * Creates a monitor. Each source runs on its own interval; a source that throws or hangs is isolated
 * (logged, published as `internal-error`) and never stops the others.
 *
 * @example
 * const monitor = createMonitor({ serviceName: 'api', clock: realClock, storage, events, logger,
 *   sources: [createSystemMetricsSource()], rules: resolveThresholdRules(), sampleIntervalMs: 1000,
 *   retentionMs: 7 * 86_400_000 })
 * await monitor.start()
 */
export function createMonitor(options: MonitorOptions): Monitor {
  const { clock, storage, events, logger, rules } = options
  if (!Number.isInteger(options.sampleIntervalMs) || options.sampleIntervalMs < 10)
    throw invalidOption('sampleIntervalMs', 'an integer of at least 10', options.sampleIntervalMs)
  const names = new Set<string>()
  for (const source of options.sources) {
    if (names.has(source.name)) throw invalidOption('sources', 'sources with unique names', source.name)
    names.add(source.name)
    if (source.intervalMs !== undefined && (!Number.isInteger(source.intervalMs) || source.intervalMs < 10))
      throw invalidOption(
        `sources[${source.name}].intervalMs`,
        'an integer of at least 10',
        source.intervalMs,
      )
  }

  const rulesByMetric = new Map<string, ThresholdRule[]>()
  for (const rule of rules) rulesByMetric.set(rule.metric, [...(rulesByMetric.get(rule.metric) ?? []), rule])
  const watchedMetrics = new Set(rulesByMetric.keys())
  const latestBySeries = new Map<string, Sample>()
  const issuesBySeries = new Map<string, MonitorIssue>()
  const writer = new SampleWriter(storage, logger, events, options.maxBacklogSamples ?? 50_000)
  const inFlight = new Set<string>()
  const failingSources = new Set<string>()
  let timers: TimerHandle[] = []
  let running = false
  let stopped = false

  const collectSource = async (source: MetricsSource): Promise<void> => {
    if (inFlight.has(source.name)) return // the previous round is still running: skip, never pile up
    inFlight.add(source.name)
    try {
      const time = clock.now()
      const samples = await source.collect({ time })
      if (failingSources.delete(source.name)) logger.info({ source: source.name }, 'metrics source recovered')
      ingest(samples)
    } catch (error) {
      if (!failingSources.has(source.name)) {
        failingSources.add(source.name)
        logger.warn({ source: source.name, err: error }, 'metrics source failed; will keep trying')
      }
      events.emit('internal-error', error, { component: `source:${source.name}` })
    } finally {
      inFlight.delete(source.name)
    }
  }

  const ingest = (collected: readonly Sample[]) => {
    const samples = collected.filter((s) => Number.isFinite(s.value))
    if (samples.length === 0) return
    for (const sample of samples) latestBySeries.set(seriesKey(sample.metric, sample.labels), sample)
    writer.enqueue(samples)
    events.emit('sample', samples)
    evaluate(samples)
  }

  const evaluate = (samples: readonly Sample[]) => {
    let changed = false
    for (const sample of samples) {
      const sampleRules = rulesByMetric.get(sample.metric)
      if (!sampleRules) continue
      const labels = sample.labels ?? {}
      for (const rule of sampleRules) {
        const key = `${seriesKey(sample.metric, labels)}#${rule.name}`
        const verdict = evaluateRule(rule, sample.value)
        const previous = issuesBySeries.get(key)
        if (!verdict) {
          if (previous) {
            issuesBySeries.delete(key)
            const resolved = {
              ...previous,
              resolvedAt: sample.time,
              lastSeen: sample.time,
              value: sample.value,
            }
            persistIssue(resolved)
            events.emit('issue.resolved', resolved)
            changed = true
          }
          continue
        }
        const issue: MonitorIssue = {
          id: previous?.id ?? `${key}@${sample.time}`,
          metric: sample.metric,
          labels,
          check: checkKey(sample.metric),
          severity: verdict.severity,
          value: sample.value,
          threshold: verdict.threshold,
          message: issueMessage(rule, sample.value, verdict.threshold, labels),
          since: previous?.since ?? sample.time,
          lastSeen: sample.time,
        }
        issuesBySeries.set(key, issue)
        if (!previous || previous.severity !== issue.severity) {
          persistIssue(issue)
          events.emit('issue.raised', issue)
        }
        changed = true
      }
    }
    if (changed || samples.some((s) => watchedMetrics.has(s.metric))) events.emit('health', health())
  }

  const persistIssue = (issue: MonitorIssue) => {
    storage
      .putRecord('issues', {
        id: issue.id,
        time: issue.since,
        type: issue.resolvedAt ? 'resolved' : issue.severity,
        data: issue,
      })
      .catch((error: unknown) =>
        events.emit('internal-error', error, { component: `storage:${storage.name}` }),
      )
  }

  const prune = () => {
    storage
      .prune(clock.now() - options.retentionMs)
      .catch((error: unknown) =>
        events.emit('internal-error', error, { component: `storage:${storage.name}` }),
      )
  }

  const health = (): HealthReport =>
    buildHealthReport({
      serviceId: options.serviceName,
      time: clock.now(),
      latest: latestBySeries.values(),
      issues: [...issuesBySeries.values()],
      watchedMetrics,
    })

  return {
    get running() {
      return running
    },
    get droppedSamples() {
      return writer.dropped
    },
    async start() {
      if (running) return
      if (stopped) throw invalidState('Monitor', 'cannot start again after stop(); create a new instance')
      running = true
      for (const source of options.sources) {
        try {
          await source.start?.()
        } catch (error) {
          logger.warn({ source: source.name, err: error }, 'metrics source failed to start')
          events.emit('internal-error', error, { component: `source:${source.name}` })
        }
        const intervalMs = source.intervalMs ?? options.sampleIntervalMs
        timers.push(clock.setInterval(() => void collectSource(source), intervalMs))
      }
      timers.push(clock.setInterval(prune, pruneIntervalMs))
      // A first round right away, so /health has values before the first tick.
      await Promise.all(options.sources.map(collectSource))
    },
    async stop() {
      if (!running) return
      running = false
      stopped = true
      for (const timer of timers) clock.clearTimer(timer)
      timers = []
      for (const source of options.sources) {
        try {
          await source.close?.()
        } catch (error) {
          events.emit('internal-error', error, { component: `source:${source.name}` })
        }
      }
      await writer.flush()
    },
    async collectNow() {
      await Promise.all(options.sources.map(collectSource))
    },
    ingest,
    latest: () => [...latestBySeries.values()],
    latestValue: (metric, labels) => latestBySeries.get(seriesKey(metric, labels))?.value,
    issues: () => [...issuesBySeries.values()],
    health,
    flush: () => writer.flush(),
  }
}
