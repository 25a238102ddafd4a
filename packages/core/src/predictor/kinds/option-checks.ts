import { invalidOption } from '../../errors/codes'

/**
 * Throws `invalidOption` unless `value` is a finite number above `min` (or at least `min` when
 * `inclusive`) and at most `max`; returns it.
 *
 * @example
 * checkNumber('diskExhaustion.holdMs', options.holdMs, 0, { inclusive: true }) // 1_800_000
 */
export function checkNumber(
  name: string,
  value: number,
  min: number,
  { max = Number.POSITIVE_INFINITY, inclusive = false }: { max?: number; inclusive?: boolean } = {},
): number {
  const above = inclusive ? value >= min : value > min
  if (typeof value !== 'number' || !Number.isFinite(value) || !above || value > max) {
    const lower = `${inclusive ? 'at least' : 'above'} ${min}`
    const range = max === Number.POSITIVE_INFINITY ? lower : `${lower} and at most ${max}`
    throw invalidOption(name, `a finite number ${range}`, value)
  }
  return value
}

/**
 * Checks that a window holds at least `minBuckets` buckets and at most `maxBuckets`; returns the
 * bucket count.
 *
 * @example
 * bucketCount('memoryLeak.longWindowMs', 3_600_000, 30_000, 4, 400) // 120
 */
export function bucketCount(
  name: string,
  windowMs: number,
  bucketMs: number,
  minBuckets: number,
  maxBuckets: number,
): number {
  const count = Math.round(windowMs / bucketMs)
  if (!(count >= minBuckets && count <= maxBuckets))
    throw invalidOption(
      name,
      `between ${minBuckets} and ${maxBuckets} buckets of ${bucketMs} ms (${minBuckets * bucketMs}–${maxBuckets * bucketMs} ms)`,
      windowMs,
    )
  return count
}
