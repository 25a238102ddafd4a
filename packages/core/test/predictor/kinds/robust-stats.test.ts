import { describe, expect, it } from 'vitest'
import { BucketedSeries } from '../../../src/predictor/stats/bucketed-series'
import { mannKendallZ } from '../../../src/predictor/stats/mann-kendall'
import { normalCdf, normalQuantile } from '../../../src/predictor/stats/normal'
import { PageHinkley } from '../../../src/predictor/stats/page-hinkley'
import { TheilSenFitter } from '../../../src/predictor/stats/theil-sen'
import { formatBytes, formatDuration } from '../../../src/predictor/kinds/format-units'

describe('normal distribution helpers', () => {
  it('match the standard normal table', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 5)
    expect(normalCdf(-1.645)).toBeCloseTo(0.05, 4)
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5)
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5)
  })
})

describe('TheilSenFitter', () => {
  it('finds the slope of a line despite 20 % wild outliers', () => {
    const n = 50
    const x = Float64Array.from({ length: n }, (_, i) => i - n + 1)
    const y = Float64Array.from(x, (xi, i) => 3 * xi + 10 + (i % 5 === 0 ? 1000 : 0))
    const fit = new TheilSenFitter(n).fit(x, y, n)
    expect(fit?.slope).toBeCloseTo(3, 10)
    expect(fit?.intercept).toBeCloseTo(10, 10)
    expect(fit?.z).toBeGreaterThan(5)
    expect(fit?.lowerSlope).toBeLessThanOrEqual(3)
    expect(fit?.upperSlope).toBeGreaterThanOrEqual(3)
  })

  it('gives no fit for fewer than three points', () => {
    expect(new TheilSenFitter(10).fit(Float64Array.of(0, 1), Float64Array.of(0, 1), 2)).toBeUndefined()
  })
})

describe('mannKendallZ', () => {
  it('matches the textbook value for S = 40, n = 10', () => {
    expect(mannKendallZ(40, 10)).toBeCloseTo(39 / Math.sqrt(125), 10)
  })
})

describe('BucketedSeries', () => {
  it('averages samples into buckets and keeps only the newest capacity buckets', () => {
    const series = new BucketedSeries(1000, 3)
    for (let t = 0; t < 10_000; t += 250) series.add(t, t)
    expect(series.length).toBe(3)
    const x = new Float64Array(3)
    const y = new Float64Array(3)
    expect(series.copyNewest(x, y, 3, 9000)).toBe(3)
    expect([...y]).toEqual([6375, 7375, 8375])
    expect([...x]).toEqual([-2.625, -1.625, -0.625])
  })
})

describe('PageHinkley', () => {
  it('signals an upward shift of the mean and not a single outlier', () => {
    const test = new PageHinkley({ delta: 0.05, lambda: 3, minSamples: 30, memory: 360, clip: 1 })
    for (let i = 0; i < 100; i++) expect(test.update(i === 50 ? 10 : 0)).toBe(false)
    let fired = -1
    for (let i = 0; i < 20 && fired < 0; i++) if (test.update(1)) fired = i
    expect(fired).toBeGreaterThanOrEqual(2)
    expect(fired).toBeLessThan(6)
  })
})

describe('message formatting', () => {
  it('writes durations and sizes the way messages need them', () => {
    expect(formatDuration(3.2 * 86_400)).toBe('3.2 days')
    expect(formatDuration(41 * 60)).toBe('41 minutes')
    expect(formatDuration(60)).toBe('60 seconds')
    expect(formatDuration(5.5 * 3600)).toBe('5.5 hours')
    expect(formatBytes(12 * 1024 ** 2)).toBe('12 MB')
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GB')
  })
})
