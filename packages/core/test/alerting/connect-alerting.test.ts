import { describe, expect, it } from 'vitest'
import { createAlertManager } from '../../src/alerting/alert-manager'
import { connectAlerting } from '../../src/alerting/connect-alerting'
import { useTestProactive } from '../support/test-proactive'
import { createRecordingSink } from './alert-manager-fixtures'

const startProactive = useTestProactive()

async function setup() {
  // No sources: the test feeds the monitor itself.
  const { proactive, clock } = await startProactive({}, { sources: [] })
  const sink = createRecordingSink(clock)
  const manager = createAlertManager({
    clock,
    storage: proactive.storage,
    sink,
    groupWaitMs: 0,
    groupIntervalMs: 1_000,
    repeatIntervalMs: 3_600_000,
  })
  await manager.start()
  connectAlerting(proactive.events, manager, 'api')
  return { proactive, clock, sink, manager }
}

describe('connectAlerting', () => {
  it('sends the monitor’s issues through the alert manager: fired, escalated, resolved, each once', async () => {
    const { proactive, clock, sink, manager } = await setup()
    const feed = async (value: number) => {
      proactive.monitor.ingest([{ metric: 'cpu.utilization', value, time: clock.now() }])
      await clock.advance(2_000)
    }
    await feed(75)
    await feed(76)
    await feed(92)
    await feed(40)
    await manager.flush()
    expect(sink.sent.map((s) => [s.notification.title, s.notification.items.map((i) => i.title)])).toEqual([
      ['⚠️ System Issues Detected', ['CPU at 75% (threshold: 70%)']],
      ['🚨 Critical System Issues Detected', ['CPU at 92% (threshold: 85%)']],
      ['✅ Resolved: CPU at 92% (threshold: 85%)', ['CPU at 92% (threshold: 85%)']],
    ])
    expect(manager.alerts().filter((a) => a.status === 'firing')).toEqual([])
    await manager.stop()
  })
})
