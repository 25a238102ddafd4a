import type { CollectContext, MetricsSource } from './metrics-source'
import type { Labels, Sample } from './sample'
import { invalidOption } from '../errors/codes'

/** A scripted series: a list of values played one per collect, or a function of elapsed time. */
export type FakeSeries = readonly number[] | ((elapsedMs: number, time: number) => number)

/** One scripted series of a {@link FakeMetricsSource}. */
export interface FakeSeriesDefinition {
  readonly metric: string
  readonly labels?: Labels
  readonly values: FakeSeries
}

/** Options for {@link createFakeMetricsSource}. */
export interface FakeMetricsSourceOptions {
  name?: string
  intervalMs?: number
  /** Scripted series keyed by metric name, or full definitions (for labels). */
  series: Readonly<Record<string, FakeSeries>> | readonly FakeSeriesDefinition[]
  /** After the last value of an array: `'hold'` repeats it (default), `'loop'` starts over, `'stop'` emits nothing. */
  whenExhausted?: 'hold' | 'loop' | 'stop'
}

/** A {@link MetricsSource} that plays scripted series, and lets a test set values at any time. */
export interface FakeMetricsSource extends MetricsSource {
  /** Overrides a series from now on with a constant value. */
  set(metric: string, value: number, labels?: Labels): void
  /** How many times `collect` ran. */
  readonly collections: number
}

/**
 * Scripted metrics for tests: drive the monitor (and your own alert logic) with known values.
 *
 * @example
 * const fake = createFakeMetricsSource({ series: { 'cpu.utilization': [40, 60, 92] } })
 * const proactive = createProactive({ clock, sources: [fake] })
 * await clock.advance(3_000) // third sample: "CPU at 92% (threshold: 85%)"
 */
export function createFakeMetricsSource(options: FakeMetricsSourceOptions): FakeMetricsSource {
  const definitions: FakeSeriesDefinition[] = Array.isArray(options.series)
    ? [...(options.series as readonly FakeSeriesDefinition[])]
    : Object.entries(options.series as Record<string, FakeSeries>).map(([metric, values]) => ({
        metric,
        values,
      }))
  for (const [index, definition] of definitions.entries()) {
    if (typeof definition.metric !== 'string' || definition.metric === '')
      throw invalidOption(`series[${index}].metric`, 'a non-empty string', definition.metric)
    if (typeof definition.values !== 'function' && !Array.isArray(definition.values))
      throw invalidOption(`series[${index}].values`, 'an array of numbers or a function', definition.values)
  }
  const whenExhausted = options.whenExhausted ?? 'hold'
  const overrides = new Map<number, number>()
  let collections = 0
  let firstTime: number | undefined

  const valueAt = (
    definition: FakeSeriesDefinition,
    step: number,
    context: CollectContext,
  ): number | undefined => {
    const { values } = definition
    if (typeof values === 'function') return values(context.time - (firstTime ?? context.time), context.time)
    if (values.length === 0) return undefined
    if (step < values.length) return values[step]
    if (whenExhausted === 'loop') return values[step % values.length]
    if (whenExhausted === 'hold') return values[values.length - 1]
    return undefined
  }

  const source: FakeMetricsSource = {
    name: options.name ?? 'fake',
    ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
    get collections() {
      return collections
    },
    collect(context) {
      firstTime ??= context.time
      const step = collections++
      const samples: Sample[] = []
      definitions.forEach((definition, index) => {
        const value = overrides.get(index) ?? valueAt(definition, step, context)
        if (value === undefined || !Number.isFinite(value)) return
        samples.push({
          metric: definition.metric,
          value,
          time: context.time,
          ...(definition.labels ? { labels: definition.labels } : {}),
        })
      })
      return samples
    },
    set(metric, value, labels) {
      const key = JSON.stringify(labels ?? {})
      let index = definitions.findIndex((d) => d.metric === metric && JSON.stringify(d.labels ?? {}) === key)
      if (index === -1)
        index = definitions.push({ metric, values: [value], ...(labels ? { labels } : {}) }) - 1
      overrides.set(index, value)
    },
  }
  return source
}
