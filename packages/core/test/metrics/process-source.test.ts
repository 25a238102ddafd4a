import { PerformanceObserver } from 'node:perf_hooks'
import { setTimeout as delay } from 'node:timers/promises'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterEach, describe, expect, it } from 'vitest'
import { createFakeClock } from '../../src/clock/fake-clock'
import type { MetricsSource } from '../../src/metrics/metrics-source'
import { createProcessMetricsSource, processSourceDefaults } from '../../src/metrics/process-source'

// A forced full GC, without starting the test process with --expose-gc.
setFlagsFromString('--expose-gc')
const forceGc = runInNewContext('gc') as () => void

const sources: MetricsSource[] = []
afterEach(async () => {
  for (const source of sources.splice(0)) await source.close?.()
})

function track(source: MetricsSource): MetricsSource {
  sources.push(source)
  return source
}

async function collect(source: MetricsSource): Promise<Record<string, number>> {
  const samples = await source.collect({ time: 0 })
  return Object.fromEntries(samples.map((sample) => [sample.metric, sample.value]))
}

/** Forces a GC and resolves once GC entries have been delivered to every observer. */
async function gcAndWaitForDelivery(): Promise<number> {
  const durations: number[] = []
  const witness = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) durations.push(entry.duration)
  })
  witness.observe({ entryTypes: ['gc'] })
  forceGc()
  await expect.poll(() => durations.length).toBeGreaterThan(0)
  witness.disconnect()
  return durations.reduce((sum, duration) => sum + duration, 0)
}

function blockEventLoop(ms: number): void {
  const until = performance.now() + ms
  while (performance.now() < until) Math.sqrt(Math.random())
}

describe('createProcessMetricsSource', () => {
  it('reports heap, RSS, handles, CPU and event-loop delay after some work', async () => {
    const source = track(createProcessMetricsSource())
    await source.start?.()
    // The histogram measures from its first timer tick on; block after that, then let the timer fire late once.
    await delay(30)
    blockEventLoop(60)
    await delay(60)
    const values = await collect(source)
    expect(values['process.heap.used_bytes']).toBeGreaterThan(0)
    expect(values['process.heap.limit_bytes']).toBeGreaterThan(values['process.heap.used_bytes'] ?? Infinity)
    expect(values['process.rss_bytes']).toBeGreaterThan(0)
    expect(values['process.active_handles']).toBeGreaterThanOrEqual(0)
    expect(values['process.cpu.utilization']).toBeGreaterThan(0)
    expect(values['eventloop.utilization']).toBeGreaterThan(0)
    expect(values['eventloop.utilization']).toBeLessThanOrEqual(1)
    expect(values['eventloop.delay.p99_ms']).toBeGreaterThanOrEqual(0)
    // The 60 ms block shows up as delay beyond the 10 ms sampling interval.
    expect(values['eventloop.delay.max_ms']).toBeGreaterThanOrEqual(30)
  })

  it('reports the longest and total GC pause and the heap after a major GC', async () => {
    const source = track(createProcessMetricsSource())
    await source.start?.()
    const observedTotalMs = await gcAndWaitForDelivery()
    const values = await collect(source)
    expect(values['process.gc.pause_ms']).toBeGreaterThan(0)
    expect(values['process.gc.pause_total_ms']).toBeGreaterThanOrEqual(observedTotalMs)
    expect(values['process.gc.pause_total_ms']).toBeGreaterThanOrEqual(
      values['process.gc.pause_ms'] ?? Infinity,
    )
    expect(values['process.heap.after_gc_bytes']).toBeGreaterThan(0)
  })

  it('resets pauses and the delay histogram after each collect', async () => {
    const source = track(createProcessMetricsSource())
    await source.start?.()
    await gcAndWaitForDelivery()
    await delay(30)
    const first = await collect(source)
    expect(first['process.gc.pause_total_ms']).toBeGreaterThan(0)
    expect(first).toHaveProperty('eventloop.delay.p99_ms')
    // No tick passes between the two collects, so no GC entry or histogram sample can arrive.
    const second = await collect(source)
    expect(second['process.gc.pause_ms']).toBe(0)
    expect(second['process.gc.pause_total_ms']).toBe(0)
    expect(second).not.toHaveProperty('eventloop.delay.p99_ms')
    expect(second['process.heap.after_gc_bytes']).toBe(first['process.heap.after_gc_bytes'])
  })

  it('counts each GC pause once when start() is called twice', async () => {
    const source = track(createProcessMetricsSource())
    await source.start?.()
    await source.start?.()
    await collect(source)
    const durations: number[] = []
    const witness = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) durations.push(entry.duration)
    })
    witness.observe({ entryTypes: ['gc'] })
    forceGc()
    await expect.poll(() => durations.length).toBeGreaterThan(0)
    const values = await collect(source)
    witness.disconnect()
    expect(values['process.gc.pause_total_ms']).toBeCloseTo(
      durations.reduce((sum, duration) => sum + duration, 0),
      9,
    )
  })

  it('stops observing GC after close() and forgets what it saw; close() can be called twice', async () => {
    const source = track(createProcessMetricsSource())
    await source.start?.()
    await gcAndWaitForDelivery()
    await source.close?.()
    await source.close?.()
    await gcAndWaitForDelivery()
    // This collect starts the source again, with nothing from the GC that ran while it was closed.
    const values = await collect(source)
    expect(values['process.gc.pause_total_ms']).toBe(0)
    expect(values).not.toHaveProperty('process.heap.after_gc_bytes')
  })

  it('starts lazily on the first collect and has CPU rates from the next one', async () => {
    const clock = createFakeClock()
    const source = track(createProcessMetricsSource({ clock }))
    const first = await collect(source)
    expect(first['process.heap.used_bytes']).toBeGreaterThan(0)
    expect(first).not.toHaveProperty('process.cpu.utilization')
    blockEventLoop(5)
    await clock.advance(1000)
    const second = await collect(source)
    expect(second['process.cpu.utilization']).toBeGreaterThan(0)
    expect(second['eventloop.utilization']).toBeGreaterThan(0)
  })

  it('rejects a resolution that is not a positive integer', () => {
    expect(() => createProcessMetricsSource({ eventLoopResolutionMs: 0 })).toThrow(
      'ProcessMetricsSourceOptions.eventLoopResolutionMs must be a positive integer, received 0',
    )
    expect(processSourceDefaults).toEqual({ eventLoopResolutionMs: 20 })
    expect(Object.isFrozen(processSourceDefaults)).toBe(true)
    expect(createProcessMetricsSource().name).toBe('process')
  })
})
