import type { Notification } from './notification'

/**
 * Renders a notification as plain text: for the console, email text parts and fallbacks.
 *
 * @example
 * renderText(criticalIssuesNotification(issues, 'Auto-scaling initiated'))
 * // '🚨 Critical System Issues Detected\n[CRITICAL] 2026-01-01T00:00:00.000Z\n…\n- CPU at 92% (threshold: 85%)\n…\nAction: Auto-scaling initiated'
 */
export function renderText(notification: Notification): string {
  const lines = [
    notification.title,
    `[${notification.severity.toUpperCase()}] ${new Date(notification.time).toISOString()}`,
    notification.summary,
    '',
  ]
  for (const item of notification.items) {
    lines.push(`- ${item.title}`)
    if (item.detail !== undefined) lines.push(`  ${item.detail}`)
    for (const [name, value] of Object.entries(item.fields ?? {})) lines.push(`  ${name}: ${value}`)
  }
  if (notification.action !== undefined) lines.push('', `Action: ${notification.action}`)
  return lines.join('\n')
}
