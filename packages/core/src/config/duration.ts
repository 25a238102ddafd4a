const units: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
}

/**
 * Parses a duration such as `500ms`, `2s`, `5m`, `4h`, `1d` or a bare number of milliseconds.
 * Returns `undefined` when the text is not a duration.
 *
 * @example
 * parseDuration('5m') // 300000
 * parseDuration('1h30m') // 5400000
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed)
  const pattern = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g
  let total = 0
  let consumed = 0
  for (const match of trimmed.matchAll(pattern)) {
    if (match.index !== consumed) return undefined
    total += Number(match[1]) * (units[match[2] as string] as number)
    consumed += match[0].length
  }
  return consumed === trimmed.length && consumed > 0 ? total : undefined
}
