import type { Notification, NotificationSeverity } from './notification'

const severityColours: Readonly<Record<NotificationSeverity, string>> = Object.freeze({
  info: '#2e7d32',
  warning: '#ed6c02',
  critical: '#d32f2f',
})

/**
 * Escapes text for HTML element content and attribute values.
 *
 * @example
 * escapeHtml('<b> & "x"') // '&lt;b&gt; &amp; &quot;x&quot;'
 */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

/**
 * Renders a notification as a small self-contained HTML email body (inline styles only).
 *
 * @example
 * const html = renderHtml(notification) // '<!doctype html>…<h1 …>🚨 Critical System Issues Detected</h1>…'
 */
export function renderHtml(notification: Notification): string {
  const colour = severityColours[notification.severity]
  const items = notification.items
    .map((item) => {
      const detail = item.detail === undefined ? '' : `<div>${escapeHtml(item.detail)}</div>`
      const fields = Object.entries(item.fields ?? {})
        .map(([name, value]) => `<div><strong>${escapeHtml(name)}:</strong> ${escapeHtml(value)}</div>`)
        .join('')
      return `<li style="margin-bottom:8px"><strong>${escapeHtml(item.title)}</strong>${detail}${fields}</li>`
    })
    .join('')
  const action =
    notification.action === undefined
      ? ''
      : `<p><strong>Action:</strong> ${escapeHtml(notification.action)}</p>`
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<title>${escapeHtml(notification.title)}</title></head>`,
    '<body style="font-family:system-ui,sans-serif;font-size:14px;color:#1f2328">',
    `<h1 style="font-size:18px;border-left:4px solid ${colour};padding-left:8px">${escapeHtml(notification.title)}</h1>`,
    `<p style="color:${colour}"><strong>${notification.severity.toUpperCase()}</strong> · ${new Date(notification.time).toISOString()}</p>`,
    `<p>${escapeHtml(notification.summary)}</p>`,
    `<ul>${items}</ul>`,
    action,
    '</body></html>',
  ].join('\n')
}
