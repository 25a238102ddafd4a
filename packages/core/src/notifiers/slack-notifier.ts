import type { Clock } from '../clock/clock'
import { realClock } from '../clock/real-clock'
import { invalidOption } from '../errors/codes'
import type { Notification } from './notification'
import {
  checkName,
  checkPositiveInteger,
  maskUrl,
  notifierDefaults,
  parseHttpUrl,
  type Notifier,
} from './notifier'
import { postJson } from './http-delivery'
import { renderSlack } from './render-slack'
import { createSendSpacer } from './send-spacer'

/** Options for {@link createSlackNotifier}. */
export interface SlackNotifierOptions {
  /** The incoming webhook (`SLACK_WEBHOOK_URL`); a secret, never logged. */
  webhookUrl: string
  /** Per request. Default 10_000. */
  timeoutMs?: number
  /** Least time between two messages to this webhook (Slack allows about one a second). Default 1_000. */
  minIntervalMs?: number
  /** Messages waiting for their turn; more are refused as retryable. Default 100. */
  maxQueued?: number
  /** Legacy webhooks only; app webhooks post as the app. */
  username?: string
  iconEmoji?: string
  /** Default 'slack'. */
  name?: string
  clock?: Clock
}

/** The defaults of {@link SlackNotifierOptions}. */
export const slackNotifierDefaults = Object.freeze({
  timeoutMs: notifierDefaults.timeoutMs,
  minIntervalMs: 1_000,
  maxQueued: 100,
  name: 'slack',
})

/**
 * A {@link Notifier} that posts Block Kit messages (with the `text` fallback) to a Slack incoming webhook,
 * one at a time and at least a second apart; 429 rejects with Slack's Retry-After.
 *
 * @example
 * const slack = createSlackNotifier({ webhookUrl: process.env.SLACK_WEBHOOK_URL! })
 * await slack.send(criticalIssuesNotification(issues, 'Auto-scaling initiated'))
 */
export function createSlackNotifier(options: SlackNotifierOptions): Notifier {
  const url = parseHttpUrl('SlackNotifierOptions.webhookUrl', options.webhookUrl)
  const name = checkName('SlackNotifierOptions.name', options.name ?? slackNotifierDefaults.name)
  const timeoutMs = checkPositiveInteger(
    'SlackNotifierOptions.timeoutMs',
    options.timeoutMs ?? slackNotifierDefaults.timeoutMs,
  )
  const minIntervalMs = options.minIntervalMs ?? slackNotifierDefaults.minIntervalMs
  if (!Number.isInteger(minIntervalMs) || minIntervalMs < 0)
    throw invalidOption('SlackNotifierOptions.minIntervalMs', 'a non-negative integer', minIntervalMs)
  const maxQueued = checkPositiveInteger(
    'SlackNotifierOptions.maxQueued',
    options.maxQueued ?? slackNotifierDefaults.maxQueued,
  )
  const clock = options.clock ?? realClock
  const maskedUrl = maskUrl(url)
  const extras = {
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.iconEmoji === undefined ? {} : { icon_emoji: options.iconEmoji }),
  }
  const spacer = createSendSpacer({ clock, intervalMs: minIntervalMs, maxQueued, notifier: name })

  const post = async (notification: Notification) => {
    const body = JSON.stringify({ ...renderSlack(notification), ...extras })
    try {
      await postJson({ notifier: name, url, maskedUrl, body, timeoutMs, clock })
    } catch (error) {
      const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs
      // The next message to this webhook waits too, or Slack would answer 429 again.
      if (retryAfterMs !== undefined) spacer.holdUntil(clock.now() + retryAfterMs)
      throw error
    }
  }

  return Object.freeze({ name, send: (notification: Notification) => spacer.run(() => post(notification)) })
}
