import { describe, expect, it } from 'vitest'
import {
  createCpuOverloadPredictor,
  type CpuOverloadPredictorOptions,
} from '../../../src/predictor/kinds/cpu-overload'
import type { Prediction } from '../../../src/predictor/prediction'
import { seededGaussian } from '../forecast/seeded-noise'

const start = Date.UTC(2026, 0, 1)
const second = 1000

/** Feeds one sample per second from `cpuAt(seconds)`; returns every prediction with its second. */
function replay(
  seconds: number,
  cpuAt: (s: number) => number,
  options?: CpuOverloadPredictorOptions,
): { at: number; prediction: Prediction }[] {
  const predictor = createCpuOverloadPredictor(options)
  const out: { at: number; prediction: Prediction }[] = []
  for (let s = 0; s < seconds; s++) {
    const prediction = predictor.update(start + s * second, cpuAt(s))
    if (prediction) out.push({ at: s, prediction })
  }
  return out
}

describe('createCpuOverloadPredictor', () => {
  it('warns of a steady ramp from 40 % to 95 % over 30 minutes before it crosses 85 %', () => {
    const noise = seededGaussian(11)
    const hour = 3600
    const rampAt = (s: number) => (s < hour ? 40 : 40 + (55 * (s - hour)) / 1800)
    const crossesAt = hour + Math.ceil(((85 - 40) / 55) * 1800)
    const predictions = replay(hour + 1800, (s) => rampAt(s) + 3 * noise())
    const first = predictions[0]
    expect(first).toBeDefined()
    if (!first) return
    const lead = crossesAt - first.at
    expect(lead).toBeGreaterThan(3 * 60)
    expect(first.prediction).toMatchObject({
      kind: 'cpu_overload',
      metric: 'cpu.utilization',
      recommendation: 'Scale up instances or optimize CPU-intensive operations',
      time: start + first.at * second,
    })
    const critical = predictions.find(({ prediction }) => prediction.severity === 'critical')
    expect(critical).toBeDefined()
    if (!critical) return
    const remaining = crossesAt - critical.at
    expect(critical.prediction.probability).toBeGreaterThanOrEqual(0.5)
    expect(critical.prediction.etaSeconds).toBeGreaterThan(remaining * 0.5)
    expect(critical.prediction.etaSeconds).toBeLessThan(remaining * 2)
    expect(critical.prediction.eta).toBe(
      new Date(start + critical.at * second + (critical.prediction.etaSeconds ?? 0) * second).toISOString(),
    )
    expect(critical.prediction.message).toMatch(/^CPU expected to reach 85% in \d+ minutes \(now \d+%\)$/)
  })

  it('predicts nothing for 30-second spikes to 95 % every hour on a 30 % baseline over 6 hours', () => {
    const noise = seededGaussian(12)
    const predictions = replay(6 * 3600, (s) => ((s + 1234) % 3600 < 30 ? 95 : 30) + 2 * noise())
    expect(predictions).toEqual([])
  })

  it('predicts nothing for spikes of two minutes either', () => {
    const noise = seededGaussian(13)
    const predictions = replay(6 * 3600, (s) => ((s + 600) % 3600 < 120 ? 95 : 30) + 4 * noise())
    expect(predictions).toEqual([])
  })

  it('predicts nothing for a noisy but stable 50 %', () => {
    const noise = seededGaussian(14)
    const predictions = replay(6 * 3600, (s) => Math.min(100, Math.max(0, 50 + 15 * noise() + 0 * s)))
    expect(predictions).toEqual([])
  })

  it('leaves a value already at or above critical to the monitor', () => {
    const predictor = createCpuOverloadPredictor()
    let last: Prediction | undefined
    for (let s = 0; s < 3 * 3600; s++) last = predictor.update(start + s * second, s < 3600 ? 40 : 90)
    expect(last).toBeUndefined()
  })

  it('needs a warm-up before it predicts anything', () => {
    // A ramp from 10 % to 95 % over 90 minutes, from the very first sample: predicted, but never within
    // the forecaster's warm-up of 78 steps of 30 s.
    const predictions = replay(5400, (s) => 10 + (85 * s) / 5400)
    expect(predictions.length).toBeGreaterThan(0)
    expect(predictions[0]?.at).toBeGreaterThanOrEqual(78 * 30)
  })

  it('works on 5-minute samples too, and passes the labels through', () => {
    const predictor = createCpuOverloadPredictor({ labels: { host: 'a' }, metric: 'host.cpu' })
    const minutes5 = 5 * 60 * second
    let first: Prediction | undefined
    for (let i = 0; i < 200 && !first; i++) {
      const value = i < 150 ? 40 + (i % 3) : 40 + 2 * (i - 150)
      if (value >= 85) break
      first = predictor.update(start + i * minutes5, value)
    }
    expect(first).toMatchObject({ kind: 'cpu_overload', metric: 'host.cpu', labels: { host: 'a' } })
  })

  it('rejects invalid options with messages that name them', () => {
    expect(() => createCpuOverloadPredictor({ warningPercent: 90, criticalPercent: 80 })).toThrow(
      'warningPercent must be a number at most criticalPercent (80), received 90',
    )
    expect(() => createCpuOverloadPredictor({ criticalPercent: Number.NaN })).toThrow(
      'criticalPercent must be a finite number',
    )
    expect(() => createCpuOverloadPredictor({ horizonMs: 0 })).toThrow(
      'horizonMs must be a positive number of milliseconds, received 0',
    )
    expect(() => createCpuOverloadPredictor({ stepMs: -1 })).toThrow('stepMs must be')
    expect(() => createCpuOverloadPredictor({ warningProbability: 1 })).toThrow('warningProbability must be')
    expect(() => createCpuOverloadPredictor({ holdMs: -1 })).toThrow(
      'holdMs must be a number of milliseconds',
    )
    expect(() => createCpuOverloadPredictor({ metric: '' })).toThrow('metric must be a non-empty metric name')
    expect(() => createCpuOverloadPredictor({ forecaster: { coverage: 2 } })).toThrow(
      'forecaster.coverage must be a number in (0, 1), received 2',
    )
  })
})
