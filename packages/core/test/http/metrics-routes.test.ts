import { describe, expect, it } from 'vitest'
import { createFakeMetricsSource } from '../../src/metrics/fake-metrics-source'
import { useTestProactive } from '../support/test-proactive'
import { request } from '../support/request'

const start = useTestProactive()

const json = (body: string) => JSON.parse(body)

describe('GET /metrics', () => {
  it('needs the bearer token and says how to get one', async () => {
    const { proactive } = await start({ 'cpu.utilization': [42] })
    const response = await proactive.routes.handle(request('/metrics', { token: false }))
    expect(response.status).toBe(401)
    expect(response.headers['www-authenticate']).toBe('Bearer')
    expect(json(response.body).error).toMatchObject({ code: 'PROACTIVE_ERR_UNAUTHORIZED' })
  })

  it('rejects a wrong token', async () => {
    const { proactive } = await start({ 'cpu.utilization': [42] })
    const response = await proactive.routes.handle(request('/metrics', { token: 'wrong-token-0123456789' }))
    expect(response.status).toBe(401)
    expect(json(response.body).error.message).toBe('the bearer token is not valid')
  })

  it('answers 401 naming PROACTIVE_TOKEN when no token is configured at all', async () => {
    const { proactive } = await start({ 'cpu.utilization': [42] }, { token: undefined })
    const response = await proactive.routes.handle(request('/metrics'))
    expect(response.status).toBe(401)
    expect(json(response.body).error.message).toContain('set PROACTIVE_TOKEN')
  })

  it('renders every sampled series in Prometheus text format', async () => {
    const { proactive } = await start(
      {},
      {
        sources: [
          createFakeMetricsSource({
            series: [
              { metric: 'cpu.utilization', values: [42.5] },
              { metric: 'disk.utilization', labels: { mount: '/' }, values: [71] },
            ],
          }),
        ],
      },
    )
    const response = await proactive.routes.handle(request('/metrics'))
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(response.body).toContain('# TYPE proactive_cpu_utilization gauge\n')
    expect(response.body).toContain('proactive_cpu_utilization{service="proactive-test"} 42.5\n')
    expect(response.body).toContain('proactive_disk_utilization{service="proactive-test",mount="/"} 71\n')
  })
})

describe('GET /metrics/history', () => {
  it('returns the stored points of a metric as [time, value] pairs', async () => {
    const { proactive, clock } = await start({ 'cpu.utilization': [10, 20, 30] })
    await clock.advance(2_000)
    await proactive.monitor.flush()
    const response = await proactive.routes.handle(request('/metrics/history?metric=cpu.utilization'))
    expect(response.status).toBe(200)
    const body = json(response.body)
    const t0 = Date.parse('2026-03-02T03:00:00Z')
    expect(body).toMatchObject({ metric: 'cpu.utilization', unit: 'percent' })
    expect(body.points).toEqual([
      [t0, 10],
      [t0 + 1000, 20],
      [t0 + 2000, 30],
    ])
  })

  it('honours from, to and step, averaging into buckets', async () => {
    const { proactive, clock } = await start({ 'cpu.utilization': [10, 20, 30, 40, 50, 60] })
    await clock.advance(5_000)
    await proactive.monitor.flush()
    const t0 = Date.parse('2026-03-02T03:00:00Z')
    const from = new Date(t0 + 1000).toISOString()
    const response = await proactive.routes.handle(
      request(`/metrics/history?metric=cpu.utilization&from=${from}&to=${t0 + 4000}&step=2s`),
    )
    expect(json(response.body).points).toEqual([
      [t0, 20],
      [t0 + 2000, 35],
      [t0 + 4000, 50],
    ])
  })

  it('accepts a duration ago as from', async () => {
    const { proactive, clock } = await start({ 'cpu.utilization': [1, 2, 3, 4] })
    await clock.advance(3_000)
    await proactive.monitor.flush()
    const response = await proactive.routes.handle(request('/metrics/history?metric=cpu.utilization&from=1s'))
    expect(json(response.body).points.map((p: number[]) => p[1])).toEqual([3, 4])
  })

  it('filters series by mount and lists every matching series', async () => {
    const { proactive } = await start(
      {},
      {
        sources: [
          createFakeMetricsSource({
            series: [
              { metric: 'disk.utilization', labels: { mount: '/' }, values: [40] },
              { metric: 'disk.utilization', labels: { mount: '/data' }, values: [85] },
            ],
          }),
        ],
      },
    )
    await proactive.monitor.flush()
    const all = json(
      (await proactive.routes.handle(request('/metrics/history?metric=disk.utilization'))).body,
    )
    expect(all.series).toHaveLength(2)
    const data = json(
      (await proactive.routes.handle(request('/metrics/history?metric=disk.utilization&mount=/data'))).body,
    )
    expect(data.labels).toEqual({ mount: '/data' })
    expect(data.points.map((p: number[]) => p[1])).toEqual([85])
  })

  it.each([
    ['metric missing', '/metrics/history', 'metric'],
    ['a from that is not a time', '/metrics/history?metric=cpu.utilization&from=yesterday', 'from'],
    ['a step that is not a duration', '/metrics/history?metric=cpu.utilization&step=fast', 'step'],
    ['a limit of zero', '/metrics/history?metric=cpu.utilization&limit=0', 'limit'],
    ['an unknown parameter', '/metrics/history?metric=cpu.utilization&form=1h', 'form'],
    ['a label without a colon', '/metrics/history?metric=cpu.utilization&label=mount', 'label'],
    [
      'from after to',
      '/metrics/history?metric=cpu.utilization&from=2026-03-02T04:00:00Z&to=2026-03-02T03:00:00Z',
      'from',
    ],
  ])('answers 400 naming the parameter for %s', async (_case, path, parameter) => {
    const { proactive } = await start({ 'cpu.utilization': [1] })
    const response = await proactive.routes.handle(request(path))
    expect(response.status).toBe(400)
    const { error } = json(response.body)
    expect(error.code).toBe('PROACTIVE_ERR_BAD_REQUEST')
    expect(error.message.startsWith(`${parameter}:`)).toBe(true)
  })

  it('answers 404 listing the known metrics for a metric never sampled', async () => {
    const { proactive } = await start({ 'cpu.utilization': [1] })
    await proactive.monitor.flush()
    const response = await proactive.routes.handle(request('/metrics/history?metric=cpu.utilisation'))
    expect(response.status).toBe(404)
    expect(json(response.body).error.message).toBe(
      'metric "cpu.utilisation" has no samples; known metrics: cpu.utilization',
    )
  })
})

describe('the route table', () => {
  it('answers 404 JSON for an unknown path and 405 with Allow for a wrong method', async () => {
    const { proactive } = await start({ 'cpu.utilization': [1] })
    const missing = await proactive.routes.handle(request('/nope'))
    expect([missing.status, json(missing.body).error.code]).toEqual([404, 'PROACTIVE_ERR_NOT_FOUND'])
    const wrong = await proactive.routes.handle(request('/health', { method: 'DELETE' }))
    expect([wrong.status, wrong.headers.allow]).toEqual([405, 'GET'])
  })

  it('answers HEAD like GET without a body', async () => {
    const { proactive } = await start({ 'cpu.utilization': [1] })
    const head = await proactive.routes.handle(request('/health', { method: 'HEAD' }))
    expect([head.status, head.body]).toEqual([200, ''])
  })

  it('tolerates a trailing slash', async () => {
    const { proactive } = await start({ 'cpu.utilization': [1] })
    expect((await proactive.routes.handle(request('/health/'))).status).toBe(200)
  })
})
