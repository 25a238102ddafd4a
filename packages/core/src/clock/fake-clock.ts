import type { Clock, TimerHandle } from './clock'
import { invalidOption } from '../errors/codes'

/** Options for {@link createFakeClock}. */
export interface FakeClockOptions {
  /** The starting time in epoch milliseconds. Default: 2026-01-01T00:00:00Z. */
  now?: number
}

/** A clock that only moves when told to; timers fire in time order during `advance`. */
export interface FakeClock extends Clock {
  /** Moves time forward, firing due timers in order and letting their promises settle between them. */
  advance(ms: number): Promise<void>
  /** Moves to an absolute time (never backwards). */
  advanceTo(time: number): Promise<void>
  /** How many timers are pending. */
  pendingTimers(): number
}

interface FakeTimer extends TimerHandle {
  id: number
  dueAt: number
  intervalMs: number | undefined
  callback: () => void
}

/**
 * Creates a {@link FakeClock} for tests and replays.
 *
 * @example
 * const clock = createFakeClock()
 * clock.setTimeout(() => console.log('fired'), 1000)
 * await clock.advance(1000) // prints "fired"
 */
export function createFakeClock(options: FakeClockOptions = {}): FakeClock {
  let current = options.now ?? Date.parse('2026-01-01T00:00:00Z')
  if (!Number.isFinite(current))
    throw invalidOption('FakeClockOptions.now', 'a finite epoch-millisecond number', current)
  const start = current
  let nextId = 1
  const timers = new Map<number, FakeTimer>()

  const schedule = (callback: () => void, delayMs: number, intervalMs: number | undefined): TimerHandle => {
    const timer: FakeTimer = {
      id: nextId++,
      dueAt: current + Math.max(0, delayMs),
      intervalMs,
      callback,
      unref: () => {},
    }
    timers.set(timer.id, timer)
    return timer
  }

  const nextDue = (limit: number): FakeTimer | undefined => {
    let best: FakeTimer | undefined
    for (const timer of timers.values()) {
      if (timer.dueAt > limit) continue
      if (!best || timer.dueAt < best.dueAt || (timer.dueAt === best.dueAt && timer.id < best.id))
        best = timer
    }
    return best
  }

  const advanceTo = async (target: number) => {
    if (!Number.isFinite(target)) throw invalidOption('advanceTo(time)', 'a finite number', target)
    // Work the test started before advancing (resolved promises) settles first, as it would in real time.
    await flushMicrotasks()
    for (let timer = nextDue(target); timer; timer = nextDue(target)) {
      current = Math.max(current, timer.dueAt)
      if (timer.intervalMs === undefined) timers.delete(timer.id)
      else timer.dueAt += Math.max(1, timer.intervalMs)
      timer.callback()
      // Let promise chains started by the callback settle before the next timer fires.
      await flushMicrotasks()
    }
    current = Math.max(current, target)
    await flushMicrotasks()
  }

  return {
    now: () => current,
    monotonic: () => current - start,
    setTimeout: (callback, delayMs) => schedule(callback, delayMs, undefined),
    setInterval: (callback, intervalMs) => schedule(callback, intervalMs, intervalMs),
    clearTimer: (handle) => {
      timers.delete((handle as FakeTimer).id)
    },
    advance: (ms) => {
      if (!(ms >= 0)) throw invalidOption('advance(ms)', 'a non-negative number', ms)
      return advanceTo(current + ms)
    },
    advanceTo,
    pendingTimers: () => timers.size,
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let round = 0; round < 10; round++) await Promise.resolve()
  await new Promise<void>((resolve) => setImmediate(resolve))
}
