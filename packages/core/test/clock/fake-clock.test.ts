import { describe, expect, it } from 'vitest'
import { createFakeClock } from '../../src/clock/fake-clock'
import { ProactiveError } from '../../src/errors/proactive-error'

describe('createFakeClock', () => {
  it('starts at the given time and only moves when advanced', async () => {
    const clock = createFakeClock({ now: 1_000 })
    expect(clock.now()).toBe(1_000)
    await clock.advance(250)
    expect(clock.now()).toBe(1_250)
    expect(clock.monotonic()).toBe(250)
  })

  it('fires timeouts once and intervals on every period, in time order', async () => {
    const clock = createFakeClock({ now: 0 })
    const fired: string[] = []
    clock.setInterval(() => fired.push(`interval@${clock.now()}`), 1_000)
    clock.setTimeout(() => fired.push(`timeout@${clock.now()}`), 1_500)
    await clock.advance(3_000)
    expect(fired).toEqual(['interval@1000', 'timeout@1500', 'interval@2000', 'interval@3000'])
    expect(clock.pendingTimers()).toBe(1)
  })

  it('stops a cleared timer', async () => {
    const clock = createFakeClock({ now: 0 })
    let count = 0
    const handle = clock.setInterval(() => count++, 100)
    await clock.advance(250)
    clock.clearTimer(handle)
    await clock.advance(1_000)
    expect(count).toBe(2)
  })

  it('lets the promises a timer starts settle before the next timer fires', async () => {
    const clock = createFakeClock({ now: 0 })
    const order: string[] = []
    clock.setTimeout(() => void Promise.resolve().then(() => order.push('async work of the first')), 10)
    clock.setTimeout(() => order.push('second timer'), 20)
    await clock.advance(20)
    expect(order).toEqual(['async work of the first', 'second timer'])
  })

  it('rejects a negative advance with an error that names the value', () => {
    const clock = createFakeClock()
    expect(() => clock.advance(-5)).toThrow(ProactiveError)
    expect(() => clock.advance(-5)).toThrow('advance(ms) must be a non-negative number, received -5')
  })
})
