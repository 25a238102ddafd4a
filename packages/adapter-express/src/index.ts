import {
  captureRequestError,
  errorResponse,
  internalErrorResponse,
  isBelowPrefix,
  mountAdapter,
  readJsonBody,
  recordRequest,
  toProactiveRequest,
  type Proactive,
  type ProactiveResponse,
} from '@proactive/core'
import type {
  ExpressErrorMiddleware,
  ExpressMiddleware,
  ExpressRequest,
  ExpressResponse,
} from './express-types'
import { routeTemplate } from './route-template'

export type {
  ExpressErrorMiddleware,
  ExpressMiddleware,
  ExpressNext,
  ExpressRequest,
  ExpressResponse,
} from './express-types'

const startedAt = Symbol('proactive.startedAt')
type TimedResponse = ExpressResponse & { [startedAt]?: number }

/** Options for {@link proactiveExpress}. */
export interface ProactiveExpressOptions {
  /** Where Proactive's endpoints live. Default `/proactive`. */
  prefix?: string
  /** Call `proactive.start()` (errors are logged, never thrown). Default true. */
  start?: boolean
}

/**
 * An Express 4/5 middleware that answers Proactive's endpoints under the prefix and records the
 * latency and status of every other request by its route template. Mount it at the root, before
 * your routes; add {@link proactiveErrorHandler} after them.
 *
 * @example
 * import express from 'express'
 * import { createProactive } from '@proactive/core'
 * import { proactiveErrorHandler, proactiveExpress } from '@proactive/express'
 *
 * const proactive = createProactive({ token: process.env.PROACTIVE_TOKEN })
 * const app = express()
 * app.use(proactiveExpress(proactive)) // GET /proactive/health, /proactive/metrics, …
 * app.get('/users/:id', getUser) // recorded as "GET /users/:id"
 * app.use(proactiveErrorHandler(proactive))
 */
export function proactiveExpress(
  proactive: Proactive,
  options: ProactiveExpressOptions = {},
): ExpressMiddleware {
  const prefix = mountAdapter(proactive, options)

  function recordFinished(this: TimedResponse): void {
    try {
      const req = this.req as ExpressRequest
      recordRequest(proactive, {
        method: req.method ?? 'GET',
        route: routeTemplate(req),
        statusCode: this.statusCode,
        durationMs: performance.now() - (this[startedAt] ?? 0),
      })
    } catch (error) {
      proactive.events.emit('internal-error', error, { component: 'adapter-express' })
    }
  }

  return function proactiveMiddleware(req, res, next) {
    const url = req.originalUrl ?? req.url ?? '/'
    if (ownsUrl(url, prefix)) {
      answer(proactive, prefix, url, req, res).catch((error: unknown) => answerFailed(proactive, res, error))
      return
    }
    // One shared listener and a start time on the response: no closure per request.
    ;(res as TimedResponse)[startedAt] = performance.now()
    res.on('finish', recordFinished)
    next()
  }
}

/**
 * An Express error middleware that hands route errors to Proactive (for `recentExceptions()` and the
 * auto-fixer), then passes the error on unchanged, so your own error handling still answers.
 *
 * @example
 * app.use(proactiveErrorHandler(proactive)) // after your routes, before your error handler
 */
export function proactiveErrorHandler(proactive: Proactive): ExpressErrorMiddleware {
  return function proactiveErrorMiddleware(error, req, _res, next) {
    try {
      captureRequestError(proactive, error, { method: req.method ?? 'GET', route: routeTemplate(req) })
    } catch (inner) {
      proactive.events.emit('internal-error', inner, { component: 'adapter-express' })
    }
    next(error)
  }
}

function ownsUrl(url: string, prefix: string): boolean {
  // The host's own requests stop here, without allocating.
  if (!url.startsWith(prefix)) return false
  const queryAt = url.indexOf('?')
  return isBelowPrefix(queryAt === -1 ? url : url.slice(0, queryAt), prefix)
}

async function answer(
  proactive: Proactive,
  prefix: string,
  url: string,
  req: ExpressRequest,
  res: ExpressResponse,
) {
  let response: ProactiveResponse
  try {
    // A body parser that ran has consumed the stream; otherwise read the JSON body here.
    const body = req.readableEnded ? req.body : await readJsonBody(req)
    const method = req.method ?? 'GET'
    response = await proactive.routes.handle(
      toProactiveRequest({ method, url, prefix, headers: req.headers, body }),
    )
  } catch (error) {
    response = errorResponse(error)
  }
  if (res.headersSent) return
  res.writeHead(response.status, response.headers)
  res.end(response.body)
}

function answerFailed(proactive: Proactive, res: ExpressResponse, error: unknown): void {
  proactive.events.emit('internal-error', error, { component: 'adapter-express' })
  try {
    const fallback = internalErrorResponse()
    if (!res.headersSent) res.writeHead(fallback.status, fallback.headers).end(fallback.body)
    else res.end()
  } catch {
    res.destroy()
  }
}
