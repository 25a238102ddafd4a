import { describe, expect, it } from 'vitest'
import { ProactiveError } from '../../../src/errors/proactive-error'
import {
  anomalyDetectorDefaults,
  createAnomalyDetector,
} from '../../../src/predictor/anomaly/anomaly-detector'

const minuteMs = 60_000

/** A deterministic pseudo-random generator (Park–Miller), so the fixtures never change. */
function lcg(seed: number): () => number {
  let state = seed
  return () => (state = (state * 16807) % 2147483647) / 2147483647
}

function run(values: readonly number[], options = {}): number[] {
  const detector = createAnomalyDetector(options)
  return values.map((value, i) => detector.update(i * minuteMs, value))
}

describe('createAnomalyDetector', () => {
  it('scores a spike on a flat series as an alarm and everything before it low', () => {
    const values = Array.from({ length: 1500 }, (_, i) => (i === 1200 ? 200 : 100))
    const scores = run(values)
    expect(scores[1200]).toBeGreaterThan(0.6)
    expect(Math.max(...scores.slice(0, 1200))).toBeLessThan(0.1)
  })

  it('scores a spike on a noisy series above the alarm level and above all the noise before it', () => {
    const random = lcg(7)
    const values = Array.from({ length: 1500 }, (_, i) => (i === 1200 ? 200 : 100) + random() - 0.5)
    const scores = run(values)
    expect(scores[1200]).toBeGreaterThanOrEqual(anomalyDetectorDefaults.alarmScore)
    expect(Math.max(...scores.slice(0, 1200))).toBeLessThan(anomalyDetectorDefaults.alarmScore)
  })

  it('alarms at once on a value well past the range of every value before it', () => {
    const random = lcg(13)
    // A level that wanders between 49 and 51 for days, then one value at 53: too small a step for the
    // averaged z-scores to alarm on, but a new all-time high by the whole old range.
    const values = Array.from({ length: 3000 }, (_, i) =>
      i === 2500 ? 53 : 50 + Math.sin((2 * Math.PI * i) / 288) * 0.5 + random() - 0.5,
    )
    expect(run(values)[2500]).toBeGreaterThanOrEqual(0.99)
    expect(run(values, { rangeTolerance: -1 })[2500]).toBeLessThan(anomalyDetectorDefaults.alarmScore)
  })

  it('does not call a 3σ value of white noise a range break while the range is still narrow', () => {
    const random = lcg(17)
    const gaussian = () => Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random())
    const values = Array.from({ length: 3000 }, () => 40 + gaussian())
    expect(Math.max(...run(values))).toBeLessThan(0.99)
  })

  it('rests after an alarm so one event gives one alarm', () => {
    const values = Array.from({ length: 1500 }, (_, i) => (i >= 1200 && i < 1210 ? 200 : 100))
    const scores = run(values)
    const alarms = scores.filter((score) => score >= anomalyDetectorDefaults.alarmScore)
    expect(alarms).toHaveLength(1)
  })

  it('always returns a score in [0, 1], whatever the input', () => {
    const random = lcg(11)
    let level = 0
    const values: number[] = []
    for (let i = 0; i < 20_000; i++) {
      level += (random() - 0.5) * (i % 5000 < 10 ? 1e6 : 1)
      values.push(i % 997 === 0 ? NaN : i % 1999 === 0 ? Infinity : level)
    }
    for (const score of run(values)) {
      expect(score).toBeGreaterThanOrEqual(0)
      expect(score).toBeLessThanOrEqual(1)
    }
  })

  it('keeps its state bounded: 100 000 samples leave stateSize() unchanged', () => {
    const detector = createAnomalyDetector()
    const before = detector.stateSize()
    const random = lcg(3)
    for (let i = 0; i < 100_000; i++) detector.update(i * minuteMs, Math.sin(i / 50) * 10 + random())
    expect(detector.stateSize()).toBe(before)
    expect(before).toBeLessThan(50_000)
  })

  it('is deterministic: the same input gives the same scores', () => {
    const random = lcg(5)
    const values = Array.from(
      { length: 5000 },
      (_, i) => Math.sin(i / 40) * 20 + random() * 3 + (i > 4000 ? 15 : 0),
    )
    expect(run(values)).toEqual(run(values))
  })

  it('rejects bad options with a message naming the option and the value', () => {
    expect(() => createAnomalyDetector({ windowSamples: 0 })).toThrow(
      'AnomalyDetectorOptions.windowSamples must be an integer ≥ 1, received 0',
    )
    expect(() => createAnomalyDetector({ alarmScore: 2 })).toThrow(ProactiveError)
    expect(() => createAnomalyDetector({ zScale: -1 })).toThrow('received -1')
    expect(() => createAnomalyDetector({ restSamples: 1.5 })).toThrow('restSamples')
    expect(() => createAnomalyDetector({ rangeTolerance: NaN })).toThrow('rangeTolerance')
  })

  it('has frozen defaults', () => {
    expect(Object.isFrozen(anomalyDetectorDefaults)).toBe(true)
  })
})
