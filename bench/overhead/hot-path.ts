import { EventEmitter } from 'node:events'
import { createProactive, silentLogger } from '@proactive/core'
import { proactiveExpress } from '@proactive/express'

/**
 * The Express adapter's own cost per request, without any HTTP: the middleware plus its 'finish'
 * listener on a fake request/response, against the same loop without it. Resolves µs per request.
 */
export function expressHotPathMicros(requests = 1_000_000): { bare: number; adapter: number } {
  const proactive = createProactive({ logger: silentLogger, sources: [], defaultSources: false })
  const middleware = proactiveExpress(proactive, { start: false })
  const run = (withAdapter: boolean) => {
    const started = performance.now()
    for (let i = 0; i < requests; i++) {
      const req = { method: 'GET', originalUrl: '/hello/world', route: { path: '/hello/:name' }, baseUrl: '' }
      const res = Object.assign(new EventEmitter(), { statusCode: 200, headersSent: false, req })
      if (withAdapter) middleware(req as never, res as never, () => {})
      res.emit('finish')
    }
    return ((performance.now() - started) * 1000) / requests
  }
  run(true) // warm-up
  return { bare: Math.min(run(false), run(false)), adapter: Math.min(run(true), run(true)) }
}
