import type { Proactive } from '../../proactive-types'
import type { RouteDefinition } from '../route-types'
import { badRequest } from '../../errors/codes'
import { rejectUnknownParams } from '../query-params'

/** `GET /predictions`: what is expected to break within the horizon (15 minutes by default). */
export function predictionRoutes(proactive: Proactive): RouteDefinition[] {
  return [
    {
      method: 'GET',
      path: '/predictions',
      access: 'read',
      summary: 'Current predictions: ?kind=&severity=warning|critical&minProbability=0..1',
      handle: ({ query }) => {
        rejectUnknownParams(query, ['kind', 'severity', 'minProbability'])
        const kinds = query.getAll('kind')
        const severity = query.get('severity')
        if (severity !== null && severity !== 'warning' && severity !== 'critical')
          throw badRequest('severity', `expected warning or critical, received ${JSON.stringify(severity)}`)
        const minProbabilityText = query.get('minProbability')
        const minProbability = minProbabilityText === null ? 0 : Number(minProbabilityText)
        if (!(minProbability >= 0 && minProbability <= 1))
          throw badRequest(
            'minProbability',
            `expected a number from 0 to 1, received ${JSON.stringify(minProbabilityText)}`,
          )
        const predictions = proactive.predictor
          .predictions()
          .filter((p) => kinds.length === 0 || kinds.includes(p.kind))
          .filter((p) => severity === null || p.severity === severity)
          .filter((p) => p.probability >= minProbability)
          .map(({ time: _time, ...prediction }) => prediction)
        return {
          body: {
            horizonMinutes: proactive.predictor.horizonMs / 60_000,
            generatedAt: new Date(proactive.clock.now()).toISOString(),
            predictions,
          },
        }
      },
    },
  ]
}
