import Fastify, { type FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Proactive } from '@proactive/core'
import { proactiveFastify, type ProactiveFastifyOptions } from '../src/index'
import { testProactive, token } from './support'

interface Answer {
  status: number
  headers: Record<string, string | undefined>
  text: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- loosely typed for assertions
  json(): any
}

interface Call {
  method?: string
  headers?: Record<string, string>
  body?: string
  token?: boolean
}

/** The two ways the suite talks to the app: Fastify's inject, and real HTTP on a listening port. */
const transports = {
  'app.inject()': async (app: FastifyInstance, url: string, call: Call): Promise<Answer> => {
    const response = await app.inject({
      method: (call.method ?? 'GET') as 'GET',
      url,
      headers: headersOf(call),
      ...(call.body === undefined ? {} : { payload: call.body }),
    })
    const headers = Object.fromEntries(
      Object.entries(response.headers).map(([name, value]) => [name, String(value)]),
    )
    return {
      status: response.statusCode,
      headers,
      text: response.body,
      json: () => JSON.parse(response.body),
    }
  },
  'a listening server': async (app: FastifyInstance, url: string, call: Call): Promise<Answer> => {
    const address = app.server.address()
    if (address === null || typeof address === 'string') throw new Error('the app is not listening')
    const response = await fetch(`http://127.0.0.1:${address.port}${url}`, {
      method: call.method ?? 'GET',
      headers: headersOf(call),
      ...(call.body === undefined ? {} : { body: call.body }),
    })
    const text = await response.text()
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      text,
      json: () => JSON.parse(text),
    }
  },
}

function headersOf(call: Call): Record<string, string> {
  return { ...call.headers, ...(call.token ? { authorization: `Bearer ${token}` } : {}) }
}

interface AppOptions extends Omit<ProactiveFastifyOptions, 'proactive'> {
  cpu?: readonly number[]
  /** The host's own error handler. */
  hostErrorHandler?: boolean
}

describe.each(Object.entries(transports))('proactiveFastify through %s', (transport, send) => {
  let app: FastifyInstance | undefined
  let running: Proactive | undefined
  afterEach(async () => {
    await app?.close()
    await running?.stop()
    app = undefined
    running = undefined
  })

  async function serve(options: AppOptions = {}) {
    const { cpu, hostErrorHandler, ...adapterOptions } = options
    const { proactive, clock, metrics } = testProactive(cpu)
    running = proactive
    const instance = Fastify()
    app = instance
    await instance.register(proactiveFastify, { proactive, ...adapterOptions })
    instance.get<{ Params: { id: string } }>('/users/:id', async (request) => ({ id: request.params.id }))
    await instance.register(
      async (api) => {
        api.get<{ Params: { orderId: string } }>('/orders/:orderId', async (request) => ({
          order: request.params.orderId,
        }))
      },
      { prefix: '/api' },
    )
    instance.get('/boom', async () => {
      throw new Error('kaboom')
    })
    if (hostErrorHandler)
      instance.setErrorHandler((error: Error, _request, reply) =>
        reply.code(500).send({ hostError: error.message }),
      )
    if (transport === 'a listening server') await instance.listen({ port: 0, host: '127.0.0.1' })
    else await instance.ready()
    if (adapterOptions.start !== false) await proactive.start()
    const request = (url: string, call: Call = {}) => send(instance, url, call)
    return { request, proactive, clock, metrics }
  }

  describe('Proactive endpoints', () => {
    it('answers GET /proactive/health with 200 application/health+json and its checks', async () => {
      const { request } = await serve({ cpu: [42] })
      const response = await request('/proactive/health')
      expect(response.status).toBe(200)
      expect(response.headers['content-type']).toBe('application/health+json; charset=utf-8')
      expect(response.json().status).toBe('pass')
      expect(response.json().checks['cpu:utilization'][0]).toMatchObject({
        observedValue: 42,
        observedUnit: 'percent',
      })
    })

    it('answers /health with 503 and "CPU at 92% (threshold: 85%)" once the CPU reaches 92', async () => {
      const { request, proactive, metrics } = await serve({ cpu: [40] })
      metrics.set('cpu.utilization', 92)
      await proactive.monitor.collectNow()
      const response = await request('/proactive/health')
      expect(response.status).toBe(503)
      expect(response.json().status).toBe('fail')
      expect(response.json().issues[0].message).toBe('CPU at 92% (threshold: 85%)')
    })

    it('refuses /proactive/metrics without the token with a JSON 401', async () => {
      const { request } = await serve()
      const response = await request('/proactive/metrics')
      expect(response.status).toBe(401)
      expect(response.headers['www-authenticate']).toBe('Bearer')
      expect(response.json().error.code).toBe('PROACTIVE_ERR_UNAUTHORIZED')
    })

    it('answers /proactive/metrics with the bearer token in Prometheus text', async () => {
      const { request } = await serve({ cpu: [37] })
      const response = await request('/proactive/metrics', { token: true })
      expect(response.status).toBe(200)
      expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8')
      expect(response.text).toContain('proactive_cpu_utilization{service="fastify-test"} 37')
    })

    it('answers /proactive/predictions with the horizon and the current predictions', async () => {
      const { request } = await serve({ cpu: [40] })
      const response = await request('/proactive/predictions', { token: true })
      expect(response.status).toBe(200)
      expect(response.json()).toEqual({
        horizonMinutes: 15,
        generatedAt: '2026-03-02T03:00:00.000Z',
        predictions: [],
      })
    })

    it('answers /proactive/metrics/history with the stored points as JSON', async () => {
      const { request, clock, proactive } = await serve({ cpu: [40, 50] })
      await clock.advance(1000)
      await proactive.monitor.flush()
      const response = await request('/proactive/metrics/history?metric=cpu.utilization', { token: true })
      expect(response.status).toBe(200)
      expect(response.json()).toMatchObject({ metric: 'cpu.utilization', unit: 'percent' })
      expect(response.json().points).toEqual([
        [Date.parse('2026-03-02T03:00:00Z'), 40],
        [Date.parse('2026-03-02T03:00:01Z'), 50],
      ])
    })

    it('answers a bad query parameter with a JSON 400 that names it', async () => {
      const { request } = await serve()
      const response = await request('/proactive/metrics/history?metric=cpu.utilization&from=yesterday', {
        token: true,
      })
      expect(response.status).toBe(400)
      expect(response.json().error.code).toBe('PROACTIVE_ERR_BAD_REQUEST')
      expect(response.json().error.message).toMatch(/^from: /)
    })

    it('answers unknown paths under the prefix, and the prefix itself, with a JSON 404', async () => {
      const { request } = await serve()
      for (const url of ['/proactive/nothing-here', '/proactive/deeper/still', '/proactive']) {
        const response = await request(url, { token: true })
        expect(response.status, url).toBe(404)
        expect(response.json().error.code, url).toBe('PROACTIVE_ERR_NOT_FOUND')
      }
    })

    it('answers a wrong method with a JSON 405 and an Allow header', async () => {
      const { request } = await serve()
      const response = await request('/proactive/health', { method: 'DELETE' })
      expect(response.status).toBe(405)
      expect(response.headers.allow).toBe('GET')
    })

    it('answers HEAD /proactive/health without a body', async () => {
      const { request } = await serve()
      const response = await request('/proactive/health', { method: 'HEAD' })
      expect(response.status).toBe(200)
      expect(response.text).toBe('')
    })

    it('answers a malformed JSON body with a 400 naming the body, in the JSON error shape', async () => {
      const { request } = await serve()
      const response = await request('/proactive/health', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"dryRun":',
      })
      expect(response.status).toBe(400)
      expect(response.json().error).toMatchObject({ code: 'PROACTIVE_ERR_BAD_REQUEST', statusCode: 400 })
      expect(response.json().error.message).toMatch(/^body: /)
    })

    it('serves the endpoints under a custom prefix, and leaves the default one to the host', async () => {
      const { request } = await serve({ prefix: 'ops/monitoring/' })
      expect((await request('/ops/monitoring/health')).status).toBe(200)
      const elsewhere = await request('/proactive/health')
      expect(elsewhere.status).toBe(404)
      expect(elsewhere.json().error).not.toHaveProperty('code')
    })

    it('rejects an empty prefix, which would shadow every route of the host', async () => {
      const { proactive } = testProactive()
      const instance = Fastify()
      await expect(
        instance.register(proactiveFastify, { proactive, prefix: '/', start: false }),
      ).rejects.toThrow(/prefix must be a path below the root/)
    })

    it('starts the instance unless start is false', async () => {
      const { proactive } = await serve({ start: false })
      expect(proactive.monitor.running).toBe(false)
    })
  })

  describe('request recording', () => {
    it('records GET /users/:id by its template, not the raw URL', async () => {
      const { request, proactive, clock } = await serve()
      const record = vi.spyOn(proactive.http, 'record')
      // A first request and collect open the window the rate is measured over.
      await request('/users/0')
      await vi.waitFor(() => expect(record).toHaveBeenCalledTimes(1))
      const time = clock.now()
      await proactive.http.source.collect({ time })
      expect((await request('/users/1')).json()).toEqual({ id: '1' })
      expect((await request('/users/2')).status).toBe(200)
      await vi.waitFor(() => expect(record).toHaveBeenCalledTimes(3))
      expect(proactive.http.routes()).toEqual(['GET /users/:id'])
      const samples = await proactive.http.source.collect({ time: time + 1000 })
      const labels = { route: 'GET /users/:id' }
      expect(samples).toContainEqual({ metric: 'http.requests.rate', value: 2, time: time + 1000, labels })
      const p95 = samples.find((s) => s.metric === 'http.latency.p95_ms' && s.labels?.route === labels.route)
      expect(p95?.value).toBeGreaterThan(0)
    })

    it('records routes of an encapsulated plugin with its prefix', async () => {
      const { request, proactive } = await serve()
      await request('/api/orders/7')
      await vi.waitFor(() => expect(proactive.http.routes()).toEqual(['GET /api/orders/:orderId']))
    })

    it('groups requests that matched no route under UNMATCHED', async () => {
      const { request, proactive } = await serve()
      expect((await request('/no/such/page')).status).toBe(404)
      expect((await request(`/another/${Math.random()}`)).status).toBe(404)
      await vi.waitFor(() => expect(proactive.http.routes()).toEqual(['GET UNMATCHED']))
    })

    it("does not record Proactive's own routes, known or unknown", async () => {
      const { request, proactive } = await serve()
      const record = vi.spyOn(proactive.http, 'record')
      await request('/proactive/health')
      await request('/proactive/health', { method: 'HEAD' })
      await request('/proactive/metrics', { token: true })
      await request('/proactive/unknown')
      await request('/users/1')
      await vi.waitFor(() => expect(record).toHaveBeenCalledTimes(1))
      expect(proactive.http.routes()).toEqual(['GET /users/:id'])
    })

    it("keeps answering the host's requests when the recorder throws", async () => {
      const { request, proactive } = await serve()
      const internalErrors: string[] = []
      proactive.events.on('internal-error', (_error, context) => internalErrors.push(context.component))
      proactive.http.record = () => {
        throw new Error('recorder broke')
      }
      const response = await request('/users/1')
      expect(response.status).toBe(200)
      expect(response.json()).toEqual({ id: '1' })
      await vi.waitFor(() => expect(internalErrors).toEqual(['http-recorder']))
    })
  })

  describe('error capture', () => {
    it('captures an error thrown by a host route, and Fastify still sends its own 500', async () => {
      const { request, proactive } = await serve()
      const response = await request('/boom')
      expect(response.status).toBe(500)
      expect(response.json()).toMatchObject({
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'kaboom',
      })
      expect(proactive.recentExceptions()[0]).toMatchObject({
        name: 'Error',
        message: 'kaboom',
        method: 'GET',
        route: '/boom',
        statusCode: 500,
      })
      await vi.waitFor(() => expect(proactive.http.routes()).toEqual(['GET /boom']))
    })

    it("leaves the answer to the host's own error handler", async () => {
      const { request, proactive } = await serve({ hostErrorHandler: true })
      const response = await request('/boom')
      expect(response.status).toBe(500)
      expect(response.json()).toEqual({ hostError: 'kaboom' })
      expect(proactive.recentExceptions()).toHaveLength(1)
    })

    it('still lets the host answer when capturing fails', async () => {
      const { request, proactive } = await serve()
      proactive.captureException = () => {
        throw new Error('capture broke')
      }
      const response = await request('/boom')
      expect(response.status).toBe(500)
      expect(response.json().message).toBe('kaboom')
    })

    it("does not capture the 400 of a malformed body sent to Proactive's own routes", async () => {
      const { request, proactive } = await serve()
      await request('/proactive/health', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{',
      })
      expect(proactive.recentExceptions()).toEqual([])
    })
  })
})

describe('proactiveFastify lifecycle', () => {
  it('leaves the instance running when the app closes: the host owns it', async () => {
    const { proactive } = testProactive()
    const app = Fastify()
    await app.register(proactiveFastify, { proactive })
    await app.ready()
    await vi.waitFor(() => expect(proactive.monitor.running).toBe(true))
    await app.close()
    expect(proactive.monitor.running).toBe(true)
    await proactive.stop()
  })

  it('rejects a missing instance with a message that names it', async () => {
    const app = Fastify()
    await expect(app.register(proactiveFastify, {} as ProactiveFastifyOptions).ready()).rejects.toThrow(
      /proactive must be an instance made by createProactive\(\)/,
    )
  })
})
