import { describe, expect, it } from 'vitest'
import { createConsoleNotifier } from '../../src/notifiers/console-notifier'
import { useTestProactive } from '../support/test-proactive'
import { request } from '../support/request'

const start = useTestProactive()
const json = (body: string) => JSON.parse(body)

async function withAlerting() {
  const written: string[] = []
  const console = createConsoleNotifier({ write: (text: string) => void written.push(text) })
  return start({ 'cpu.utilization': [40] }, { alerting: { notifiers: { console }, groupWaitMs: 0 } })
}

describe('alert endpoints', () => {
  it('creates a silence that mutes matching alerts, lists it, and expires it', async () => {
    const { proactive } = await withAlerting()
    const created = await proactive.routes.handle(
      request('/alerts/silences', {
        method: 'POST',
        body: { matchers: { alertname: 'cpu:utilization' }, durationMs: '2h', comment: 'deploy' },
      }),
    )
    expect(created.status).toBe(201)
    const { id } = json(created.body) as { id: string }

    proactive.alerting?.manager.raise({
      labels: { alertname: 'cpu:utilization' },
      severity: 'critical',
      status: 'firing',
      summary: 'CPU at 92% (threshold: 85%)',
      startsAt: proactive.clock.now(),
      source: 'host',
    })
    const alerts = json((await proactive.routes.handle(request('/alerts'))).body)
    expect(alerts.alerts[0]).toMatchObject({
      summary: 'CPU at 92% (threshold: 85%)',
      silenced: true,
      silencedBy: id,
    })

    const listed = json((await proactive.routes.handle(request('/alerts/silences'))).body)
    expect(listed.silences.map((s: { id: string; comment: string }) => [s.id, s.comment])).toEqual([
      [id, 'deploy'],
    ])

    const expired = await proactive.routes.handle(request(`/alerts/silences?id=${id}`, { method: 'DELETE' }))
    expect(json(expired.body)).toEqual({ id, expired: true })
    expect(json((await proactive.routes.handle(request('/alerts'))).body).alerts[0].silenced).toBe(false)
  })

  it('answers a silence without matchers with a 400 that names the body', async () => {
    const { proactive } = await withAlerting()
    const response = await proactive.routes.handle(
      request('/alerts/silences', { method: 'POST', body: { durationMs: '1h' } }),
    )
    expect(response.status).toBe(400)
    expect(json(response.body).error.message).toMatch(/^body: .*matchers/)
  })

  it('answers 404 for an unknown silence id', async () => {
    const { proactive } = await withAlerting()
    const response = await proactive.routes.handle(request('/alerts/silences?id=nope', { method: 'DELETE' }))
    expect(response.status).toBe(404)
  })

  it('refuses to create silences without the token', async () => {
    const { proactive } = await withAlerting()
    const response = await proactive.routes.handle(
      request('/alerts/silences', {
        method: 'POST',
        token: false,
        body: { matchers: { alertname: 'x' }, durationMs: '1h' },
      }),
    )
    expect(response.status).toBe(401)
  })

  it('does not exist when no alerting is configured', async () => {
    const { proactive } = await start({ 'cpu.utilization': [40] })
    expect((await proactive.routes.handle(request('/alerts'))).status).toBe(404)
  })
})
