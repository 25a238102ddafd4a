import type { Clock, TimerHandle } from './clock'

/** The wall clock and Node's timers. Timers are unref'd so Proactive never keeps a process alive. */
export const realClock: Clock = Object.freeze({
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (callback: () => void, delayMs: number): TimerHandle =>
    globalThis.setTimeout(callback, delayMs).unref(),
  setInterval: (callback: () => void, intervalMs: number): TimerHandle =>
    globalThis.setInterval(callback, intervalMs).unref(),
  clearTimer: (handle: TimerHandle) => globalThis.clearTimeout(handle as NodeJS.Timeout),
})
