import { describe, expect, it } from 'vitest'
import { createFakeMetricsSource } from '../../src/metrics/fake-metrics-source'
import { useTestProactive } from '../support/test-proactive'
import { request } from '../support/request'

const start = useTestProactive()

describe('GET /health', () => {
  it('answers 200 application/health+json with checks keyed component:measurement when all pass', async () => {
    const { proactive } = await start({ 'cpu.utilization': [42], 'memory.utilization': [50] })
    const response = await proactive.routes.handle(request('/health', { token: false }))
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('application/health+json; charset=utf-8')
    const body = JSON.parse(response.body)
    expect(body.status).toBe('pass')
    expect(body.checks['cpu:utilization']).toEqual([
      {
        componentType: 'system',
        observedValue: 42,
        observedUnit: 'percent',
        status: 'pass',
        time: '2026-03-02T03:00:00.000Z',
      },
    ])
    expect(body.issues).toEqual([])
  })

  it('answers 200 with status warn and the issue message for a warning', async () => {
    const { proactive } = await start({ 'cpu.utilization': [75] })
    const response = await proactive.routes.handle(request('/health', { token: false }))
    const body = JSON.parse(response.body)
    expect(response.status).toBe(200)
    expect(body.status).toBe('warn')
    expect(body.issues[0]).toMatchObject({
      severity: 'warning',
      message: 'CPU at 75% (threshold: 70%)',
      threshold: 70,
    })
  })

  it('answers 503 with status fail and the message for a critical issue', async () => {
    const { proactive } = await start({ 'cpu.utilization': [92], 'memory.utilization': [80] })
    const response = await proactive.routes.handle(request('/health', { token: false }))
    const body = JSON.parse(response.body)
    expect(response.status).toBe(503)
    expect(body.status).toBe('fail')
    expect(body.output).toBe('CPU at 92% (threshold: 85%); Memory at 80% (threshold: 75%)')
    expect(body.checks['cpu:utilization'][0]).toMatchObject({
      status: 'fail',
      output: 'CPU at 92% (threshold: 85%)',
    })
    expect(body.checks['memory:utilization'][0]).toMatchObject({ status: 'warn' })
  })

  it('shows one check entry per disk mount with its componentId', async () => {
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
    const body = JSON.parse((await proactive.routes.handle(request('/health'))).body)
    expect(
      body.checks['disk:utilization'].map((c: { componentId: string; status: string }) => [
        c.componentId,
        c.status,
      ]),
    ).toEqual([
      ['/', 'pass'],
      ['/data', 'warn'],
    ])
  })
})

describe('GET /health/live and /health/ready', () => {
  it('answers live with pass and ready with pass once started with a working storage', async () => {
    const { proactive } = await start({ 'cpu.utilization': [10] })
    const live = await proactive.routes.handle(request('/health/live', { token: false }))
    const ready = await proactive.routes.handle(request('/health/ready', { token: false }))
    expect([live.status, JSON.parse(live.body).status]).toEqual([200, 'pass'])
    expect([ready.status, JSON.parse(ready.body).status]).toEqual([200, 'pass'])
  })

  it('answers ready with 503 once monitoring has stopped', async () => {
    const { proactive } = await start({ 'cpu.utilization': [10] })
    await proactive.stop()
    const ready = await proactive.routes.handle(request('/health/ready', { token: false }))
    expect(ready.status).toBe(503)
    expect(JSON.parse(ready.body).checks['monitor:started'][0].status).toBe('fail')
  })
})
