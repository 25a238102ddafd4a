import { badRequest } from '../errors/codes'
import { parseDuration } from '../config/duration'

/**
 * Parses a time parameter: ISO 8601, epoch milliseconds, or a duration ago (`15m` = 15 minutes before now).
 *
 * @example
 * parseTimeParam('from', '2026-01-01T00:00:00Z', now) // 1767225600000
 * parseTimeParam('from', '15m', now) // now - 900000
 */
export function parseTimeParam(name: string, value: string, now: number): number {
  const trimmed = value.trim()
  if (/^\d{10,}$/.test(trimmed)) return Number(trimmed)
  const ago = parseDuration(trimmed)
  if (ago !== undefined) return now - ago
  const parsed = Date.parse(trimmed)
  if (Number.isFinite(parsed)) return parsed
  throw badRequest(
    name,
    `expected an ISO 8601 time, epoch milliseconds or a duration ago such as 15m, received ${JSON.stringify(value)}`,
  )
}

/** Parses a positive duration parameter (`30s`, `5m`, or milliseconds). */
export function parseDurationParam(name: string, value: string): number {
  const parsed = parseDuration(value)
  if (parsed === undefined || parsed <= 0)
    throw badRequest(
      name,
      `expected a positive duration such as 30s, 5m or 60000, received ${JSON.stringify(value)}`,
    )
  return parsed
}

/** Parses a positive integer parameter within a maximum. */
export function parseIntegerParam(name: string, value: string, max: number): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > max)
    throw badRequest(name, `expected an integer from 1 to ${max}, received ${JSON.stringify(value)}`)
  return Number(value)
}

/** Rejects parameters a route does not know, so a typo never silently changes the answer. */
export function rejectUnknownParams(query: URLSearchParams, known: readonly string[]): void {
  for (const name of query.keys())
    if (!known.includes(name))
      throw badRequest(name, `unknown query parameter; this endpoint accepts ${known.join(', ')}`)
}
