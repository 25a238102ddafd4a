import { describe, expect, it } from 'vitest'
import { createAnomalyLikelihood, normalTail } from '../../../src/predictor/anomaly/anomaly-likelihood'
import { createSortedWindow } from '../../../src/predictor/anomaly/sorted-window'

describe('normalTail', () => {
  it('matches the standard normal upper tail', () => {
    expect(normalTail(0)).toBeCloseTo(0.5, 6)
    expect(normalTail(1.959964)).toBeCloseTo(0.025, 6)
    expect(normalTail(-1)).toBeCloseTo(0.841345, 5)
  })
})

describe('createAnomalyLikelihood', () => {
  it('returns 0 while learning and for ordinary raw scores', () => {
    const likelihood = createAnomalyLikelihood({ learningSamples: 50, historySamples: 200 })
    const scores = Array.from({ length: 300 }, (_, i) => likelihood.update(i % 2 === 0 ? 0.1 : 0.2))
    expect(scores.slice(0, 50).every((score) => score === 0)).toBe(true)
    expect(Math.max(...scores)).toBeLessThan(0.2)
  })

  it('flags a run of high raw scores once, then drops the rest of the run to the yellow zone', () => {
    const likelihood = createAnomalyLikelihood({ learningSamples: 50, historySamples: 500 })
    for (let i = 0; i < 400; i++) likelihood.update(0.1)
    const run = Array.from({ length: 5 }, () => likelihood.update(1))
    expect(run[0]).toBeGreaterThanOrEqual(0.5) // the red zone: tail probability ≤ 1e-5
    expect(run.slice(1).every((score) => score < 0.35)).toBe(true)
  })

  it('rejects bad options', () => {
    expect(() => createAnomalyLikelihood({ averagingSamples: 0 })).toThrow(
      'AnomalyLikelihoodOptions.averagingSamples must be an integer ≥ 1, received 0',
    )
  })
})

describe('createSortedWindow', () => {
  it('keeps the quantiles of the last capacity values only', () => {
    const window = createSortedWindow(5)
    for (const value of [3, 1, 4, 1, 5, 9]) window.push(value)
    expect(window.size).toBe(5)
    expect(window.quantile(0)).toBe(1)
    expect(window.quantile(0.5)).toBe(4)
    expect(window.quantile(1)).toBe(9)
  })
})
