import { afterEach } from 'vitest'
import { createFakeClock, type FakeClock } from '../../src/clock/fake-clock'
import { createFakeMetricsSource, type FakeSeries } from '../../src/metrics/fake-metrics-source'
import { silentLogger } from '../../src/logging/logger'
import { createProactive } from '../../src/proactive'
import type { Proactive, ProactiveOptions } from '../../src/proactive-types'

/** A test token long enough to be accepted. */
export const testToken = 'test-token-0123456789'

/** A Proactive on a fake clock with scripted metrics only, started. */
export async function startTestProactive(
  series: Record<string, FakeSeries>,
  options: Partial<ProactiveOptions> = {},
): Promise<{ proactive: Proactive; clock: FakeClock }> {
  const clock = createFakeClock({ now: Date.parse('2026-03-02T03:00:00Z') })
  const proactive = createProactive({
    clock,
    logger: silentLogger,
    sources: [createFakeMetricsSource({ series })],
    defaultSources: false,
    token: testToken,
    serviceName: 'proactive-test',
    ...options,
  })
  await proactive.start()
  return { proactive, clock }
}

/**
 * For a describe block: returns a `start` like {@link startTestProactive} whose instances are stopped
 * after each test.
 */
export function useTestProactive(): typeof startTestProactive {
  const started: Proactive[] = []
  afterEach(async () => {
    for (const proactive of started.splice(0)) await proactive.stop()
  })
  return async (series, options) => {
    const result = await startTestProactive(series, options)
    started.push(result.proactive)
    return result
  }
}
