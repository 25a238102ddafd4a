import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createFakeClock, createFakeMetricsSource, createProactive, silentLogger } from '@proactive/core'
import type { FakeClock, FakeMetricsSource, Proactive } from '@proactive/core'

/** The bearer token of the test instances. */
export const token = 'a-test-token-of-16+chars'

/** A Proactive on a fake clock with one scripted CPU series and no real sources. */
export function testProactive(cpu: readonly number[] = [40]): {
  proactive: Proactive
  clock: FakeClock
  metrics: FakeMetricsSource
} {
  const clock = createFakeClock({ now: Date.parse('2026-03-02T03:00:00Z') })
  const metrics = createFakeMetricsSource({ series: { 'cpu.utilization': cpu } })
  const proactive = createProactive({
    sources: [metrics],
    defaultSources: false,
    clock,
    logger: silentLogger,
    token,
    serviceName: 'express-test',
  })
  return { proactive, clock, metrics }
}

/** Listens on a free port of 127.0.0.1 and resolves with the base URL. */
export async function listen(server: Server): Promise<string> {
  if (!server.listening) await new Promise<void>((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  return `http://127.0.0.1:${port}`
}

/** Closes a server, dropping keep-alive connections so the test does not wait for them. */
export function close(server: Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}

/** Fetches with the bearer token. */
export function withToken(init: RequestInit = {}): RequestInit {
  return {
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
  }
}

/** A JSON body, loosely typed for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any

/** Reads a fetch response as {@link Json}. */
export function json(response: Response): Promise<Json> {
  return response.json() as Promise<Json>
}
