import { describe, expect, it } from 'vitest'
import type { Prediction } from '../../../src/predictor/prediction'
import { createDiskExhaustionPredictor } from '../../../src/predictor/kinds/disk-exhaustion'
import { burstyFlatDisk, diskCapacityBytes, fillingDisk, selfCleaningDisk } from '../fixtures/disk-scenarios'
import { scenarioStart, type ScenarioPoint } from '../fixtures/seeded-random'

const day = 86_400_000

function replay(points: Iterable<ScenarioPoint>, options = {}) {
  const disk = createDiskExhaustionPredictor({
    labels: { mount: '/' },
    capacityBytes: diskCapacityBytes,
    ...options,
  })
  const predictions: Prediction[] = []
  for (const { time, value } of points) {
    const prediction = disk.update(time, value)
    if (prediction) predictions.push(prediction)
  }
  return { disk, predictions }
}

describe('createDiskExhaustionPredictor', () => {
  it('says a disk that fills in 3.2 days will be full in 3.2 days (±20 %)', () => {
    const { predictions } = replay(fillingDisk({ fullAfterMs: 4.2 * day, durationMs: day }))
    const last = predictions.at(-1)
    expect(last?.etaSeconds).toBeGreaterThan(3.2 * 86_400 * 0.8)
    expect(last?.etaSeconds).toBeLessThan(3.2 * 86_400 * 1.2)
    expect(last).toMatchObject({
      kind: 'disk_exhaustion',
      metric: 'disk.available_bytes',
      labels: { mount: '/' },
      severity: 'warning',
      message: 'Disk / will be full in 3.2 days',
      recommendation: 'Clean up logs/temp files. Disk will be full in 3.2 days',
    })
    const [low, high] = last?.etaIntervalSeconds ?? [0, 0]
    expect(low).toBeLessThanOrEqual(last?.etaSeconds ?? 0)
    expect(high).toBeGreaterThanOrEqual(last?.etaSeconds ?? 0)
    expect(last?.probability).toBeGreaterThan(0.9)
  })

  it('keeps every ETA within ±20 % as the disk fills, and turns critical inside 24 hours', () => {
    const fullAt = scenarioStart + 4.2 * day
    const { predictions } = replay(fillingDisk({ fullAfterMs: 4.2 * day, durationMs: 4 * day }))
    expect(predictions.length).toBeGreaterThan(0)
    for (const p of predictions) {
      const actualSeconds = (fullAt - p.time) / 1000
      expect(Math.abs((p.etaSeconds ?? 0) / actualSeconds - 1)).toBeLessThan(0.2)
      expect(p.severity).toBe((p.etaSeconds ?? 0) < 86_400 ? 'critical' : 'warning')
    }
  })

  it('waits for history: no prediction in the first hours, when the ETA would be a long extrapolation', () => {
    const { predictions } = replay(fillingDisk({ fullAfterMs: 4.2 * day, durationMs: 12 * 3_600_000 }))
    expect(predictions).toEqual([])
  })

  it('predicts nothing for a self-cleaning disk (daily log rotation sawtooth) over 6 days', () => {
    expect(replay(selfCleaningDisk({ durationMs: 6 * day })).predictions).toEqual([])
  })

  it('predicts nothing for bursty writes on a flat disk over 4 days', () => {
    expect(replay(burstyFlatDisk({ durationMs: 4 * day })).predictions).toEqual([])
  })

  it('stays quiet below the utilisation floor, known from setUtilization when the size is not', () => {
    const disk = createDiskExhaustionPredictor({ labels: { mount: '/data' } })
    disk.setUtilization(30)
    let fired = 0
    for (const { time, value } of fillingDisk({
      fullAfterMs: 4.2 * day,
      durationMs: 2 * day,
      startUsedPercent: 10,
    }))
      if (disk.update(time, value)) fired++
    expect(fired).toBe(0)
  })

  it('keeps at most windowMs / bucketMs points however long it runs', () => {
    const { disk } = replay(burstyFlatDisk({ durationMs: 3 * day }))
    expect(disk.retainedPoints).toBe((2 * day) / (15 * 60_000))
  })

  it('rejects bad options and names the value', () => {
    expect(() => createDiskExhaustionPredictor({ holdMs: -1 })).toThrow(
      'diskExhaustion.holdMs must be a finite number at least 0, received -1',
    )
    expect(() => createDiskExhaustionPredictor({ minConsistency: 2 })).toThrow('received 2')
    expect(() => createDiskExhaustionPredictor({ windowMs: 60_000 })).toThrow(
      'diskExhaustion.windowMs must be',
    )
    expect(() => createDiskExhaustionPredictor().setCapacity(0)).toThrow('received 0')
  })

  it('ignores non-finite and out-of-order samples', () => {
    const disk = createDiskExhaustionPredictor()
    expect(disk.update(2000, Number.NaN)).toBeUndefined()
    expect(disk.update(2000, 100)).toBeUndefined()
    expect(disk.update(1000, 100)).toBeUndefined()
    expect(disk.retainedPoints).toBe(0)
  })
})
