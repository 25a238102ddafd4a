import type { Proactive } from '../../proactive-types'
import type { SeriesPoints } from '../../storage/storage'
import type { RouteDefinition } from '../route-types'
import { badRequest, unknownMetric } from '../../errors/codes'
import { unitOf } from '../../metrics/metric-catalog'
import { renderPrometheus } from '../prometheus-format'
import { parseDurationParam, parseIntegerParam, parseTimeParam, rejectUnknownParams } from '../query-params'
import { downsample } from './downsample'

const historyParams = ['metric', 'from', 'to', 'step', 'limit', 'mount', 'route', 'label'] as const
const defaultHistoryWindowMs = 3_600_000
const maxPoints = 100_000

/** `GET /metrics` (Prometheus text) and `GET /metrics/history` (stored samples as JSON). */
export function metricsRoutes(proactive: Proactive): RouteDefinition[] {
  return [
    {
      method: 'GET',
      path: '/metrics',
      access: 'read',
      summary: 'Prometheus text exposition of the newest value of every sampled series',
      handle: () => ({
        contentType: 'text/plain; version=0.0.4; charset=utf-8',
        body: renderPrometheus(proactive.monitor.latest(), { service: proactive.serviceName }),
      }),
    },
    {
      method: 'GET',
      path: '/metrics/history',
      access: 'read',
      summary: 'Stored samples of one metric: ?metric=&from=&to=&step=&limit=&mount=&route=&label=key:value',
      handle: async ({ query }) => {
        rejectUnknownParams(query, historyParams)
        const metric = query.get('metric')
        const series = await proactive.storage.listSeries()
        const known = [...new Set(series.map((s) => s.metric))].sort()
        if (metric === null || metric.trim() === '')
          throw badRequest('metric', `required; one of: ${known.join(', ') || '(none sampled yet)'}`)
        const now = proactive.clock.now()
        const to = query.has('to') ? parseTimeParam('to', query.get('to') as string, now) : now
        const from = query.has('from')
          ? parseTimeParam('from', query.get('from') as string, now)
          : to - defaultHistoryWindowMs
        if (from > to) throw badRequest('from', `must not be after to (${new Date(to).toISOString()})`)
        const step = query.has('step') ? parseDurationParam('step', query.get('step') as string) : undefined
        const limit = query.has('limit')
          ? parseIntegerParam('limit', query.get('limit') as string, maxPoints)
          : maxPoints
        const labels = labelFilter(query)
        if (!known.includes(metric)) throw unknownMetric(metric, known)
        const found = await proactive.storage.querySamples({ metric, labels, from, to, limit })
        const shaped = found
          .sort((a, b) => Object.keys(a.labels).length - Object.keys(b.labels).length)
          .map((s) => ({
            labels: s.labels,
            points: step === undefined ? s.points : downsample(s.points, step),
          }))
        return {
          body: {
            metric,
            unit: unitOf(metric),
            from: new Date(from).toISOString(),
            to: new Date(to).toISOString(),
            ...(step === undefined ? {} : { stepMs: step }),
            labels: shaped[0]?.labels ?? labels,
            points: shaped[0]?.points ?? [],
            series: shaped satisfies Pick<SeriesPoints, 'labels' | 'points'>[],
          },
        }
      },
    },
  ]
}

function labelFilter(query: URLSearchParams): Record<string, string> {
  const labels: Record<string, string> = {}
  for (const name of ['mount', 'route'] as const) {
    const value = query.get(name)
    if (value !== null) labels[name] = value
  }
  for (const pair of query.getAll('label')) {
    const separator = pair.indexOf(':')
    if (separator <= 0) throw badRequest('label', `expected key:value, received ${JSON.stringify(pair)}`)
    labels[pair.slice(0, separator)] = pair.slice(separator + 1)
  }
  return labels
}
