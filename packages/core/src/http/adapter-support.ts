import type { Proactive } from '../proactive-types'
import type { ProactiveRequest, ProactiveResponse } from './route-types'
import { toCapturedException } from './captured-exception'
import { unmatchedRoute } from './http-recorder'

/** The default mount prefix of the adapters. */
export const defaultPrefix = '/proactive'

/**
 * Checks and normalises a mount prefix: leading slash, no trailing slash, `''` for the root.
 *
 * @example
 * normalizePrefix('proactive/') // '/proactive'
 */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.trim().replace(/\/+$/, '')
  if (trimmed === '') return ''
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`
}

/** True when `path` (no query string) is `prefix` itself or below it. */
export function isBelowPrefix(path: string, prefix: string): boolean {
  if (prefix === '') return true
  return path === prefix || path.startsWith(`${prefix}/`)
}

/** Builds a {@link ProactiveRequest} from the pieces every framework has. */
export function toProactiveRequest(input: {
  method: string
  url: string
  prefix: string
  headers: ProactiveRequest['headers']
  body?: unknown
}): ProactiveRequest {
  const queryStart = input.url.indexOf('?')
  const pathname = queryStart === -1 ? input.url : input.url.slice(0, queryStart)
  const below = pathname.slice(input.prefix.length)
  return {
    method: input.method.toUpperCase(),
    path: below === '' ? '/' : below,
    query: new URLSearchParams(queryStart === -1 ? '' : input.url.slice(queryStart + 1)),
    headers: input.headers,
    ...(input.body === undefined ? {} : { body: input.body }),
  }
}

/**
 * Records one finished host request; never throws (the SDK must not hurt its host).
 * Requests that matched no route are grouped under `UNMATCHED`; Proactive's own routes are skipped
 * by the adapters before they get here.
 */
export function recordRequest(
  proactive: Proactive,
  input: { method: string; route: string | undefined; statusCode: number; durationMs: number },
): void {
  try {
    proactive.http.record({
      method: input.method,
      route: input.route ?? unmatchedRoute,
      statusCode: input.statusCode,
      durationMs: input.durationMs,
    })
  } catch (error) {
    proactive.events.emit('internal-error', error, { component: 'http-recorder' })
  }
}

/** Hands an error thrown by a host route to Proactive; never throws. */
export function captureRequestError(
  proactive: Proactive,
  error: unknown,
  context: { method?: string; route?: string; statusCode?: number },
): void {
  try {
    proactive.captureException(toCapturedException(error, proactive.clock.now(), context))
  } catch (inner) {
    proactive.events.emit('internal-error', inner, { component: 'exception-capture' })
  }
}

/** A 500 answer for when the route table itself failed, so an adapter never has to improvise one. */
export function internalErrorResponse(): ProactiveResponse {
  return {
    status: 500,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ error: { code: 'PROACTIVE_ERR_INTERNAL', message: 'Proactive failed to answer' } }),
  }
}
