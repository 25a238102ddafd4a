import { describe, expect, it } from 'vitest'
import type { MonitorIssue } from '../../src/monitor/monitor-issue'
import type { MetricsSource } from '../../src/metrics/metrics-source'
import { createFakeMetricsSource } from '../../src/metrics/fake-metrics-source'
import { useTestProactive } from '../support/test-proactive'

const start = useTestProactive()

describe('Monitor', () => {
  it('samples every source once at start and then once per interval', async () => {
    const { proactive, clock } = await start({ 'cpu.utilization': [10, 20, 30, 40] })
    expect(proactive.monitor.latestValue('cpu.utilization')).toBe(10)
    await clock.advance(3_000)
    expect(proactive.monitor.latestValue('cpu.utilization')).toBe(40)
  })

  it('stores history that can be queried back', async () => {
    const { proactive, clock } = await start({ 'cpu.utilization': [10, 20, 30] })
    await clock.advance(2_000)
    await proactive.monitor.flush()
    const [series] = await proactive.storage.querySamples({ metric: 'cpu.utilization' })
    expect(series?.points.map(([, value]) => value)).toEqual([10, 20, 30])
  })

  it("raises a critical issue with the guide's message when CPU crosses 85%", async () => {
    const { proactive, clock } = await start({ 'cpu.utilization': [40, 92] })
    const raised: MonitorIssue[] = []
    proactive.events.on('issue.raised', (issue) => raised.push(issue))
    await clock.advance(1_000)
    expect(raised).toHaveLength(1)
    expect(raised[0]).toMatchObject({
      severity: 'critical',
      message: 'CPU at 92% (threshold: 85%)',
      check: 'cpu:utilization',
    })
    expect(proactive.health().status).toBe('fail')
  })

  it('raises a warning, escalates it to critical, then resolves it, keeping one issue id', async () => {
    const { proactive, clock } = await start({ 'memory.utilization': [50, 80, 95, 60] })
    const events: string[] = []
    const ids = new Set<string>()
    proactive.events.on('issue.raised', (issue) => {
      events.push(`raised ${issue.severity}`)
      ids.add(issue.id)
    })
    proactive.events.on('issue.resolved', (issue) => {
      events.push('resolved')
      ids.add(issue.id)
    })
    await clock.advance(3_000)
    expect(events).toEqual(['raised warning', 'raised critical', 'resolved'])
    expect(ids.size).toBe(1)
    expect(proactive.monitor.issues()).toEqual([])
    expect(proactive.health().status).toBe('pass')
  })

  it('does not raise the same issue again while it persists', async () => {
    const { proactive, clock } = await start({ 'cpu.utilization': [90, 91, 92, 93] })
    let raised = 0
    proactive.events.on('issue.raised', () => raised++)
    await clock.advance(3_000)
    expect(raised).toBe(0) // raised during start(), before the listener, and never again
    expect(proactive.monitor.issues()).toHaveLength(1)
    expect(proactive.monitor.issues()[0]?.value).toBe(93)
  })

  it('keeps one issue per disk mount', async () => {
    const { proactive } = await start(
      {},
      {
        sources: [
          createFakeMetricsSource({
            series: [
              { metric: 'disk.utilization', labels: { mount: '/' }, values: [50] },
              { metric: 'disk.utilization', labels: { mount: '/var' }, values: [95] },
            ],
          }),
        ],
      },
    )
    expect(proactive.monitor.issues().map((i) => i.message)).toEqual(['Disk /var at 95% (threshold: 90%)'])
  })

  it('stores raised and resolved issues', async () => {
    const { proactive, clock } = await start({ 'cpu.utilization': [95, 10] })
    await clock.advance(1_000)
    await new Promise((resolve) => setImmediate(resolve))
    const records = await proactive.storage.listRecords('issues')
    expect(records.map((r) => r.type)).toEqual(['resolved'])
    expect(records[0]?.data).toMatchObject({ message: 'CPU at 95% (threshold: 85%)' })
  })

  it('isolates a failing source: the others keep sampling and the failure is published', async () => {
    const broken: MetricsSource = {
      name: 'broken',
      collect: () => {
        throw new Error('cannot read /proc')
      },
    }
    const failures: string[] = []
    const { proactive, clock } = await start(
      {},
      {
        sources: [broken, createFakeMetricsSource({ series: { 'cpu.utilization': [1, 2, 3] } })],
      },
    )
    proactive.events.on('internal-error', (_error, context) => failures.push(context.component))
    await clock.advance(2_000)
    expect(proactive.monitor.latestValue('cpu.utilization')).toBe(3)
    expect(failures).toEqual(['source:broken', 'source:broken'])
  })

  it('skips a tick while the previous collection of that source is still running', async () => {
    let calls = 0
    let release: (() => void) | undefined
    const slow: MetricsSource = {
      name: 'slow',
      collect: async ({ time }) => {
        calls++
        if (calls === 2) await new Promise<void>((resolve) => (release = resolve))
        return [{ metric: 'queue.depth', value: calls, time }]
      },
    }
    const { clock } = await start({}, { sources: [slow] })
    await clock.advance(5_000)
    expect(calls).toBe(2)
    release?.()
    await clock.advance(1_000)
    expect(calls).toBe(3)
  })

  it('emits a sample event per collection and a health event when watched metrics arrive', async () => {
    const { proactive, clock } = await start({ 'cpu.utilization': [10], 'queue.depth': [3] })
    const batches: number[] = []
    const statuses: string[] = []
    proactive.events.on('sample', (samples) => batches.push(samples.length))
    proactive.events.on('health', (report) => statuses.push(report.status))
    await clock.advance(2_000)
    expect(batches).toEqual([2, 2])
    expect(statuses).toEqual(['pass', 'pass'])
  })

  it('drops non-finite values rather than storing them', async () => {
    const nan: MetricsSource = {
      name: 'nan',
      collect: ({ time }) => [
        { metric: 'cpu.utilization', value: Number.NaN, time },
        { metric: 'queue.depth', value: 4, time },
      ],
    }
    const { proactive } = await start({}, { sources: [nan] })
    expect(proactive.monitor.latestValue('cpu.utilization')).toBeUndefined()
    expect(proactive.monitor.latestValue('queue.depth')).toBe(4)
  })

  it('stays within its memory after an hour of samples on the fake clock', async () => {
    const { proactive, clock } = await start({
      'cpu.utilization': (elapsed) => 50 + 10 * Math.sin(elapsed / 60_000),
    })
    await clock.advance(3_600_000)
    expect(proactive.monitor.latest()).toHaveLength(1)
    expect(proactive.monitor.droppedSamples).toBe(0)
  })
})
