import type { Proactive } from '../../proactive-types'
import type { RouteDefinition } from '../route-types'

const healthType = 'application/health+json; charset=utf-8'
const storagePingTimeoutMs = 2000

/**
 * `GET /health` (the monitor's report: 200 pass/warn, 503 fail), `GET /health/live` (the process
 * answers) and `GET /health/ready` (started and storage reachable), for Kubernetes probes.
 */
export function healthRoutes(proactive: Proactive): RouteDefinition[] {
  return [
    {
      method: 'GET',
      path: '/health',
      access: 'public',
      summary: 'Health of the host and process with current issues (application/health+json)',
      handle: () => {
        const report = proactive.health()
        return { status: report.status === 'fail' ? 503 : 200, contentType: healthType, body: report }
      },
    },
    {
      method: 'GET',
      path: '/health/live',
      access: 'public',
      summary: 'Liveness: the process and its event loop answer',
      handle: () => ({
        contentType: healthType,
        body: {
          status: 'pass',
          serviceId: proactive.serviceName,
          time: new Date(proactive.clock.now()).toISOString(),
        },
      }),
    },
    {
      method: 'GET',
      path: '/health/ready',
      access: 'public',
      summary: 'Readiness: monitoring has started and storage answers',
      handle: async () => {
        const started = proactive.monitor.running
        const storageOk = started && (await pingWithTimeout(proactive))
        const status = started && storageOk ? 'pass' : 'fail'
        const time = new Date(proactive.clock.now()).toISOString()
        return {
          status: status === 'pass' ? 200 : 503,
          contentType: healthType,
          body: {
            status,
            serviceId: proactive.serviceName,
            time,
            checks: {
              'monitor:started': [
                {
                  componentType: 'component',
                  observedValue: started,
                  status: started ? 'pass' : 'fail',
                  time,
                },
              ],
              'storage:ping': [
                {
                  componentId: proactive.storage.name,
                  componentType: 'datastore',
                  observedValue: storageOk,
                  status: storageOk ? 'pass' : 'fail',
                  time,
                },
              ],
            },
          },
        }
      },
    },
  ]
}

async function pingWithTimeout(proactive: Proactive): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), storagePingTimeoutMs)
  })
  try {
    return await Promise.race([proactive.storage.ping().catch(() => false), timeout])
  } finally {
    clearTimeout(timer)
  }
}
