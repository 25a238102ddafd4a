import { afterEach, describe, expect, it } from 'vitest'
import type { Proactive } from '../../src/proactive-types'
import type { Prediction } from '../../src/predictor/prediction'
import { defaultPredictionKinds } from '../../src/predictor/default-kinds'
import { startTestProactive } from '../support/test-proactive'
import { seededRandom } from './fixtures/seeded-random'

let running: Proactive | undefined
afterEach(async () => {
  await running?.stop()
  running = undefined
})

describe('defaultPredictionKinds', () => {
  it('has the five built-in kinds', () => {
    expect(defaultPredictionKinds().map((k) => k.kind)).toEqual([
      'cpu_overload',
      'memory_leak',
      'disk_exhaustion',
      'performance_degradation',
      'anomaly',
    ])
  })

  it('warns of CPU overload from live sampling before the critical threshold is crossed', async () => {
    // 45 minutes at 35 % (the forecaster's warm-up), then a climb of 2 points a minute.
    const random = seededRandom(11)
    const cpu = (elapsedMs: number) => {
      const minutes = elapsedMs / 60_000
      return Math.min(99, 35 + Math.max(0, minutes - 45) * 2 + random.normal())
    }
    const { proactive, clock } = await startTestProactive({ 'cpu.utilization': cpu })
    running = proactive
    const predicted: Prediction[] = []
    let crossedAt: number | undefined
    proactive.events.on('prediction', (p) => predicted.push(p))
    proactive.events.on('issue.raised', (issue) => {
      if (issue.severity === 'critical') crossedAt ??= issue.since
    })
    await clock.advance(80 * 60_000)
    const overload = predicted.find((p) => p.kind === 'cpu_overload')
    expect(overload).toBeDefined()
    expect(crossedAt).toBeDefined()
    expect(overload!.time).toBeLessThan(crossedAt!)
    expect(overload!.recommendation).toBe('Scale up instances or optimize CPU-intensive operations')
  })
})
