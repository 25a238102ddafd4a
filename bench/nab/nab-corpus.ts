import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** One NAB data file with its labelled anomaly windows as inclusive row-index ranges. */
export interface NabFile {
  /** Path relative to `data/`, such as `realKnownCause/nyc_taxi.csv`. */
  readonly name: string
  /** The timestamp column verbatim, for writing result files. */
  readonly timestamps: readonly string[]
  /** Epoch milliseconds (the timestamps read as UTC). */
  readonly times: Float64Array
  readonly values: Float64Array
  readonly windows: readonly (readonly [number, number])[]
}

/**
 * Reads `YYYY-MM-DD HH:MM:SS[.ffffff]` as UTC epoch milliseconds.
 *
 * @example
 * parseNabTimestamp('2014-04-10 07:15:00') // 1397114100000
 */
export function parseNabTimestamp(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d+)?$/.exec(text)
  if (!match) throw new Error(`not a NAB timestamp: ${JSON.stringify(text)}`)
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[]
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!)
}

/**
 * Parses a NAB CSV (`timestamp,value` header); `source` names the file in errors.
 *
 * @example
 * parseNabCsv('timestamp,value\n2014-04-01 00:00:00,18.3\n', 'a.csv').values // Float64Array [18.3]
 */
export function parseNabCsv(
  text: string,
  source: string,
): { timestamps: string[]; times: Float64Array; values: Float64Array } {
  const lines = text.split(/\r?\n/)
  if (lines[0]?.trim() !== 'timestamp,value')
    throw new Error(`${source}:1: expected the header timestamp,value, found ${JSON.stringify(lines[0])}`)
  const timestamps: string[] = []
  const values: number[] = []
  const times: number[] = []
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!
    if (line.trim() === '') continue
    const comma = line.indexOf(',')
    const stamp = line.slice(0, comma)
    const value = Number(line.slice(comma + 1))
    if (comma < 0 || !Number.isFinite(value))
      throw new Error(`${source}:${i + 1}: bad row ${JSON.stringify(line)}`)
    timestamps.push(stamp)
    times.push(parseNabTimestamp(stamp))
    values.push(value)
  }
  return { timestamps, times: Float64Array.from(times), values: Float64Array.from(values) }
}

/**
 * Loads every data file of a NAB corpus directory (`data/`, `labels/combined_windows.json`), sorted by name.
 *
 * @example
 * const files = loadNabCorpus('../shared/benchmarks/nab') // 58 files
 */
export function loadNabCorpus(root: string): NabFile[] {
  const windowsByFile = JSON.parse(
    readFileSync(join(root, 'labels', 'combined_windows.json'), 'utf8'),
  ) as Record<string, [string, string][]>
  const files: NabFile[] = []
  for (const category of readdirSync(join(root, 'data'), { withFileTypes: true })) {
    if (!category.isDirectory()) continue
    for (const entry of readdirSync(join(root, 'data', category.name))) {
      if (!entry.endsWith('.csv')) continue
      const name = `${category.name}/${entry}`
      const parsed = parseNabCsv(readFileSync(join(root, 'data', name), 'utf8'), name)
      const limits = windowsByFile[name]
      if (!limits) throw new Error(`${name}: no entry in labels/combined_windows.json`)
      files.push({ name, ...parsed, windows: limits.map((limit) => windowRows(parsed.times, limit, name)) })
    }
  }
  return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

// A window covers the rows whose timestamps lie within its limits, as in NAB's scorer.
function windowRows(times: Float64Array, [start, end]: [string, string], name: string): [number, number] {
  const from = parseNabTimestamp(start)
  const to = parseNabTimestamp(end)
  let first = -1
  let last = -1
  for (let i = 0; i < times.length; i++) {
    if (times[i]! < from || times[i]! > to) continue
    if (first < 0) first = i
    last = i
  }
  if (first < 0) throw new Error(`${name}: window ${start} … ${end} covers no rows`)
  return [first, last]
}
