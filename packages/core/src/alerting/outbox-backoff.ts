import type { OutboxRetryOptions } from './outbox-options'

/**
 * The wait before the next attempt after `failures` failed ones: `initialDelayMs × multiplier^(failures-1)`,
 * capped at `maxDelayMs`, spread by ± `jitter`, and never shorter than the receiver's Retry-After.
 *
 * @example
 * retryDelayMs(3, { initialDelayMs: 1_000, maxDelayMs: 300_000, multiplier: 2, jitter: 0, random: Math.random }) // 4_000
 */
export function retryDelayMs(
  failures: number,
  retry: Readonly<Required<OutboxRetryOptions>>,
  retryAfterMs?: number,
): number {
  const exponent = Math.max(0, failures - 1)
  const base = Math.min(retry.maxDelayMs, retry.initialDelayMs * retry.multiplier ** exponent)
  const spread = retry.jitter === 0 ? 1 : 1 + retry.jitter * (2 * retry.random() - 1)
  return Math.max(Math.round(base * spread), retryAfterMs ?? 0)
}

/**
 * A repeatable random source in [0, 1) (mulberry32), for jitter that tests and replays can predict.
 *
 * @example
 * createOutbox({ …, retry: { random: seededRandom(42) } })
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let value = state
    value = Math.imul(value ^ (value >>> 15), value | 1)
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61)
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296
  }
}
