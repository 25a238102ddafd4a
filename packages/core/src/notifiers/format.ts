import { createHash } from 'node:crypto'

/**
 * Shortens `text` to at most `maxChars` UTF-16 units, ending in '…' when cut, never splitting an emoji.
 *
 * @example
 * truncate('Critical System Issues Detected', 10) // 'Critical …'
 */
export function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text
  let cut = text.slice(0, Math.max(0, maxChars - 1))
  const last = cut.charCodeAt(cut.length - 1)
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1)
  return `${cut}…`
}

/**
 * A duration in words, rounded for humans.
 *
 * @example
 * formatDuration(276_480_000) // '3.2 days'
 */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000
  if (seconds < 90) return plural(Math.round(seconds), 'second')
  if (seconds < 90 * 60) return plural(Math.round(seconds / 60), 'minute')
  if (seconds < 36 * 3600) return plural(round1(seconds / 3600), 'hour')
  return plural(round1(seconds / 86_400), 'day')
}

/**
 * Milliseconds as the guide writes them.
 *
 * @example
 * formatMs(850) // '850ms'
 */
export function formatMs(ms: number): string {
  return `${Math.abs(ms) >= 10 ? Math.round(ms) : round1(ms)}ms`
}

/**
 * A stable short key from parts, for notification ids.
 *
 * @example
 * stableKey('alert', ['cpu.utilization@1767225600000']) // 'alert:3f2a…'
 */
export function stableKey(prefix: string, parts: readonly string[]): string {
  const hash = createHash('sha256')
    .update([...parts].sort().join('\n'))
    .digest('hex')
  return `${prefix}:${hash.slice(0, 16)}`
}

/**
 * `count` and a noun, pluralised.
 *
 * @example
 * plural(2, 'issue') // '2 issues'
 */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

function round1(value: number): number {
  return Math.round(value * 10) / 10
}
