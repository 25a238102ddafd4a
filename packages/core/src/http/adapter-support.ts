import type { IncomingMessage } from 'node:http'
import type { Proactive } from '../proactive-types'
import type { ProactiveRequest, ProactiveResponse } from './route-types'
import { badRequest, invalidOption } from '../errors/codes'
import { ProactiveError } from '../errors/proactive-error'
import { toCapturedException } from './captured-exception'
import { unmatchedRoute } from './http-recorder'

/** The default mount prefix of the adapters. */
export const defaultPrefix = '/proactive'

/** The largest request body the adapters and the standalone server read themselves: 1 MiB. */
export const defaultMaxBodyBytes = 1024 * 1024

const jsonType = 'application/json; charset=utf-8'

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

/**
 * What every adapter does when it is mounted: checks the instance and the prefix, and starts
 * monitoring in the background unless told not to (a failure to start is logged, never thrown).
 * Returns the normalised prefix.
 *
 * @example
 * const prefix = mountAdapter(proactive, { prefix: options.prefix, start: options.start })
 */
export function mountAdapter(
  proactive: Proactive,
  options: { prefix?: string | undefined; start?: boolean | undefined },
): string {
  if (typeof proactive?.routes?.handle !== 'function')
    throw invalidOption('proactive', 'an instance made by createProactive()', typeof proactive)
  const prefix = normalizePrefix(options.prefix ?? defaultPrefix)
  if (prefix === '') throw invalidOption('prefix', 'a path below the root such as /proactive', options.prefix)
  if (options.start !== false)
    proactive
      .start()
      .catch((error: unknown) => proactive.logger.error({ err: error }, 'Proactive failed to start'))
  return prefix
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

/**
 * Hands an error thrown by a host route to Proactive; never throws. Without `statusCode`, the status
 * the framework will answer with is derived from the error (`statusCode` or `status` when 4xx/5xx,
 * else 500), as Express's final handler and Fastify's error handler both do.
 */
export function captureRequestError(
  proactive: Proactive,
  error: unknown,
  context: { method?: string; route?: string | undefined; statusCode?: number },
): void {
  try {
    const { route, ...rest } = context
    proactive.captureException(
      toCapturedException(error, proactive.clock.now(), {
        ...rest,
        ...(route === undefined ? {} : { route }),
        statusCode: context.statusCode ?? errorStatusCode(error),
      }),
    )
  } catch (inner) {
    proactive.events.emit('internal-error', inner, { component: 'exception-capture' })
  }
}

function errorStatusCode(error: unknown): number {
  if (typeof error !== 'object' || error === null) return 500
  const { statusCode, status } = error as { statusCode?: unknown; status?: unknown }
  for (const candidate of [statusCode, status])
    if (typeof candidate === 'number' && candidate >= 400 && candidate <= 599) return candidate
  return 500
}

/**
 * Reads and parses the JSON body of a Node request that no framework parser has consumed.
 * Resolves `undefined` for GET and HEAD and for an empty body; rejects with
 * `PROACTIVE_ERR_BAD_REQUEST` naming `body` when it is larger than `maxBodyBytes` or not JSON.
 * An oversized body is drained, not buffered, and the socket stays usable for the 400 answer.
 *
 * @example
 * const body = await readJsonBody(req).catch((error: unknown) => ...) // then errorResponse(error)
 */
export function readJsonBody(request: IncomingMessage, maxBodyBytes = defaultMaxBodyBytes): Promise<unknown> {
  if (request.method === 'GET' || request.method === 'HEAD' || request.readableEnded)
    return Promise.resolve(undefined)
  const tooLarge = () =>
    badRequest('body', `larger than the limit of ${maxBodyBytes} bytes; send a smaller JSON body`)
  if (Number(request.headers['content-length']) > maxBodyBytes) {
    request.resume()
    return Promise.reject(tooLarge())
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const stop = () => {
      request.off('data', onData)
      request.off('end', onEnd)
      request.off('error', onError)
      request.off('close', onClose)
    }
    const onData = (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      size += buffer.length
      if (size <= maxBodyBytes) return void chunks.push(buffer)
      stop()
      request.resume()
      reject(tooLarge())
    }
    const onEnd = () => {
      stop()
      if (size === 0) return resolve(undefined)
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      } catch (error) {
        reject(badRequest('body', `not valid JSON (${(error as Error).message})`))
      }
    }
    const onError = (error: Error) => {
      stop()
      reject(error)
    }
    const onClose = () => onError(new Error('the request closed before its body was read'))
    request.on('data', onData)
    request.on('end', onEnd)
    request.on('error', onError)
    request.on('close', onClose)
  })
}

/**
 * The JSON answer for an error raised before the route table ran (such as a bad body): a
 * `ProactiveError` keeps its code and status, anything else becomes {@link internalErrorResponse}.
 */
export function errorResponse(error: unknown): ProactiveResponse {
  if (!(error instanceof ProactiveError)) return internalErrorResponse()
  return {
    status: error.statusCode >= 400 && error.statusCode <= 599 ? error.statusCode : 500,
    headers: { 'content-type': jsonType, 'cache-control': 'no-store' },
    body: JSON.stringify({
      error: { code: error.code, message: error.message, statusCode: error.statusCode },
    }),
  }
}

/** A 500 answer for when the route table itself failed, so an adapter never has to improvise one. */
export function internalErrorResponse(): ProactiveResponse {
  return {
    status: 500,
    headers: { 'content-type': jsonType, 'cache-control': 'no-store' },
    body: JSON.stringify({
      error: { code: 'PROACTIVE_ERR_INTERNAL', message: 'Proactive failed to answer' },
    }),
  }
}
