import type { EventBus } from '../events/event-bus'
import type { Logger } from '../logging/logger'
import type { Labels, Sample } from '../metrics/sample'
import type { Storage } from '../storage/storage'
import type { Prediction, PredictionKind, SeriesPredictor } from './prediction'
import { invalidOption } from '../errors/codes'
import { seriesKey } from '../metrics/sample'

/** What a prediction kind can read besides its own series. */
export interface PredictorContext {
  /** The newest value of any series (for limits such as `process.heap.limit_bytes`). */
  latestValue(metric: string, labels?: Labels): number | undefined
  /** The forecast horizon, in ms (15 minutes by default). */
  readonly horizonMs: number
}

/**
 * A kind of prediction: which metrics it reads and how to make its per-series predictor.
 *
 * @example
 * const queueBacklog: PredictionKindDefinition = {
 *   kind: 'queue_backlog',
 *   metrics: ['queue.depth'],
 *   create: () => createMyQueuePredictor(),
 * }
 */
export interface PredictionKindDefinition {
  readonly kind: PredictionKind
  /** The metrics whose samples this kind consumes; `'*'` means every metric. */
  readonly metrics: readonly string[]
  create(series: { metric: string; labels: Labels }, context: PredictorContext): SeriesPredictor
}

/** What `createPredictor` needs; `createProactive` fills it in. */
export interface PredictorOptions {
  events: EventBus
  storage: Storage
  logger: Logger
  kinds: readonly PredictionKindDefinition[]
  latestValue: PredictorContext['latestValue']
  /** Default 15 minutes. */
  horizonMs?: number
  /** Series tracked per kind; samples of further series are ignored (and counted). Default 1000. */
  maxSeriesPerKind?: number
  /** A prediction is stored again while it lasts at most this often. Default 5 minutes. */
  restoreIntervalMs?: number
}

/** Turns samples into predictions, kind by kind and series by series. */
export interface Predictor {
  /** The current predictions, most severe and most likely first. */
  predictions(): Prediction[]
  /** Feeds samples (the monitor's `sample` events do this). */
  observe(samples: readonly Sample[]): void
  readonly horizonMs: number
  /** Samples ignored because a kind already tracks `maxSeriesPerKind` series. */
  readonly ignoredSamples: number
}

/** The defaults of {@link createPredictor}. */
export const predictorDefaults = Object.freeze({
  horizonMs: 15 * 60_000,
  maxSeriesPerKind: 1000,
  restoreIntervalMs: 5 * 60_000,
})

/**
 * Creates the predictor. Each kind keeps one bounded, O(1)-per-sample predictor per series; a kind
 * that throws is isolated (published as `internal-error`) and the others go on.
 *
 * @example
 * const predictor = createPredictor({ events, storage, logger, kinds: defaultPredictionKinds(),
 *   latestValue: monitor.latestValue })
 * events.on('prediction', (p) => console.log(p.message))
 */
export function createPredictor(options: PredictorOptions): Predictor {
  const horizonMs = options.horizonMs ?? predictorDefaults.horizonMs
  const maxSeries = options.maxSeriesPerKind ?? predictorDefaults.maxSeriesPerKind
  const restoreIntervalMs = options.restoreIntervalMs ?? predictorDefaults.restoreIntervalMs
  if (!Number.isInteger(horizonMs) || horizonMs <= 0)
    throw invalidOption('horizonMs', 'a positive integer', horizonMs)
  if (!Number.isInteger(maxSeries) || maxSeries <= 0)
    throw invalidOption('maxSeriesPerKind', 'a positive integer', maxSeries)
  const context: PredictorContext = { latestValue: options.latestValue, horizonMs }
  const byMetric = new Map<string, PredictionKindDefinition[]>()
  const everyMetric: PredictionKindDefinition[] = []
  for (const kind of options.kinds) {
    for (const metric of kind.metrics) {
      if (metric === '*') everyMetric.push(kind)
      else byMetric.set(metric, [...(byMetric.get(metric) ?? []), kind])
    }
  }
  const seriesByKind = new Map<PredictionKind, Map<string, SeriesPredictor>>()
  const current = new Map<string, { prediction: Prediction; storedAt: number }>()
  let ignoredSamples = 0
  let recordCount = 0

  const predictorFor = (kind: PredictionKindDefinition, sample: Sample, key: string) => {
    let series = seriesByKind.get(kind.kind)
    if (!series) seriesByKind.set(kind.kind, (series = new Map()))
    let predictor = series.get(key)
    if (predictor) return predictor
    if (series.size >= maxSeries) return undefined
    predictor = kind.create({ metric: sample.metric, labels: sample.labels ?? {} }, context)
    series.set(key, predictor)
    return predictor
  }

  const publish = (key: string, prediction: Prediction | undefined) => {
    const previous = current.get(key)
    if (!prediction) {
      if (!previous) return
      current.delete(key)
      options.events.emit('prediction.cleared', previous.prediction)
      return
    }
    const changed = !previous || previous.prediction.severity !== prediction.severity
    const due = !previous || prediction.time - previous.storedAt >= restoreIntervalMs
    current.set(key, {
      prediction,
      storedAt: due ? prediction.time : (previous?.storedAt ?? prediction.time),
    })
    if (changed) options.events.emit('prediction', prediction)
    if (due || changed) {
      const id = `${prediction.time}-${prediction.kind}-${++recordCount}`
      options.storage
        .putRecord('predictions', { id, time: prediction.time, type: prediction.kind, data: prediction })
        .catch((error: unknown) =>
          options.events.emit('internal-error', error, { component: `storage:${options.storage.name}` }),
        )
    }
  }

  const observe = (samples: readonly Sample[]) => {
    for (const sample of samples) {
      const kinds = byMetric.get(sample.metric)
      if (!kinds && everyMetric.length === 0) continue
      const key = seriesKey(sample.metric, sample.labels)
      for (const kind of kinds ? [...kinds, ...everyMetric] : everyMetric) {
        try {
          const predictor = predictorFor(kind, sample, key)
          if (!predictor) {
            ignoredSamples++
            continue
          }
          publish(`${kind.kind}|${key}`, predictor.update(sample.time, sample.value))
        } catch (error) {
          options.events.emit('internal-error', error, { component: `predictor:${kind.kind}` })
        }
      }
    }
  }

  return {
    horizonMs,
    get ignoredSamples() {
      return ignoredSamples
    },
    observe,
    predictions: () =>
      [...current.values()]
        .map((entry) => entry.prediction)
        .sort(
          (a, b) =>
            rank(b.severity) - rank(a.severity) ||
            b.probability - a.probability ||
            (a.etaSeconds ?? 0) - (b.etaSeconds ?? 0),
        ),
  }
}

function rank(severity: Prediction['severity']): number {
  return severity === 'critical' ? 2 : 1
}
