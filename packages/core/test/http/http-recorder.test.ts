import { describe, expect, it } from 'vitest'
import { createHttpRecorder } from '../../src/http/http-recorder'
import type { Sample } from '../../src/metrics/sample'

const valueOf = (samples: readonly Sample[], metric: string, route?: string) =>
  samples.find((s) => s.metric === metric && s.labels?.route === route)?.value

describe('createHttpRecorder', () => {
  it('emits nothing until a request has been recorded', () => {
    const recorder = createHttpRecorder()
    expect(recorder.source.collect({ time: 0 })).toEqual([])
  })

  it('reports p50, p95 and p99 per route and overall from the requests of the window', () => {
    const recorder = createHttpRecorder()
    for (let ms = 1; ms <= 100; ms++)
      recorder.record({ method: 'GET', route: '/users/:id', statusCode: 200, durationMs: ms })
    recorder.record({ method: 'POST', route: '/orders', statusCode: 201, durationMs: 500 })
    const samples = recorder.source.collect({ time: 1_000 })
    expect(valueOf(samples, 'http.latency.p50_ms', 'GET /users/:id')).toBe(50)
    expect(valueOf(samples, 'http.latency.p95_ms', 'GET /users/:id')).toBe(95)
    expect(valueOf(samples, 'http.latency.p99_ms', 'GET /users/:id')).toBe(99)
    expect(valueOf(samples, 'http.latency.p99_ms', 'POST /orders')).toBe(500)
    expect(valueOf(samples, 'http.latency.p99_ms')).toBe(100)
  })

  it('reports request and 5xx rates per second from the second collection on', () => {
    const recorder = createHttpRecorder()
    recorder.record({ method: 'GET', route: '/a', statusCode: 200, durationMs: 1 })
    recorder.source.collect({ time: 0 })
    for (let i = 0; i < 8; i++)
      recorder.record({ method: 'GET', route: '/a', statusCode: 200, durationMs: 1 })
    for (let i = 0; i < 2; i++)
      recorder.record({ method: 'GET', route: '/a', statusCode: 503, durationMs: 1 })
    recorder.record({ method: 'GET', route: '/a', statusCode: 404, durationMs: 1 })
    const samples = recorder.source.collect({ time: 2_000 })
    expect(valueOf(samples, 'http.requests.rate', 'GET /a')).toBe(5.5)
    expect(valueOf(samples, 'http.errors.rate', 'GET /a')).toBe(1)
    expect(valueOf(samples, 'http.requests.rate')).toBe(5.5)
  })

  it('starts every window afresh after a collection', () => {
    const recorder = createHttpRecorder()
    recorder.record({ method: 'GET', route: '/a', statusCode: 200, durationMs: 900 })
    recorder.source.collect({ time: 0 })
    recorder.record({ method: 'GET', route: '/a', statusCode: 200, durationMs: 10 })
    expect(valueOf(recorder.source.collect({ time: 1_000 }), 'http.latency.p99_ms', 'GET /a')).toBe(10)
  })

  it('labels a route by upper-case method and template, whatever case the method came in', () => {
    const recorder = createHttpRecorder()
    recorder.record({ method: 'get', route: '/a', statusCode: 200, durationMs: 1 })
    recorder.record({ method: 'GET', route: '/a', statusCode: 200, durationMs: 1 })
    expect(recorder.routes()).toEqual(['GET /a'])
  })

  it('groups routes beyond maxRoutes under OTHER, so series stay bounded', () => {
    const recorder = createHttpRecorder({ maxRoutes: 2 })
    for (const route of ['/a', '/b', '/c', '/d'])
      recorder.record({ method: 'GET', route, statusCode: 200, durationMs: 1 })
    expect(recorder.routes()).toEqual(['GET /a', 'GET /b', 'OTHER'])
  })

  it('keeps a fixed-size sample of durations however many requests arrive', () => {
    const recorder = createHttpRecorder({ maxDurationsPerWindow: 16 })
    for (let i = 0; i < 10_000; i++)
      recorder.record({ method: 'GET', route: '/a', statusCode: 200, durationMs: i % 2 === 0 ? 10 : 20 })
    const p50 = valueOf(recorder.source.collect({ time: 0 }), 'http.latency.p50_ms', 'GET /a')
    expect([10, 20]).toContain(p50)
  })

  it('ignores a non-finite duration', () => {
    const recorder = createHttpRecorder()
    recorder.record({ method: 'GET', route: '/a', statusCode: 200, durationMs: Number.NaN })
    expect(recorder.routes()).toEqual([])
  })

  it('rejects invalid options with messages that name them', () => {
    expect(() => createHttpRecorder({ maxRoutes: 0 })).toThrow(
      'HttpRecorderOptions.maxRoutes must be a positive integer, received 0',
    )
    expect(() => createHttpRecorder({ maxDurationsPerWindow: 4 })).toThrow(
      'HttpRecorderOptions.maxDurationsPerWindow must be an integer ≥ 16, received 4',
    )
  })
})
