import fp from 'fastify-plugin'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  captureRequestError,
  errorResponse,
  errors,
  mountAdapter,
  recordRequest,
  toProactiveRequest,
  type Proactive,
  type ProactiveResponse,
} from '@proactive/core'

/** Options for {@link proactiveFastify}. */
export interface ProactiveFastifyOptions {
  /** The instance whose endpoints are mounted and whose recorder is fed. */
  proactive: Proactive
  /** Where Proactive's endpoints live. Default `/proactive`. */
  prefix?: string
  /** Call `proactive.start()` (errors are logged, never thrown). Default true. */
  start?: boolean
}

/**
 * A Fastify 5 plugin: Proactive's endpoints as native routes under the prefix, an `onResponse` hook
 * that records latency and status by route template, and an `onError` hook that captures route
 * errors. Register it on the root instance so the hooks see every route. It does not stop the
 * instance when the app closes: the host owns it (`app.addHook('onClose', () => proactive.stop())`).
 *
 * @example
 * import Fastify from 'fastify'
 * import { createProactive } from '@proactive/core'
 * import { proactiveFastify } from '@proactive/fastify'
 *
 * const proactive = createProactive({ token: process.env.PROACTIVE_TOKEN })
 * const app = Fastify()
 * await app.register(proactiveFastify, { proactive }) // GET /proactive/health, /proactive/metrics, …
 * app.get('/users/:id', getUser) // recorded as "GET /users/:id"
 */
export const proactiveFastify = fp(mountProactive, { fastify: '5.x', name: '@proactive/fastify' })

async function mountProactive(app: FastifyInstance, options: ProactiveFastifyOptions): Promise<void> {
  const { proactive } = options
  const prefix = mountAdapter(proactive, options)

  // Full URLs of Proactive's own routes (with any outer prefix), so the hooks can skip them.
  const ownUrls = new Set<string>()

  app.addHook('onResponse', (request, reply, done) => {
    try {
      const { url } = request.routeOptions
      if (url === undefined || !ownUrls.has(url))
        recordRequest(proactive, {
          method: request.method,
          route: url,
          statusCode: reply.statusCode,
          durationMs: reply.elapsedTime,
        })
    } catch (error) {
      proactive.events.emit('internal-error', error, { component: 'adapter-fastify' })
    }
    done()
  })

  app.addHook('onError', (request, _reply, error, done) => {
    try {
      const { url } = request.routeOptions
      if (url === undefined || !ownUrls.has(url))
        captureRequestError(proactive, error, { method: request.method, route: url })
    } catch (inner) {
      proactive.events.emit('internal-error', inner, { component: 'adapter-fastify' })
    }
    done()
  })

  await app.register(
    async (child) => {
      child.addHook('onRoute', (route) => void ownUrls.add(route.url))
      // Fastify rejects a malformed, oversized or non-JSON body before the handler runs; answer
      // with a 400 naming the body, as the Express adapter and the standalone server do.
      child.setErrorHandler((error: FastifyError, _request, reply) => {
        const isClientError = (error.statusCode ?? 500) < 500
        return send(reply, errorResponse(isClientError ? errors.badRequest('body', error.message) : error))
      })
      const handler = answerWith(proactive, child.prefix)
      for (const route of proactive.routes.routes)
        child.route({ method: route.method, url: route.path, handler })
      // Unknown paths and methods under the prefix get the route table's JSON 404 and 405.
      child.all('/*', handler)
      if (!proactive.routes.routes.some((route) => route.path === '/')) child.all('/', handler)
    },
    { prefix },
  )
}

function answerWith(proactive: Proactive, prefix: string) {
  return async function proactiveRoute(request: FastifyRequest, reply: FastifyReply) {
    let response: ProactiveResponse
    try {
      const { method, url, headers, body } = request
      response = await proactive.routes.handle(toProactiveRequest({ method, url, prefix, headers, body }))
    } catch (error) {
      response = errorResponse(error)
    }
    return send(reply, response)
  }
}

function send(reply: FastifyReply, response: ProactiveResponse): FastifyReply {
  return reply.code(response.status).headers(response.headers).send(response.body)
}
