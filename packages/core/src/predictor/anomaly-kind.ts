import type { PredictionKindDefinition } from './predictor'
import type { Prediction, SeriesPredictor } from './prediction'
import { invalidOption } from '../errors/codes'
import {
  anomalyDetectorDefaults,
  createAnomalyDetector,
  type AnomalyDetectorOptions,
} from './anomaly/anomaly-detector'

/** Options for {@link anomalyKind}. */
export interface AnomalyKindOptions {
  /** Scores at or above this raise an `anomaly` prediction. Default: the detector's alarm score. */
  minScore?: number
  /** How long an anomaly stays reported after the sample that raised it. Default 5 minutes. */
  holdMs?: number
  /** Metrics to watch; default every metric. */
  metrics?: readonly string[]
  detector?: AnomalyDetectorOptions
}

/** The defaults of {@link anomalyKind}. */
export const anomalyKindDefaults = Object.freeze({
  minScore: anomalyDetectorDefaults.alarmScore,
  holdMs: 5 * 60_000,
})

/**
 * The `anomaly` kind: a streaming detector scores every sample of a series in [0, 1]; a score at or
 * above `minScore` is reported as a prediction for `holdMs` (the detector rests after an alarm, so one
 * event is one alarm).
 *
 * @example
 * createProactive({ predictionKinds: [...defaultPredictionKinds(), anomalyKind({ minScore: 0.999 })] })
 */
export function anomalyKind(options: AnomalyKindOptions = {}): PredictionKindDefinition {
  const minScore = options.minScore ?? anomalyKindDefaults.minScore
  const holdMs = options.holdMs ?? anomalyKindDefaults.holdMs
  if (!(minScore > 0 && minScore <= 1))
    throw invalidOption('anomaly.minScore', 'a number in (0, 1]', minScore)
  if (!(holdMs >= 0)) throw invalidOption('anomaly.holdMs', 'a non-negative number', holdMs)
  return {
    kind: 'anomaly',
    metrics: options.metrics ?? ['*'],
    create: ({ metric, labels }): SeriesPredictor => {
      const detector = createAnomalyDetector(options.detector)
      let reported: Prediction | undefined
      return {
        update(time, value): Prediction | undefined {
          const score = detector.update(time, value)
          if (score < minScore) {
            if (reported && time - reported.time <= holdMs) return reported
            return (reported = undefined)
          }
          const where = labels.mount ?? labels.route
          return (reported = {
            kind: 'anomaly',
            metric,
            ...(Object.keys(labels).length > 0 ? { labels } : {}),
            probability: score,
            severity: 'warning',
            message: `Unusual ${metric}${where === undefined ? '' : ` (${where})`}: ${formatValue(value)} (anomaly score ${score.toFixed(3)})`,
            recommendation: 'Check what changed just now: a deploy, traffic, a dependency or a scheduled job',
            time,
          })
        },
      }
    },
  }
}

function formatValue(value: number): string {
  return Math.abs(value) >= 100 ? String(Math.round(value)) : String(Number(value.toFixed(2)))
}
