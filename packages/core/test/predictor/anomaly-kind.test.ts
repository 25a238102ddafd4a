import { describe, expect, it } from 'vitest'
import { anomalyKind } from '../../src/predictor/anomaly-kind'
import type { Prediction } from '../../src/predictor/prediction'
import { seededRandom } from './fixtures/seeded-random'

const context = { latestValue: () => undefined, horizonMs: 900_000 }

describe('anomalyKind', () => {
  it('reports a spike on a steady series as an anomaly, holds it, then clears it', () => {
    const predictor = anomalyKind().create({ metric: 'cpu.utilization', labels: {} }, context)
    const random = seededRandom(3)
    const results: (Prediction | undefined)[] = []
    for (let i = 0; i < 2_000; i++) results.push(predictor.update(i * 1_000, 40 + random.normal()))
    expect(results.every((r) => r === undefined)).toBe(true)
    const atSpike = predictor.update(2_000_000, 98)
    expect(atSpike).toMatchObject({ kind: 'anomaly', metric: 'cpu.utilization', severity: 'warning' })
    expect(atSpike?.message).toMatch(/^Unusual cpu\.utilization: 98 \(anomaly score 0\.\d{3}\)$/)
    expect(predictor.update(2_001_000, 40)).toBe(atSpike)
    expect(predictor.update(2_000_000 + 301_000, 40)).toBeUndefined()
  })

  it('watches the metrics it is given, or every metric', () => {
    expect(anomalyKind().metrics).toEqual(['*'])
    expect(anomalyKind({ metrics: ['cpu.utilization'] }).metrics).toEqual(['cpu.utilization'])
  })

  it('rejects a minimum score outside (0, 1]', () => {
    expect(() => anomalyKind({ minScore: 1.5 })).toThrow(
      'anomaly.minScore must be a number in (0, 1], received 1.5',
    )
  })
})
