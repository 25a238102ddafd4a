import { afterEach, describe, expect, it } from 'vitest'
import {
  createFakeClock,
  createFakeMetricsSource,
  createProactive,
  silentLogger,
  type Proactive,
} from '@proactive/core'
import { createApp } from '../src/app.js'

let app: Awaited<ReturnType<typeof createApp>> | undefined
afterEach(async () => {
  await app?.close()
})

async function build(cpu: number): Promise<Proactive> {
  const proactive = createProactive({
    sources: [createFakeMetricsSource({ series: { 'cpu.utilization': [cpu] } })],
    defaultSources: false,
    clock: createFakeClock(),
    logger: silentLogger,
  })
  await proactive.start()
  app = await createApp(proactive, { start: false })
  return proactive
}

describe('the Fastify example app', () => {
  it('serves its users and reports a CPU of 92% on /proactive/health', async () => {
    await build(92)
    expect((await app!.inject('/users/1')).json()).toEqual({ id: '1', name: 'Ada Lovelace' })
    const health = await app!.inject('/proactive/health')
    expect(health.statusCode).toBe(503)
    expect(health.json().output).toBe('CPU at 92% (threshold: 85%)')
  })

  it('answers /boom with its 500 while Proactive captures the error', async () => {
    const proactive = await build(10)
    const response = await app!.inject('/boom')
    expect(response.statusCode).toBe(500)
    expect(proactive.recentExceptions()[0]).toMatchObject({
      message: 'the report generator crashed',
      route: '/boom',
    })
  })

  it('stops Proactive when the app closes, through the hook the example adds', async () => {
    const proactive = await build(10)
    await app!.close()
    expect(proactive.monitor.running).toBe(false)
  })
})
