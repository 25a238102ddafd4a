import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createFakeClock,
  createFakeMetricsSource,
  createProactive,
  silentLogger,
  type Proactive,
} from '@proactive/core'
import { createApp } from '../src/app.js'

let server: Server | undefined
let proactive: Proactive | undefined
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
  await proactive?.stop()
})

async function serve(cpu: number) {
  proactive = createProactive({
    sources: [createFakeMetricsSource({ series: { 'cpu.utilization': [cpu] } })],
    defaultSources: false,
    clock: createFakeClock(),
    logger: silentLogger,
  })
  await proactive.start()
  server = createApp(proactive, { start: false }).listen(0, '127.0.0.1')
  await new Promise((resolve) => server?.once('listening', resolve))
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, proactive }
}

describe('the Express example app', () => {
  it('serves its users and reports a CPU of 92% on /proactive/health', async () => {
    const { base } = await serve(92)
    expect(await (await fetch(`${base}/users/1`)).json()).toEqual({ id: '1', name: 'Ada Lovelace' })
    const health = await fetch(`${base}/proactive/health`)
    expect(health.status).toBe(503)
    expect(((await health.json()) as { output: string }).output).toBe('CPU at 92% (threshold: 85%)')
  })

  it('answers /boom with its own 500 while Proactive captures the error', async () => {
    const { base, proactive } = await serve(10)
    const response = await fetch(`${base}/boom`)
    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({ error: 'internal error' })
    expect(proactive.recentExceptions()[0]).toMatchObject({
      message: 'the report generator crashed',
      route: '/boom',
    })
  })
})
