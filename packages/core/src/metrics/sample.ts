/** Labels that distinguish series of one metric (`mount`, `route`, …). */
export type Labels = Readonly<Record<string, string>>

/**
 * One measurement of one series.
 *
 * @example
 * { metric: 'disk.utilization', value: 71.4, time: 1767225600000, labels: { mount: '/' } }
 */
export interface Sample {
  /** Dotted metric name, such as `cpu.utilization` (see the metric catalog). */
  readonly metric: string
  readonly value: number
  /** Epoch milliseconds. */
  readonly time: number
  readonly labels?: Labels
}

/** A stable key for one series: the metric plus its sorted labels. */
export function seriesKey(metric: string, labels?: Labels): string {
  if (!labels) return metric
  const keys = Object.keys(labels)
  if (keys.length === 0) return metric
  keys.sort()
  return `${metric}{${keys.map((key) => `${key}=${JSON.stringify(labels[key])}`).join(',')}}`
}

/** True when every label in `filter` has the same value in `labels`. */
export function labelsMatch(labels: Labels | undefined, filter: Labels | undefined): boolean {
  if (!filter) return true
  for (const [key, value] of Object.entries(filter)) if (labels?.[key] !== value) return false
  return true
}
