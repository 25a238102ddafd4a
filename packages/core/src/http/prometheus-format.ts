import type { Sample } from '../metrics/sample'
import { metricCatalog } from '../metrics/metric-catalog'

/**
 * The Prometheus name of a metric: `cpu.utilization` → `proactive_cpu_utilization`.
 *
 * @example
 * prometheusName('eventloop.delay.p99_ms') // 'proactive_eventloop_delay_p99_ms'
 */
export function prometheusName(metric: string): string {
  return `proactive_${metric.replace(/[^a-zA-Z0-9_]/g, '_')}`
}

/** Renders the newest samples as Prometheus text exposition format 0.0.4 (all gauges). */
export function renderPrometheus(
  samples: Iterable<Sample>,
  staticLabels: Readonly<Record<string, string>> = {},
): string {
  const byMetric = new Map<string, Sample[]>()
  for (const sample of samples) byMetric.set(sample.metric, [...(byMetric.get(sample.metric) ?? []), sample])
  const lines: string[] = []
  for (const metric of [...byMetric.keys()].sort()) {
    const name = prometheusName(metric)
    const help = metricCatalog[metric]?.help ?? `Proactive metric ${metric}`
    lines.push(`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} gauge`)
    for (const sample of byMetric.get(metric) ?? []) {
      const labels = { ...staticLabels, ...sample.labels }
      lines.push(`${name}${formatLabels(labels)} ${formatValue(sample.value)}`)
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`
}

function formatLabels(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels)
  if (entries.length === 0) return ''
  const body = entries
    .map(
      ([key, value]) =>
        `${key.replace(/[^a-zA-Z0-9_]/g, '_')}="${value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`,
    )
    .join(',')
  return `{${body}}`
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Infinity) return '+Inf'
  if (value === -Infinity) return '-Inf'
  return String(value)
}
