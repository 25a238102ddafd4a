import type { Alerting } from '../../alerting/create-alerting'
import type { SilenceOptions } from '../../alerting/silence-store'
import type { RouteDefinition } from '../route-types'
import { badRequest } from '../../errors/codes'
import { ProactiveError } from '../../errors/proactive-error'
import { rejectUnknownParams } from '../query-params'

/**
 * `GET /alerts`, `GET /alerts/silences`, `POST /alerts/silences` and `DELETE /alerts/silences?id=`:
 * the alert manager's current alerts and its silences, which live in storage and so are shared by every
 * instance on it. Mounted only when alerting is configured.
 */
export function alertRoutes(alerting: Alerting): RouteDefinition[] {
  const { manager } = alerting
  return [
    {
      method: 'GET',
      path: '/alerts',
      access: 'read',
      summary: 'Current alerts with their receivers, silenced and inhibited flags',
      handle: ({ query }) => {
        rejectUnknownParams(query, [])
        return { body: { alerts: manager.alerts(), stats: manager.stats(), outbox: alerting.outbox.stats() } }
      },
    },
    {
      method: 'GET',
      path: '/alerts/silences',
      access: 'read',
      summary: 'Silences, active and expired',
      handle: () => ({ body: { silences: manager.silences() } }),
    },
    {
      method: 'POST',
      path: '/alerts/silences',
      access: 'write',
      summary: 'Creates a silence: { matchers: { label: value }, durationMs | endsAt, comment?, createdBy? }',
      handle: async ({ body }) => {
        if (typeof body !== 'object' || body === null || Array.isArray(body))
          throw badRequest(
            'body',
            'expected a JSON object such as {"matchers":{"alertname":"cpu:utilization"},"durationMs":"2h"}',
          )
        try {
          const id = await manager.silence(body as SilenceOptions)
          return { status: 201, body: { id } }
        } catch (error) {
          // The manager names the bad field; as an HTTP answer that is the client's mistake.
          if (error instanceof ProactiveError && error.code === 'PROACTIVE_ERR_INVALID_OPTION')
            throw badRequest('body', error.message)
          throw error
        }
      },
    },
    {
      method: 'DELETE',
      path: '/alerts/silences',
      access: 'write',
      summary: 'Expires a silence now: ?id=',
      handle: async ({ query }) => {
        rejectUnknownParams(query, ['id'])
        const id = query.get('id')
        if (id === null || id === '')
          throw badRequest('id', 'required: the id POST /alerts/silences answered')
        const expired = await manager.expireSilence(id)
        if (!expired)
          return {
            status: 404,
            body: {
              error: {
                code: 'PROACTIVE_ERR_NOT_FOUND',
                message: `no silence has id ${JSON.stringify(id)}`,
                statusCode: 404,
              },
            },
          }
        return { body: { id, expired } }
      },
    },
  ]
}
