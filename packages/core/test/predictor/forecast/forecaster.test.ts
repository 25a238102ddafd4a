import { describe, expect, it } from 'vitest'
import { createForecaster } from '../../../src/predictor/forecast/forecaster'
import { seededGaussian as gaussian } from './seeded-noise'

const minute = 60_000

describe('createForecaster', () => {
  it('answers nothing during the warm-up, then forecasts', () => {
    const forecaster = createForecaster({ warmupSteps: 10 })
    for (let i = 0; i < 9; i++) forecaster.update(i * minute, 50)
    expect(forecaster.forecast(3)).toBeUndefined()
    forecaster.update(9 * minute, 50)
    expect(forecaster.forecast(3)).toBeDefined()
  })

  it('forecasts a constant series as that constant with a narrow interval', () => {
    const forecaster = createForecaster()
    for (let i = 0; i < 200; i++) forecaster.update(i * minute, 42)
    const forecast = forecaster.forecast(3)
    expect(forecast?.mean).toBeCloseTo(42, 9)
    expect((forecast?.upper ?? Infinity) - (forecast?.lower ?? -Infinity)).toBeLessThan(1e-6)
  })

  it('adapts to a step change within a few dozen steps', () => {
    const noise = gaussian(1)
    const forecaster = createForecaster()
    for (let i = 0; i < 300; i++) forecaster.update(i * minute, 30 + noise())
    for (let i = 300; i < 340; i++) forecaster.update(i * minute, 60 + noise())
    expect(forecaster.forecast(3)?.mean).toBeGreaterThan(57)
    expect(forecaster.forecast(3)?.mean).toBeLessThan(63)
  })

  it('holds the next values in its 80 % interval about 80 % of the time on noise', () => {
    const noise = gaussian(2)
    const forecaster = createForecaster()
    const values = Array.from({ length: 6000 }, () => 50 + 5 * noise())
    const createdAt = new Map<number, { lower: number; upper: number }>()
    let inside = 0
    let total = 0
    values.forEach((value, i) => {
      if (i >= 1000) {
        const forecast = createdAt.get(i - 3)
        if (forecast) {
          total++
          if (value >= forecast.lower && value <= forecast.upper) inside++
        }
      }
      forecaster.update(i * minute, value)
      const forecast = forecaster.forecast(3)
      if (forecast) createdAt.set(i, forecast)
      createdAt.delete(i - 3)
    })
    expect(inside / total).toBeGreaterThan(0.72)
    expect(inside / total).toBeLessThan(0.88)
  })

  it('keeps bounded state: two long histories that end alike give the same forecast', () => {
    const noise = gaussian(3)
    const tail = Array.from({ length: 3000 }, () => 50 + 5 * noise())
    const long = createForecaster()
    const short = createForecaster()
    for (let i = 0; i < 20_000; i++) long.update(i * minute, 90 * Math.abs(Math.sin(i / 50)))
    tail.forEach((value, i) => {
      long.update((20_000 + i) * minute, value)
      short.update(i * minute, value)
    })
    expect(long.forecast(3)?.mean).toBeCloseTo(short.forecast(3)?.mean ?? Number.NaN, 3)
    // The interval's quantiles are tracked by small steps, so they agree to within a couple of percent.
    const upper = short.forecast(12)?.upper ?? Number.NaN
    expect(Math.abs((long.forecast(12)?.upper ?? Infinity) - upper) / upper).toBeLessThan(0.02)
  })

  it('follows a steady ramp instead of lagging behind it', () => {
    const forecaster = createForecaster()
    for (let i = 0; i < 300; i++) forecaster.update(i * minute, 10 + 0.2 * i)
    // The value 10 steps on is 10 + 0.2 × 309 = 71.8; a level-only forecast would say at most 69.8.
    expect(forecaster.forecast(10)?.mean).toBeGreaterThan(70.5)
  })

  it('estimates the step from the timestamps and converts a horizon in milliseconds to steps', () => {
    const forecaster = createForecaster({ warmupSteps: 5 })
    expect(forecaster.forecastAt(15 * minute)).toBeUndefined()
    for (let i = 0; i < 100; i++) forecaster.update(i * 5 * minute, i)
    expect(forecaster.stepMs()).toBeCloseTo(5 * minute, 6)
    expect(forecaster.forecastAt(15 * minute)).toEqual(forecaster.forecast(3))
  })

  it('uses the given step instead of estimating one', () => {
    expect(createForecaster({ stepMs: 1000 }).stepMs()).toBe(1000)
  })

  it('skips values that are not finite', () => {
    const forecaster = createForecaster({ warmupSteps: 3 })
    for (const value of [10, Number.NaN, 10, Infinity, 10]) forecaster.update(0, value)
    expect(forecaster.forecast(1)?.mean).toBe(10)
  })

  it('rejects bad options and horizons with messages that name them', () => {
    expect(() => createForecaster({ horizonSteps: [3, 1] })).toThrow('forecaster.horizonSteps must be')
    expect(() => createForecaster({ sesAlphas: [0] })).toThrow('forecaster.sesAlphas must be')
    expect(() => createForecaster({ medianWindowSteps: [1.5] })).toThrow(
      'forecaster.medianWindowSteps must be',
    )
    expect(() => createForecaster({ coverage: 1 })).toThrow(
      'forecaster.coverage must be a number in (0, 1), received 1',
    )
    expect(() => createForecaster({ stepMs: -5 })).toThrow('forecaster.stepMs must be')
    expect(() => createForecaster({ dampedTrend: { alpha: 0.3, beta: 2, phi: 0.9 } })).toThrow(
      'forecaster.dampedTrend.beta must be a number in (0, 1], received 2',
    )
    expect(() => createForecaster().forecast(0)).toThrow('stepsAhead must be a positive integer, received 0')
    expect(() => createForecaster().forecastAt(-1)).toThrow('horizonMs must be')
  })
})
