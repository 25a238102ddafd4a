import { describe, expect, it } from 'vitest'
import type { Prediction } from '../../../src/predictor/prediction'
import {
  createPerformanceDegradationPredictor,
  type PerformanceDegradationOptions,
} from '../../../src/predictor/kinds/performance-degradation'
import { latencyCreep, latencyScenario, latencyStep, stableLatency } from '../fixtures/latency-scenarios'
import { scenarioStart } from '../fixtures/seeded-random'

const hour = 3_600_000
const route = { route: 'GET /users/:id' }

function replay(
  baseMs: (elapsedMs: number) => number,
  durationMs: number,
  options: PerformanceDegradationOptions = {},
) {
  const latency = createPerformanceDegradationPredictor({ labels: route, ...options })
  const predictions: Prediction[] = []
  for (const { time, value } of latencyScenario({ durationMs, baseMs })) {
    const prediction = latency.update(time, value)
    if (prediction) predictions.push(prediction)
  }
  return { latency, predictions }
}

describe('createPerformanceDegradationPredictor', () => {
  it('warns about a latency creep before it crosses the threshold', () => {
    // 80 ms for an hour, then +4 ms/min: 200 ms is crossed 30 minutes into the creep.
    const crossing = scenarioStart + 1.5 * hour
    const { predictions } = replay(latencyCreep(hour), 1.5 * hour)
    const first = predictions[0]
    expect(first?.time).toBeGreaterThan(scenarioStart + hour)
    expect(first?.time).toBeLessThan(crossing - 5 * 60_000)
    expect(first?.message).toMatch(
      /^GET \/users\/:id p95 latency rising [3-5](\.\d)? ms\/min, expected to exceed 200ms in \d+ minutes$/,
    )
    expect(first).toMatchObject({
      kind: 'performance_degradation',
      metric: 'http.latency.p95_ms',
      labels: route,
      recommendation: 'Check slow queries and N+1 patterns on this route; consider caching',
    })
    const actualSeconds = (crossing - (first?.time ?? 0)) / 1000
    expect(Math.abs((first?.etaSeconds ?? 0) / actualSeconds - 1)).toBeLessThan(0.35)
  })

  it('predicts nothing on stable noisy latency with spikes over 6 hours', () => {
    expect(replay(stableLatency, 6 * hour).predictions).toEqual([])
  })

  it('reports a step change in latency within minutes', () => {
    const { predictions } = replay(latencyStep(hour, 170), 1.25 * hour)
    const first = predictions[0]
    expect(first?.time).toBeGreaterThan(scenarioStart + hour)
    expect(first?.time).toBeLessThan(scenarioStart + hour + 5 * 60_000)
    expect(first?.message).toMatch(
      /^GET \/users\/:id p95 latency stepped up from 8\dms to 1\d\dms \(threshold 200ms\)$/,
    )
    expect(first?.severity).toBe('warning')
  })

  it('names event-loop delay and its remedy', () => {
    const { predictions } = replay(latencyCreep(hour), 1.5 * hour, {
      metric: 'eventloop.delay.p99_ms',
      labels: {},
    })
    expect(predictions[0]?.message).toMatch(/^Event-loop delay p99 rising/)
    expect(predictions[0]?.recommendation).toMatch(/worker threads/)
  })

  it('keeps at most windowMs / bucketMs points however long it runs', () => {
    const { latency } = replay(stableLatency, 12 * hour)
    expect(latency.retainedPoints).toBe(30)
  })

  it('rejects bad options and names the value', () => {
    expect(() => createPerformanceDegradationPredictor({ thresholdMs: 0 })).toThrow(
      'performanceDegradation.thresholdMs must be a finite number above 0, received 0',
    )
    expect(() => createPerformanceDegradationPredictor({ minStepRatio: 0.5 })).toThrow('received 0.5')
  })
})
