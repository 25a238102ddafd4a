import { describe, expect, it } from 'vitest'
import type { PredictionKindDefinition } from '../../src/predictor/predictor'
import { useTestProactive } from '../support/test-proactive'
import { request } from '../support/request'

// Known answers: 'queue_full' while queue.depth > 100, critical above 150.
const queueFull: PredictionKindDefinition = {
  kind: 'queue_full',
  metrics: ['queue.depth'],
  create: ({ metric }) => ({
    update: (time, value) =>
      value > 100
        ? {
            kind: 'queue_full',
            metric,
            probability: value > 150 ? 0.9 : 0.6,
            severity: value > 150 ? 'critical' : 'warning',
            eta: new Date(time + 60_000).toISOString(),
            etaSeconds: 60,
            message: `queue at ${value}`,
            recommendation: 'add workers',
            time,
          }
        : undefined,
  }),
}

const startProactive = useTestProactive()
const start = (values: number[]) =>
  startProactive({ 'queue.depth': values }, { predictionKinds: [queueFull] })

const json = (body: string) => JSON.parse(body)

describe('GET /predictions', () => {
  it('answers the horizon, the time and the current predictions', async () => {
    const { proactive } = await start([120])
    const response = await proactive.routes.handle(request('/predictions'))
    expect(response.status).toBe(200)
    expect(json(response.body)).toEqual({
      horizonMinutes: 15,
      generatedAt: '2026-03-02T03:00:00.000Z',
      predictions: [
        {
          kind: 'queue_full',
          metric: 'queue.depth',
          probability: 0.6,
          severity: 'warning',
          eta: '2026-03-02T03:01:00.000Z',
          etaSeconds: 60,
          message: 'queue at 120',
          recommendation: 'add workers',
        },
      ],
    })
  })

  it('follows the samples: a prediction appears, escalates and clears', async () => {
    const { proactive, clock } = await start([50, 120, 200, 20])
    const kinds = async () =>
      json((await proactive.routes.handle(request('/predictions'))).body).predictions.map(
        (p: { severity: string }) => p.severity,
      )
    expect(await kinds()).toEqual([])
    await clock.advance(1_000)
    expect(await kinds()).toEqual(['warning'])
    await clock.advance(1_000)
    expect(await kinds()).toEqual(['critical'])
    await clock.advance(1_000)
    expect(await kinds()).toEqual([])
  })

  it('filters by kind, severity and minProbability', async () => {
    const { proactive } = await start([200])
    const count = async (query: string) =>
      json((await proactive.routes.handle(request(`/predictions?${query}`))).body).predictions.length
    expect(await count('kind=queue_full')).toBe(1)
    expect(await count('kind=disk_exhaustion')).toBe(0)
    expect(await count('severity=warning')).toBe(0)
    expect(await count('minProbability=0.95')).toBe(0)
  })

  it('needs the token', async () => {
    const { proactive } = await start([120])
    expect((await proactive.routes.handle(request('/predictions', { token: false }))).status).toBe(401)
  })

  it.each([
    ['severity=high', 'severity'],
    ['minProbability=2', 'minProbability'],
    ['horizon=1h', 'horizon'],
  ])('answers 400 naming the parameter for %s', async (query, parameter) => {
    const { proactive } = await start([120])
    const response = await proactive.routes.handle(request(`/predictions?${query}`))
    expect(response.status).toBe(400)
    expect(json(response.body).error.message.startsWith(`${parameter}:`)).toBe(true)
  })
})
