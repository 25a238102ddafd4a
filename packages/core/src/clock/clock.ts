/** A handle returned by `Clock.setTimeout` / `Clock.setInterval`. */
export interface TimerHandle {
  /** Lets the process exit while this timer is pending (no-op on the fake clock). */
  unref(): void
}

/**
 * All timing in Proactive goes through a Clock, so tests can replay days of samples in milliseconds.
 *
 * @example
 * const clock = createFakeClock({ now: Date.parse('2026-01-01T00:00:00Z') })
 * const monitor = createMonitor({ clock, sources: [fake] })
 * await clock.advance(60_000) // one minute of sampling, instantly
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
  /** A monotonic reading in milliseconds, for measuring durations. */
  monotonic(): number
  setTimeout(callback: () => void, delayMs: number): TimerHandle
  setInterval(callback: () => void, intervalMs: number): TimerHandle
  clearTimer(handle: TimerHandle): void
}
