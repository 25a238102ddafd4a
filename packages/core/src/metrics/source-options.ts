import { isAbsolute } from 'node:path'
import { invalidOption } from '../errors/codes'

/**
 * The shortest window a built-in source computes a rate over. A collect that comes sooner (say, right after
 * `start()`) skips its rates and keeps the older baseline, so counters with 10 ms ticks never give noise.
 */
export const minRateWindowMs = 100

/**
 * Throws `PROACTIVE_ERR_INVALID_OPTION` unless `value` is undefined or a positive integer.
 *
 * @example
 * checkPositiveInteger('DiskMetricsSourceOptions.intervalMs', options.intervalMs)
 */
export function checkPositiveInteger(name: string, value: unknown): void {
  if (value === undefined) return
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
    throw invalidOption(name, 'a positive integer', value)
}

/**
 * Throws `PROACTIVE_ERR_INVALID_OPTION` unless `value` is undefined or an absolute path.
 *
 * @example
 * checkAbsolutePath('SystemMetricsSourceOptions.procRoot', options.procRoot)
 */
export function checkAbsolutePath(name: string, value: unknown): void {
  if (value === undefined) return
  if (typeof value !== 'string' || !isAbsolute(value)) throw invalidOption(name, 'an absolute path', value)
}
