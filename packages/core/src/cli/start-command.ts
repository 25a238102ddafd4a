import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import { badCliUsage, invalidEnv } from '../errors/codes'
import { readStartConfig, withEnvFile } from '../config/env-config'
import { createProactive } from '../proactive'
import { createProactiveServer } from '../http/node-server'
import { createConsoleLogger } from '../logging/logger'
import { createStorageFromSpec, withoutPassword } from '../storage/storage-from-spec'
import { createSlackNotifier } from '../notifiers/slack-notifier'
import { createEmailNotifier } from '../notifiers/email-notifier'
import { createWebhookNotifier } from '../notifiers/webhook-notifier'
import type { Notifier } from '../notifiers/notifier'
import type { AlertingConfig } from '../config/env-config'

/**
 * `proactive start`: reads the environment (and `.env`), starts monitoring and serves the Proactive
 * Monitor endpoints until SIGINT or SIGTERM.
 */
export async function startCommand(argv: readonly string[]): Promise<void> {
  const { values } = parseOptions(argv)
  const env = withEnvFile(process.env, resolve(values['env-file'] ?? '.env'))
  const config = readStartConfig({
    ...env,
    ...(values.host === undefined ? {} : { PROACTIVE_HOST: values.host }),
    ...(values.port === undefined ? {} : { PROACTIVE_MONITOR_PORT: values.port }),
  })
  const logger = createConsoleLogger(config.logLevel)
  // Its errors name PROACTIVE_STORAGE and the accepted forms.
  const storage = await createStorageFromSpec(config.storage)
  const alerting = alertingFrom(config.alerting)
  const proactive = createProactive({
    logger,
    storage,
    thresholds: config.thresholds,
    apiResponseThresholdMs: config.apiResponseThresholdMs,
    sampleIntervalMs: config.sampleIntervalMs,
    diskSampleIntervalMs: config.diskSampleIntervalMs,
    retentionMs: config.retentionMs,
    ...(config.diskPaths ? { diskPaths: config.diskPaths } : {}),
    ...(config.serviceName ? { serviceName: config.serviceName } : {}),
    ...(config.token ? { token: config.token } : {}),
    ...alerting,
  })
  try {
    await proactive.start()
  } catch (error) {
    await proactive.stop().catch(() => {})
    throw invalidEnv(
      'PROACTIVE_STORAGE',
      `a storage that can be opened (${(error as Error).message})`,
      String(withoutPassword(config.storage)),
    )
  }
  const server = createProactiveServer(proactive, { host: config.host, port: config.monitorPort })
  const address = await server.listen().catch(async (error: unknown) => {
    await proactive.stop().catch(() => {})
    throw error
  })
  process.stdout.write(`Proactive Monitor listening on ${address.url} (storage: ${storage.name})\n`)
  const receivers = Object.keys(
    proactive.alerting ? (alertingFrom(config.alerting).alerting?.notifiers ?? {}) : {},
  )
  process.stdout.write(
    receivers.length > 0
      ? `Alerts go to: ${receivers.join(', ')}\n`
      : 'No alert receivers: set SLACK_WEBHOOK_URL, ALERT_EMAILS with SMTP_URL, or ALERT_WEBHOOK_URL.\n',
  )
  if (!config.token)
    process.stdout.write(
      'Only /health, /health/live and /health/ready answer until PROACTIVE_TOKEN is set.\n',
    )

  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'stopping Proactive')
    void Promise.allSettled([server.close(), proactive.stop()]).then(() => process.exit(0))
  }
  process.once('SIGINT', () => shutdown('SIGINT'))
  process.once('SIGTERM', () => shutdown('SIGTERM'))
}

function parseOptions(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: { host: { type: 'string' }, port: { type: 'string' }, 'env-file': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    })
  } catch (error) {
    throw badCliUsage(`proactive start: ${(error as Error).message}`)
  }
}

/** The notifiers the environment names, as `createProactive`'s `alerting` option (none: no option). */
function alertingFrom(config: AlertingConfig) {
  const notifiers: Record<string, Notifier> = {}
  if (config.slackWebhookUrl) notifiers.slack = createSlackNotifier({ webhookUrl: config.slackWebhookUrl })
  if (config.smtpUrl && config.alertEmails.length > 0)
    notifiers.email = createEmailNotifier({ smtpUrl: config.smtpUrl, to: [...config.alertEmails] })
  if (config.webhookUrl)
    notifiers.webhook = createWebhookNotifier({
      url: config.webhookUrl,
      ...(config.webhookSecret ? { secret: config.webhookSecret } : {}),
    })
  if (Object.keys(notifiers).length === 0) return {}
  return {
    alerting: {
      notifiers,
      groupWaitMs: config.groupWaitMs,
      groupIntervalMs: config.groupIntervalMs,
      repeatIntervalMs: config.repeatIntervalMs,
    },
  }
}
