// @ts-check
import Fastify from 'fastify'
import { proactiveFastify } from '@proactive/fastify'

const users = new Map([
  ['1', { id: '1', name: 'Ada Lovelace' }],
  ['2', { id: '2', name: 'Grace Hopper' }],
])

/**
 * A small users API with Proactive registered under /proactive.
 *
 * @param {import('@proactive/core').Proactive} proactive
 * @param {{ start?: boolean }} [options] passed to the plugin; `start: false` when the caller starts it
 */
export async function createApp(proactive, options = {}) {
  const app = Fastify()
  // On the root instance, so its hooks time and watch every route of the app.
  await app.register(proactiveFastify, { proactive, ...options })
  // The plugin leaves the instance to its owner: stop it when the app closes.
  app.addHook('onClose', async () => proactive.stop())

  app.get('/users/:id', async (request, reply) => {
    const { id } = /** @type {{ id: string }} */ (request.params)
    const user = users.get(id)
    return user ?? reply.code(404).send({ error: `no user ${id}` })
  })

  app.get('/boom', async () => {
    throw new Error('the report generator crashed')
  })
  return app
}
