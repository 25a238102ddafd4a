import { describe, expect, it } from 'vitest'
import {
  geometricMean,
  movingAverageModel,
  parseNabCsv,
  scoreSeries,
  type BenchSeries,
  type PointModel,
} from './protocol'

const series = (values: number[]): BenchSeries => ({
  name: 'tiny',
  times: values.map((_, i) => i * 300_000),
  values,
})

describe('scoreSeries', () => {
  it('scores naive and a moving average on a handmade series by rolling origin', () => {
    // n = 10, start 20 % → first origin 2; horizon 2 → last origin 7; origins 2..7.
    const values = [0, 2, 4, 0, 2, 4, 0, 2, 4, 0]
    const score = scoreSeries(
      series(values),
      { ma3: () => movingAverageModel(3) },
      { horizonSteps: 2, startFraction: 0.2 },
    )
    expect(score.origins).toBe(6)
    // Naive at origin t predicts values[t] for values[t + 2]: |4-0|,|0-2|,|2-4|,|4-0|,|0-2|,|2-4| → 16 / 6.
    expect(score.mae.naive).toBeCloseTo(16 / 6, 12)
    // Every 3-value window of the cycle averages 2: errors |2-0|,|2-2|,|2-4|,… → 8 / 6.
    expect(score.mae.ma3).toBeCloseTo(8 / 6, 12)
    expect(score.ratio.ma3).toBeCloseTo(0.5, 12)
    expect(score.ratio.naive).toBe(1)
  })

  it('scores a model that has no forecast yet as naive', () => {
    const silent = (): PointModel => ({ update: () => undefined, predict: () => undefined })
    const score = scoreSeries(series([1, 5, 2, 8, 3, 9]), { silent }, { horizonSteps: 1, startFraction: 0 })
    expect(score.ratio.silent).toBe(1)
  })

  it('feeds each model only the values up to the origin', () => {
    const seen: number[] = []
    const spy = (): PointModel => ({
      update: (_time, value) => void seen.push(value),
      predict: () => seen.at(-1),
    })
    scoreSeries(series([1, 2, 3, 4, 5]), { spy }, { horizonSteps: 3, startFraction: 0 })
    expect(seen).toEqual([1, 2])
  })
})

describe('geometricMean', () => {
  it('is the n-th root of the product', () => {
    expect(geometricMean([0.5, 2])).toBeCloseTo(1, 12)
    expect(geometricMean([0.8, 0.8, 0.8])).toBeCloseTo(0.8, 12)
  })
})

describe('parseNabCsv', () => {
  it('reads NAB timestamps as UTC and names the file and line of a bad row', () => {
    const parsed = parseNabCsv('a.csv', 'timestamp,value\n2014-02-14 14:30:00,0.132\n2014-02-14 14:35:00,1\n')
    expect(parsed.times).toEqual([Date.UTC(2014, 1, 14, 14, 30), Date.UTC(2014, 1, 14, 14, 35)])
    expect(parsed.values).toEqual([0.132, 1])
    expect(() => parseNabCsv('b.csv', 'timestamp,value\n2014-02-14 14:30:00,x\n')).toThrow('b.csv:2:')
  })
})
