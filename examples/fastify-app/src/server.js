// @ts-check
import { createConsoleLogger, createProactive } from '@proactive/core'
import { createApp } from './app.js'

const port = Number(process.env.PORT ?? 3001)
const token = process.env.PROACTIVE_TOKEN

const proactive = createProactive({
  serviceName: 'fastify-example',
  logger: createConsoleLogger('info'),
  // Without a token only /proactive/health answers; set PROACTIVE_TOKEN (16+ characters) for the rest.
  ...(token ? { token } : {}),
})
proactive.events.on('issue.raised', (issue) => console.warn(`proactive: ${issue.message}`))
proactive.events.on('exception', (exception) => console.warn(`proactive captured: ${exception.message}`))

const app = await createApp(proactive)
await app.listen({ port, host: '127.0.0.1' })
const base = `http://127.0.0.1:${port}`
console.log(`Fastify example on ${base}: try ${base}/users/1, ${base}/boom and ${base}/proactive/health`)

const shutdown = () => {
  app.close().then(() => process.exit(0))
}
process.once('SIGINT', shutdown)
process.once('SIGTERM', shutdown)
