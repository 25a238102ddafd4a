import type { IncomingMessage, ServerResponse } from 'node:http'

// Express is typed by shape, not imported, so the adapter works with Express 4 and 5 and the built
// declarations do not need @types/express.

/** The parts of an Express request the adapter reads. */
export interface ExpressRequest extends IncomingMessage {
  originalUrl?: string
  baseUrl?: string
  /** Set by a body parser (`express.json()`), if one ran. */
  body?: unknown
  /** Set by Express once a route matched; `path` is its template (`/users/:id`). */
  route?: { path?: unknown }
}

/** An Express response: a Node `ServerResponse` is all the adapter uses. */
export type ExpressResponse = ServerResponse

/** Express's `next`. */
export type ExpressNext = (error?: unknown) => void

/** An Express middleware, as `app.use()` takes it. */
export type ExpressMiddleware = (req: ExpressRequest, res: ExpressResponse, next: ExpressNext) => void

/** An Express error middleware (four arguments). */
export type ExpressErrorMiddleware = (
  error: unknown,
  req: ExpressRequest,
  res: ExpressResponse,
  next: ExpressNext,
) => void
