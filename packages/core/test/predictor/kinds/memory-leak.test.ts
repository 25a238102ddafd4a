import { describe, expect, it } from 'vitest'
import type { Prediction } from '../../../src/predictor/prediction'
import { createMemoryLeakPredictor } from '../../../src/predictor/kinds/memory-leak'
import {
  healthyHeap,
  heapLimitBytes,
  heapScenario,
  leakAfter,
  warmUpThenPlateau,
} from '../fixtures/heap-scenarios'
import { scenarioStart } from '../fixtures/seeded-random'

const hour = 3_600_000

function replay(liveBytes: (elapsedMs: number) => number, durationMs: number, seed?: number) {
  const leak = createMemoryLeakPredictor({ limitBytes: heapLimitBytes })
  const predictions: Prediction[] = []
  for (const { time, value } of heapScenario({
    durationMs,
    liveBytes,
    ...(seed === undefined ? {} : { seed }),
  })) {
    const prediction = leak.update(time, value)
    if (prediction) predictions.push(prediction)
  }
  return { leak, predictions }
}

describe('createMemoryLeakPredictor', () => {
  it('flags a leak that starts after 3 hours of stable heap within 10 minutes, and nothing before', () => {
    const leakStart = scenarioStart + 3 * hour
    const { predictions } = replay(leakAfter(3 * hour), 3.5 * hour)
    const first = predictions[0]
    expect(first?.time).toBeGreaterThan(leakStart)
    expect(first?.time).toBeLessThanOrEqual(leakStart + 10 * 60_000)
    expect(first).toMatchObject({
      kind: 'memory_leak',
      metric: 'process.heap.after_gc_bytes',
      severity: 'warning',
    })
    expect(first?.recommendation).toBe(
      'Take a heap snapshot and look for growing caches, listeners or timers; restart before the limit',
    )
    const last = predictions.at(-1)
    expect(last?.message).toMatch(
      /^Memory leak suspected: heap after GC growing 1[1-3] MB\/min; heap limit reached in /,
    )
    // 150 MB + 30 min × 12 MB/min = 510 MB; 1538 MB to go at 12 MB/min ≈ 128 minutes.
    expect(last?.etaSeconds).toBeGreaterThan(128 * 60 * 0.8)
    expect(last?.etaSeconds).toBeLessThan(128 * 60 * 1.2)
    const [fast, slow] = last?.etaIntervalSeconds ?? [0, 0]
    expect(fast).toBeLessThanOrEqual(last?.etaSeconds ?? 0)
    expect(slow).toBeGreaterThanOrEqual(last?.etaSeconds ?? 0)
  })

  it('predicts nothing for a healthy sawtooth heap over 6 hours', () => {
    expect(replay(healthyHeap, 6 * hour).predictions).toEqual([])
    expect(replay(healthyHeap, 6 * hour, 8).predictions).toEqual([])
  })

  it('predicts nothing for a warm-up that levels off', () => {
    expect(replay(warmUpThenPlateau, 4 * hour).predictions).toEqual([])
  })

  it('says nothing without a limit, and uses the limit it is given later with its name', () => {
    const leak = createMemoryLeakPredictor()
    let last: Prediction | undefined
    for (const { time, value } of heapScenario({ durationMs: 3.5 * hour, liveBytes: leakAfter(3 * hour) })) {
      if (time === scenarioStart + 3.4 * hour) {
        expect(last).toBeUndefined()
        leak.setLimit(1024 ** 3, 'container memory limit')
      }
      last = leak.update(time, value) ?? last
    }
    expect(last?.message).toContain('container memory limit reached in')
  })

  it('keeps at most longWindowMs / bucketMs points however long it runs', () => {
    const { leak } = replay(healthyHeap, 8 * hour)
    expect(leak.retainedPoints).toBe(120)
  })

  it('rejects bad options and names the value', () => {
    expect(() => createMemoryLeakPredictor({ limitBytes: -5 })).toThrow(
      'memoryLeak.limitBytes must be a finite number above 0, received -5',
    )
    expect(() => createMemoryLeakPredictor({ shortWindowMs: 2 * hour })).toThrow(
      'memoryLeak.shortWindowMs must be',
    )
    expect(() => createMemoryLeakPredictor({ significance: Number.NaN })).toThrow('memoryLeak.significance')
  })
})
