// @ts-check
import express from 'express'
import { proactiveErrorHandler, proactiveExpress } from '@proactive/express'

const users = new Map([
  ['1', { id: '1', name: 'Ada Lovelace' }],
  ['2', { id: '2', name: 'Grace Hopper' }],
])

/**
 * A small users API with Proactive mounted under /proactive.
 *
 * @param {import('@proactive/core').Proactive} proactive
 * @param {{ start?: boolean }} [options] passed to the adapter; `start: false` when the caller starts it
 */
export function createApp(proactive, options = {}) {
  const app = express()
  // Before the routes: answers /proactive/* and times every other request by its route template.
  app.use(proactiveExpress(proactive, options))

  app.get('/users/:id', (req, res) => {
    const user = users.get(req.params.id)
    if (user) res.json(user)
    else res.status(404).json({ error: `no user ${req.params.id}` })
  })

  app.get('/boom', () => {
    throw new Error('the report generator crashed')
  })

  // After the routes: Proactive records the error, then the app's own handler answers as usual.
  app.use(proactiveErrorHandler(proactive))
  app.use(
    /** @type {import('express').ErrorRequestHandler} */
    (_error, _req, res, _next) => res.status(500).json({ error: 'internal error' }),
  )
  return app
}
