import { describe, expect, it } from 'vitest'
import { probabilityAtLeast } from '../../../src/predictor/forecast/normal'
import { normalCdf, normalQuantile } from '../../../src/predictor/stats/normal'

describe('normalCdf and normalQuantile', () => {
  it('match the textbook values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7)
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6)
    expect(normalCdf(-1.644854)).toBeCloseTo(0.05, 6)
    expect(normalQuantile(0.9)).toBeCloseTo(1.2816, 3)
    expect(normalQuantile(0.05)).toBeCloseTo(-1.6449, 3)
    expect(normalQuantile(0.5)).toBe(0)
  })
})

describe('probabilityAtLeast', () => {
  const forecast = { mean: 80, lower: 77, upper: 86 }

  it('reads the spread above the mean from the upper bound', () => {
    // 86 is the 90th percentile of an 80 % interval, so P(≥ 86) is 10 %.
    expect(probabilityAtLeast(forecast, 86, 0.8)).toBeCloseTo(0.1, 3)
    expect(probabilityAtLeast(forecast, 80, 0.8)).toBeCloseTo(0.5, 6)
  })

  it('reads the spread below the mean from the lower bound', () => {
    expect(probabilityAtLeast(forecast, 77, 0.8)).toBeCloseTo(0.9, 3)
  })

  it('is 0 or 1 when the interval has no width', () => {
    const certain = { mean: 50, lower: 50, upper: 50 }
    expect(probabilityAtLeast(certain, 85, 0.8)).toBe(0)
    expect(probabilityAtLeast(certain, 40, 0.8)).toBe(1)
  })
})
