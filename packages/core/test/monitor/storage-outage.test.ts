import { describe, expect, it } from 'vitest'
import type { Storage } from '../../src/storage/storage'
import type { Sample } from '../../src/metrics/sample'
import { createMemoryStorage } from '../../src/storage/memory-storage'
import { useTestProactive } from '../support/test-proactive'

/** Memory storage whose sample writes fail while `down` is true, like a database that went away. */
function flakyStorage(): Storage & { down: boolean; failedWrites: number } {
  const inner = createMemoryStorage()
  const flaky = Object.assign(Object.create(inner) as Storage, {
    down: false,
    failedWrites: 0,
    appendSamples(samples: readonly Sample[]) {
      if (flaky.down) {
        flaky.failedWrites++
        return Promise.reject(new Error('connection refused'))
      }
      return inner.appendSamples(samples)
    },
  })
  return flaky
}

const start = useTestProactive()

describe('Monitor during a storage outage', () => {
  it('keeps sampling, logs the outage once, and writes what it buffered when storage is back', async () => {
    const storage = flakyStorage()
    const logged: string[] = []
    const logger = {
      debug: () => {},
      info: (_details: object, message: string) => logged.push(`info: ${message}`),
      warn: (_details: object, message: string) => logged.push(`warn: ${message}`),
      error: (_details: object, message: string) => logged.push(`error: ${message}`),
    }
    const { proactive, clock } = await start(
      { 'cpu.utilization': (elapsedMs) => elapsedMs / 1000 },
      { storage, logger },
    )
    storage.down = true
    await clock.advance(30_000) // 30 samples while storage is down
    expect(proactive.monitor.latestValue('cpu.utilization')).toBe(30)
    expect(storage.failedWrites).toBeGreaterThan(1)
    expect(logged.filter((line) => line.startsWith('error'))).toEqual([
      'error: storage write failed; keeping samples in memory',
    ])

    storage.down = false
    await clock.advance(1_000)
    await proactive.monitor.flush()
    const [series] = await storage.querySamples({ metric: 'cpu.utilization' })
    // Every sample from before, during and after the outage is stored, none twice.
    expect(series?.points.map(([, value]) => value)).toEqual(Array.from({ length: 32 }, (_, i) => i))
    expect(logged).toContain('info: storage is writable again')
  })
})
