import type { Sample } from './sample'

/** What a source gets when it is asked for samples. */
export interface CollectContext {
  /** The time to stamp samples with (the clock's now). */
  readonly time: number
}

/**
 * Where samples come from. Sources are small: `collect` returns the current values, the monitor does
 * the scheduling, storage and threshold checks, and isolates a failing source from the others.
 *
 * @example
 * const queueDepth: MetricsSource = {
 *   name: 'queue',
 *   collect: ({ time }) => [{ metric: 'queue.depth', value: queue.length, time }],
 * }
 */
export interface MetricsSource {
  /** A short unique name, used in logs and events. */
  readonly name: string
  /** How often to collect; the monitor's `sampleIntervalMs` when absent. */
  readonly intervalMs?: number
  collect(context: CollectContext): readonly Sample[] | Promise<readonly Sample[]>
  /** Starts listeners (GC observers, histograms); called once before the first collect. */
  start?(): void | Promise<void>
  /** Releases listeners; called once when the monitor stops. */
  close?(): void | Promise<void>
}
