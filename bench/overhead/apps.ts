import express from 'express'
import Fastify from 'fastify'
import promBundle from 'express-prom-bundle'
import fastifyMetrics from 'fastify-metrics'
import { createProactive, silentLogger } from '@proactive/core'
import { proactiveExpress } from '@proactive/express'
import { proactiveFastify } from '@proactive/fastify'
import type { Server } from 'node:http'

/** The hello-world apps compared by `pnpm bench:overhead`, each serving GET /hello/:name. */
export const variants = [
  'express-bare',
  'express-proactive',
  'express-prom-bundle',
  'fastify-bare',
  'fastify-proactive',
  'fastify-metrics',
] as const
export type Variant = (typeof variants)[number]

/** Starts one variant on 127.0.0.1 and resolves with its port. */
export async function startApp(variant: Variant): Promise<number> {
  if (variant.startsWith('express')) {
    const app = express()
    if (variant === 'express-proactive') app.use(proactiveExpress(createProactive({ logger: silentLogger })))
    if (variant === 'express-prom-bundle')
      app.use(promBundle({ includeMethod: true, includePath: true, includeStatusCode: true }))
    app.get('/hello/:name', (req, res) => {
      res.json({ hello: req.params.name })
    })
    const server: Server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
    })
    return (server.address() as { port: number }).port
  }
  const app = Fastify()
  if (variant === 'fastify-proactive')
    await app.register(proactiveFastify, { proactive: createProactive({ logger: silentLogger }) })
  if (variant === 'fastify-metrics') await app.register(fastifyMetrics, { endpoint: '/metrics' })
  app.get<{ Params: { name: string } }>('/hello/:name', async (request) => ({ hello: request.params.name }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  return (app.server.address() as { port: number }).port
}
