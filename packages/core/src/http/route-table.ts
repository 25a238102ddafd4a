import { timingSafeEqual } from 'node:crypto'
import type { Logger } from '../logging/logger'
import type { ProactiveRequest, ProactiveResponse, RouteDefinition, RouteResult } from './route-types'
import { ProactiveError } from '../errors/proactive-error'
import { methodNotAllowed, mutationsDisabled, routeNotFound, unauthorized } from '../errors/codes'

/** The endpoints of one Proactive instance, independent of any framework. */
export interface RouteTable {
  readonly routes: readonly RouteDefinition[]
  /** Answers a request: matching, authorisation, error mapping. Never rejects. */
  handle(request: ProactiveRequest): Promise<ProactiveResponse>
}

/** Options for {@link createRouteTable}. */
export interface RouteTableOptions {
  routes: readonly RouteDefinition[]
  /** The bearer token for `read` and `write` routes; without it only `public` routes answer. */
  token?: string | undefined
  logger: Logger
}

const jsonType = 'application/json; charset=utf-8'

/**
 * Creates the route table that the standalone server and both adapters mount, so every endpoint
 * behaves the same everywhere.
 *
 * @example
 * const table = createRouteTable({ routes: [healthRoute], logger })
 * const response = await table.handle({ method: 'GET', path: '/health', query: new URLSearchParams(), headers: {} })
 */
export function createRouteTable(options: RouteTableOptions): RouteTable {
  const byPath = new Map<string, Map<string, RouteDefinition>>()
  for (const route of options.routes) {
    const methods = byPath.get(route.path) ?? new Map<string, RouteDefinition>()
    if (methods.has(route.method)) throw new Error(`route ${route.method} ${route.path} is defined twice`)
    methods.set(route.method, route)
    byPath.set(route.path, methods)
  }
  const token = options.token === undefined || options.token === '' ? undefined : Buffer.from(options.token)

  const authorize = (route: RouteDefinition, request: ProactiveRequest) => {
    if (route.access === 'public') return
    if (!token) {
      if (route.access === 'write') throw mutationsDisabled(`${route.method} ${route.path}`)
      throw unauthorized(
        `${route.method} ${route.path} needs a token: set PROACTIVE_TOKEN and send Authorization: Bearer <token>`,
      )
    }
    const header = request.headers.authorization
    const value = Array.isArray(header) ? header[0] : header
    const match = typeof value === 'string' ? /^Bearer\s+(.+)$/i.exec(value.trim()) : null
    if (!match) throw unauthorized('missing Authorization: Bearer <PROACTIVE_TOKEN> header')
    const given = Buffer.from(match[1] as string)
    if (given.length !== token.length || !timingSafeEqual(given, token))
      throw unauthorized('the bearer token is not valid')
  }

  return {
    routes: options.routes,
    async handle(request) {
      try {
        const path = request.path.length > 1 ? request.path.replace(/\/+$/, '') : request.path
        const methods = byPath.get(path)
        if (!methods) throw routeNotFound(request.method, request.path)
        const method = request.method === 'HEAD' ? 'GET' : request.method
        const route = methods.get(method)
        if (!route) {
          const error = methodNotAllowed(request.method, path, [...methods.keys()])
          return toResponse({
            status: 405,
            headers: { allow: [...methods.keys()].join(', ') },
            body: errorBody(error),
          })
        }
        authorize(route, request)
        const response = toResponse(await route.handle(request))
        return request.method === 'HEAD' ? { ...response, body: '' } : response
      } catch (error) {
        if (error instanceof ProactiveError && error.statusCode >= 400 && error.statusCode < 500) {
          const headers: Record<string, string> =
            error.statusCode === 401 ? { 'www-authenticate': 'Bearer' } : {}
          return toResponse({ status: error.statusCode, headers, body: errorBody(error) })
        }
        options.logger.error({ err: error, path: request.path }, 'Proactive endpoint failed')
        const status = error instanceof ProactiveError ? error.statusCode : 500
        const body =
          error instanceof ProactiveError
            ? errorBody(error)
            : {
                error: { code: 'PROACTIVE_ERR_INTERNAL', message: 'the endpoint failed; see the server log' },
              }
        return toResponse({ status: status >= 500 && status < 600 ? status : 500, body })
      }
    },
  }
}

function errorBody(error: ProactiveError) {
  return { error: { code: error.code, message: error.message, statusCode: error.statusCode } }
}

function toResponse(result: RouteResult): ProactiveResponse {
  const isText = typeof result.body === 'string'
  return {
    status: result.status ?? 200,
    headers: {
      'content-type': result.contentType ?? (isText ? 'text/plain; charset=utf-8' : jsonType),
      'cache-control': 'no-store',
      ...result.headers,
    },
    body: isText ? (result.body as string) : JSON.stringify(result.body),
  }
}
