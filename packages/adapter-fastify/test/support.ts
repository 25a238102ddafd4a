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
    serviceName: 'fastify-test',
  })
  return { proactive, clock, metrics }
}
