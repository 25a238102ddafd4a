import { afterEach, describe, expect, it } from 'vitest'
import type { HealthReport } from '../../src/monitor/health-report'
import type { Proactive } from '../../src/proactive-types'
import { createProactiveServer, type ProactiveServer } from '../../src/http/node-server'
import { startTestProactive, testToken } from '../support/test-proactive'

let proactive: Proactive | undefined
let server: ProactiveServer | undefined
afterEach(async () => {
  await server?.close()
  await proactive?.stop()
  server = undefined
  proactive = undefined
})

async function serve(series: Parameters<typeof startTestProactive>[0]) {
  ;({ proactive } = await startTestProactive(series))
  server = createProactiveServer(proactive, { port: 0 })
  return server.listen()
}

describe('createProactiveServer', () => {
  it('binds to 127.0.0.1 by default and serves /health over real HTTP', async () => {
    const { host, url } = await serve({ 'cpu.utilization': [92] })
    expect(host).toBe('127.0.0.1')
    const response = await fetch(`${url}/health`)
    expect(response.status).toBe(503)
    expect(response.headers.get('content-type')).toBe('application/health+json; charset=utf-8')
    expect(((await response.json()) as HealthReport).issues[0]?.message).toBe('CPU at 92% (threshold: 85%)')
  })

  it('serves /metrics with the bearer token and refuses it without', async () => {
    const { url } = await serve({ 'cpu.utilization': [12] })
    expect((await fetch(`${url}/metrics`)).status).toBe(401)
    const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${testToken}` } })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('proactive_cpu_utilization{service="proactive-test"} 12')
  })

  it('answers a malformed JSON body with 400 naming the body', async () => {
    const { url } = await serve({ 'cpu.utilization': [12] })
    const response = await fetch(`${url}/health`, {
      method: 'POST',
      body: '{not json',
      headers: { 'content-type': 'application/json' },
    })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /^body: not valid JSON/,
    )
  })

  it('reports a port that is taken with the host, port and reason', async () => {
    const { port } = await serve({ 'cpu.utilization': [12] })
    const second = createProactiveServer(proactive as Proactive, { port })
    await expect(second.listen()).rejects.toThrow(`cannot listen on 127.0.0.1:${port}: EADDRINUSE`)
  })

  it('rejects an invalid port at construction', () => {
    expect(() => createProactiveServer({} as Proactive, { port: 70000 })).toThrow(
      'port must be an integer from 0 to 65535, received 70000',
    )
  })
})
