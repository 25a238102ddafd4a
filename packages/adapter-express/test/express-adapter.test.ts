import type { Server } from 'node:http'
import express, { type ErrorRequestHandler } from 'express'
import express4 from 'express4'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Proactive } from '@proactive/core'
import { proactiveErrorHandler, proactiveExpress, type ProactiveExpressOptions } from '../src/index'
import { close, json, listen, testProactive, token, withToken } from './support'

interface AppOptions extends ProactiveExpressOptions {
  cpu?: readonly number[]
  /** Mount express.json() before Proactive, as many hosts do. */
  jsonParser?: boolean
  /** The host's own error handler after Proactive's. */
  hostErrorHandler?: boolean
}

const frameworks = [
  ['Express 5', express],
  ['Express 4', express4],
] as const

describe.each(frameworks)('proactiveExpress on %s', (_name, createExpress) => {
  let server: Server | undefined
  let running: Proactive | undefined
  afterEach(async () => {
    if (server) await close(server)
    await running?.stop()
    server = undefined
    running = undefined
  })

  async function serve(options: AppOptions = {}) {
    const { cpu, jsonParser, hostErrorHandler, ...adapterOptions } = options
    const { proactive, clock, metrics } = testProactive(cpu)
    running = proactive
    const app = createExpress()
    if (jsonParser) app.use(createExpress.json())
    app.use(proactiveExpress(proactive, adapterOptions))
    app.get('/users/:id', (req, res) => {
      res.json({ id: req.params.id })
    })
    const api = createExpress.Router()
    api.get('/orders/:orderId', (req, res) => {
      res.json({ order: req.params.orderId })
    })
    app.use('/api', api)
    app.get('/boom', () => {
      throw new Error('kaboom')
    })
    app.use(proactiveErrorHandler(proactive))
    const hostHandler: ErrorRequestHandler = (error: Error, _req, res, _next) => {
      res.status(500).json({ hostError: error.message })
    }
    if (hostErrorHandler) app.use(hostHandler)
    server = app.listen(0, '127.0.0.1')
    const url = await listen(server)
    if (adapterOptions.start !== false) await proactive.start()
    return { url, proactive, clock, metrics }
  }

  describe('Proactive endpoints', () => {
    it('answers GET /proactive/health with 200 application/health+json and its checks', async () => {
      const { url } = await serve({ cpu: [42] })
      const response = await fetch(`${url}/proactive/health`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('application/health+json; charset=utf-8')
      const body = await json(response)
      expect(body.status).toBe('pass')
      expect(body.checks['cpu:utilization'][0]).toMatchObject({ observedValue: 42, observedUnit: 'percent' })
    })

    it('answers /health with 503 and "CPU at 92% (threshold: 85%)" once the CPU reaches 92', async () => {
      const { url, clock } = await serve({ cpu: [40, 92] })
      await clock.advance(1000)
      const response = await fetch(`${url}/proactive/health`)
      expect(response.status).toBe(503)
      const body = await json(response)
      expect(body.status).toBe('fail')
      expect(body.issues[0].message).toBe('CPU at 92% (threshold: 85%)')
    })

    it('refuses /proactive/metrics without the token with a JSON 401', async () => {
      const { url } = await serve()
      const response = await fetch(`${url}/proactive/metrics`)
      expect(response.status).toBe(401)
      expect(response.headers.get('www-authenticate')).toBe('Bearer')
      expect((await json(response)).error.code).toBe('PROACTIVE_ERR_UNAUTHORIZED')
    })

    it('answers /proactive/metrics with the bearer token in Prometheus text', async () => {
      const { url } = await serve({ cpu: [37] })
      const response = await fetch(`${url}/proactive/metrics`, withToken())
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
      expect(await response.text()).toContain('proactive_cpu_utilization{service="express-test"} 37')
    })

    it('answers /proactive/predictions with the horizon and the current predictions', async () => {
      const { url } = await serve({ cpu: [40] })
      const response = await fetch(`${url}/proactive/predictions`, withToken())
      expect(response.status).toBe(200)
      expect(await json(response)).toEqual({
        horizonMinutes: 15,
        generatedAt: '2026-03-02T03:00:00.000Z',
        predictions: [],
      })
    })

    it('answers /proactive/metrics/history with the stored points as JSON', async () => {
      const { url, clock, proactive } = await serve({ cpu: [40, 50] })
      await clock.advance(1000)
      await proactive.monitor.flush()
      const response = await fetch(`${url}/proactive/metrics/history?metric=cpu.utilization`, withToken())
      expect(response.status).toBe(200)
      const body = await json(response)
      expect(body).toMatchObject({ metric: 'cpu.utilization', unit: 'percent' })
      expect(body.points).toEqual([
        [Date.parse('2026-03-02T03:00:00Z'), 40],
        [Date.parse('2026-03-02T03:00:01Z'), 50],
      ])
    })

    it('answers a bad query parameter with a JSON 400 that names it', async () => {
      const { url } = await serve()
      const response = await fetch(
        `${url}/proactive/metrics/history?metric=cpu.utilization&from=yesterday`,
        withToken(),
      )
      expect(response.status).toBe(400)
      const body = await json(response)
      expect(body.error.code).toBe('PROACTIVE_ERR_BAD_REQUEST')
      expect(body.error.message).toMatch(/^from: /)
    })

    it('answers an unknown path under the prefix with a JSON 404 instead of passing it to the host', async () => {
      const { url } = await serve()
      const response = await fetch(`${url}/proactive/nothing-here`, withToken())
      expect(response.status).toBe(404)
      expect((await json(response)).error.code).toBe('PROACTIVE_ERR_NOT_FOUND')
    })

    it('answers a wrong method with a JSON 405 and an Allow header', async () => {
      const { url } = await serve()
      const response = await fetch(`${url}/proactive/health`, { method: 'DELETE' })
      expect(response.status).toBe(405)
      expect(response.headers.get('allow')).toBe('GET')
    })

    it('serves the endpoints under a custom prefix, and leaves the default one to the host', async () => {
      const { url } = await serve({ prefix: 'ops/monitoring/' })
      expect((await fetch(`${url}/ops/monitoring/health`)).status).toBe(200)
      expect((await fetch(`${url}/proactive/health`)).headers.get('content-type')).not.toContain(
        'health+json',
      )
    })

    it('rejects an empty prefix, which would hide every route of the host', () => {
      const { proactive } = testProactive()
      expect(() => proactiveExpress(proactive, { prefix: '/', start: false })).toThrow(
        /prefix must be a path below the root/,
      )
    })

    it('reads a JSON body itself when no body parser ran, and answers malformed JSON with a 400 naming the body', async () => {
      const { url } = await serve()
      const response = await fetch(`${url}/proactive/health`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"dryRun":',
      })
      expect(response.status).toBe(400)
      expect((await json(response)).error.message).toMatch(/^body: not valid JSON/)
    })

    it('uses the body that express.json() already parsed instead of waiting for the consumed stream', async () => {
      const { url } = await serve({ jsonParser: true })
      const response = await fetch(`${url}/proactive/health`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"dryRun":true}',
      })
      expect(response.status).toBe(405)
    })

    it('starts the instance unless start is false', async () => {
      const { proactive } = await serve({ start: false })
      expect(proactive.monitor.running).toBe(false)
      const started = testProactive()
      proactiveExpress(started.proactive)
      await vi.waitFor(() => expect(started.proactive.monitor.running).toBe(true))
      await started.proactive.stop()
    })
  })

  describe('request recording', () => {
    it('records GET /users/:id by its template, not the raw URL', async () => {
      const { url, proactive, clock } = await serve()
      const record = vi.spyOn(proactive.http, 'record')
      // A first request and collect open the window the rate is measured over.
      await fetch(`${url}/users/0`)
      await vi.waitFor(() => expect(record).toHaveBeenCalledTimes(1))
      const time = clock.now()
      await proactive.http.source.collect({ time })
      expect((await fetch(`${url}/users/1`)).status).toBe(200)
      expect((await fetch(`${url}/users/2`)).status).toBe(200)
      await vi.waitFor(() => expect(record).toHaveBeenCalledTimes(3))
      expect(proactive.http.routes()).toEqual(['GET /users/:id'])
      const samples = await proactive.http.source.collect({ time: time + 1000 })
      const labels = { route: 'GET /users/:id' }
      expect(samples).toContainEqual({ metric: 'http.requests.rate', value: 2, time: time + 1000, labels })
      const p95 = samples.find((s) => s.metric === 'http.latency.p95_ms' && s.labels?.route === labels.route)
      expect(p95?.value).toBeGreaterThan(0)
    })

    it('records routes of a mounted router with the mount path', async () => {
      const { url, proactive } = await serve()
      await fetch(`${url}/api/orders/7`)
      await vi.waitFor(() => expect(proactive.http.routes()).toEqual(['GET /api/orders/:orderId']))
    })

    it('groups requests that matched no route under UNMATCHED', async () => {
      const { url, proactive } = await serve()
      expect((await fetch(`${url}/no/such/page`)).status).toBe(404)
      expect((await fetch(`${url}/another/${Math.random()}`)).status).toBe(404)
      await vi.waitFor(() => expect(proactive.http.routes()).toEqual(['GET UNMATCHED']))
    })

    it("does not record Proactive's own routes", async () => {
      const { url, proactive } = await serve()
      await fetch(`${url}/proactive/health`)
      await fetch(`${url}/proactive/metrics`, withToken())
      await fetch(`${url}/proactive/unknown`)
      await fetch(`${url}/users/1`)
      await vi.waitFor(() => expect(proactive.http.routes()).toEqual(['GET /users/:id']))
    })

    it("keeps answering the host's requests when the recorder throws", async () => {
      const { url, proactive } = await serve()
      const internalErrors: string[] = []
      proactive.events.on('internal-error', (_error, context) => internalErrors.push(context.component))
      proactive.http.record = () => {
        throw new Error('recorder broke')
      }
      const response = await fetch(`${url}/users/1`)
      expect(response.status).toBe(200)
      expect(await json(response)).toEqual({ id: '1' })
      await vi.waitFor(() => expect(internalErrors).toEqual(['http-recorder']))
    })
  })

  describe('proactiveErrorHandler', () => {
    it('captures an error thrown by a host route, and Express still sends its own 500', async () => {
      const { url, proactive } = await serve()
      const response = await fetch(`${url}/boom`)
      expect(response.status).toBe(500)
      expect(response.headers.get('content-type')).toContain('text/html')
      expect(proactive.recentExceptions()[0]).toMatchObject({
        name: 'Error',
        message: 'kaboom',
        method: 'GET',
        route: '/boom',
        statusCode: 500,
      })
      await vi.waitFor(() => expect(proactive.http.routes()).toEqual(['GET /boom']))
    })

    it("passes the error on unchanged to the host's own error handler", async () => {
      const { url, proactive } = await serve({ hostErrorHandler: true })
      const response = await fetch(`${url}/boom`)
      expect(response.status).toBe(500)
      expect(await json(response)).toEqual({ hostError: 'kaboom' })
      expect(proactive.recentExceptions()).toHaveLength(1)
    })

    it('keeps the status of an HTTP error such as a 400 from the body parser', async () => {
      const { url, proactive } = await serve({ jsonParser: true })
      const response = await fetch(`${url}/users/1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{oops',
      })
      expect(response.status).toBe(400)
      expect(proactive.recentExceptions()[0]).toMatchObject({ method: 'POST', statusCode: 400 })
    })

    it('still passes the error on when capturing fails', async () => {
      const { url, proactive } = await serve({ hostErrorHandler: true })
      proactive.captureException = () => {
        throw new Error('capture broke')
      }
      const response = await fetch(`${url}/boom`)
      expect(await json(response)).toEqual({ hostError: 'kaboom' })
    })
  })
})

it('uses the test token of the shared support', () => {
  expect(token.length).toBeGreaterThanOrEqual(16)
})
