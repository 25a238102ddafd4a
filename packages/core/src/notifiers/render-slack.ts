import type { Notification, NotificationItem } from './notification'
import { truncate } from './format'

/** Slack's Block Kit limits that the renderer keeps to. */
export const slackLimits = Object.freeze({
  maxBlocks: 50,
  headerChars: 150,
  sectionChars: 3_000,
  contextChars: 3_000,
  /** The top-level `text` (used by mobile notifications); Slack cuts at 40,000, we keep it readable. */
  fallbackChars: 3_000,
})

/** A Block Kit block as sent to Slack. */
export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: true } }
  | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
  | { type: 'context'; elements: { type: 'mrkdwn'; text: string }[] }

/** The incoming-webhook body: Block Kit plus the `text` fallback. */
export interface SlackMessage {
  text: string
  blocks: SlackBlock[]
}

/**
 * Escapes the three characters Slack's mrkdwn treats as control characters.
 *
 * @example
 * escapeSlack('p95 < 200ms & rising') // 'p95 &lt; 200ms &amp; rising'
 */
export function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

/**
 * Renders a notification as a Slack message within Block Kit limits, ending in "…and N more" when
 * there are more items than blocks allow.
 *
 * @example
 * renderSlack(notification) // { text: '🚨 Critical System Issues Detected — 2 issues need attention…', blocks: [{ type: 'header', … }, …] }
 */
export function renderSlack(notification: Notification): SlackMessage {
  const head: SlackBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(notification.title, slackLimits.headerChars), emoji: true },
    },
    context(`*${notification.severity.toUpperCase()}* · ${new Date(notification.time).toISOString()}`),
    section(escapeSlack(notification.summary)),
  ]
  const tail: SlackBlock[] =
    notification.action === undefined ? [] : [section(`*Action:* ${escapeSlack(notification.action)}`)]
  const room = slackLimits.maxBlocks - head.length - tail.length
  const items = notification.items
  const shown = items.length <= room ? items : items.slice(0, room - 1)
  const more = items.length - shown.length
  const blocks = [...head, ...shown.map((item) => section(renderItem(item))), ...tail]
  if (more > 0) blocks.push(context(`…and ${more} more`))
  return { text: fallbackText(notification), blocks }
}

function renderItem(item: NotificationItem): string {
  const lines = [`*${escapeSlack(item.title)}*`]
  if (item.detail !== undefined) lines.push(escapeSlack(item.detail))
  for (const [name, value] of Object.entries(item.fields ?? {}))
    lines.push(`*${escapeSlack(name)}:* ${escapeSlack(value)}`)
  return lines.join('\n')
}

function fallbackText(notification: Notification): string {
  const lines = [`${notification.title} — ${notification.summary}`]
  for (const item of notification.items) lines.push(`• ${item.title}`)
  if (notification.action !== undefined) lines.push(`Action: ${notification.action}`)
  return truncate(escapeSlack(lines.join('\n')), slackLimits.fallbackChars)
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, slackLimits.sectionChars) } }
}

function context(text: string): SlackBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, slackLimits.contextChars) }] }
}
