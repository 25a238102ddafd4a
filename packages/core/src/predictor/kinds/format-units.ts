const trim = (value: number): string => String(Number(value.toFixed(1)))
const plural = (value: string, unit: string): string => `${value} ${unit}${value === '1' ? '' : 's'}`

/**
 * A duration for messages: seconds under 90 s, minutes under 90 min, hours under 48 h, else days.
 *
 * @example
 * formatDuration(276_480) // '3.2 days'
 * formatDuration(2_460) // '41 minutes'
 */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, seconds)
  if (s < 90) return plural(String(Math.round(s)), 'second')
  if (s < 90 * 60) return plural(String(Math.round(s / 60)), 'minute')
  if (s < 48 * 3600) return plural(trim(s / 3600), 'hour')
  return plural(trim(s / 86_400), 'day')
}

/**
 * Bytes for messages in binary units (1 MB = 1,048,576 bytes), rounded to a readable precision.
 *
 * @example
 * formatBytes(12 * 1024 * 1024) // '12 MB'
 */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'] as const
  let value = Math.abs(bytes)
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const shown = value >= 10 || unit === 0 ? String(Math.round(value)) : trim(value)
  return `${bytes < 0 ? '-' : ''}${shown} ${units[unit]}`
}

/**
 * A number of milliseconds for messages: whole above 10, one decimal below.
 *
 * @example
 * formatMs(4.04) // '4'
 */
export function formatMs(ms: number): string {
  return Math.abs(ms) >= 10 ? String(Math.round(ms)) : trim(ms)
}
