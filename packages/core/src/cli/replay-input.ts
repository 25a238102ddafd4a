import { readFile } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import type { Labels } from '../metrics/sample'
import { badInputFile } from '../errors/codes'

/** One row of a recorded file, in input order. */
export interface ReplayRow {
  readonly time: number
  readonly metric: string
  readonly value: number
  readonly labels?: Labels
  /** The timestamp exactly as written, for output files that echo it. */
  readonly timestampText: string
}

/**
 * Reads a recording: CSV `timestamp,value` (one metric, named by `metric` or the file name) or JSONL
 * `{ "time", "metric", "value", "labels"? }`. A bad line throws an error naming the file and line.
 *
 * @example
 * const rows = await readReplayFile('cpu.csv', { metric: 'cpu.utilization' })
 */
export async function readReplayFile(path: string, options: { metric?: string } = {}): Promise<ReplayRow[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw badInputFile(
      path,
      undefined,
      `cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    )
  }
  const lines = text.split(/\r?\n/)
  const isJsonl =
    extname(path) === '.jsonl' || extname(path) === '.ndjson' || lines[0]?.trimStart().startsWith('{')
  return isJsonl
    ? parseJsonl(path, lines)
    : parseCsv(path, lines, options.metric ?? basename(path, extname(path)))
}

function parseCsv(path: string, lines: readonly string[], metric: string): ReplayRow[] {
  const rows: ReplayRow[] = []
  lines.forEach((line, index) => {
    if (line.trim() === '') return
    const fields = line.split(',')
    if (index === 0 && !/^\s*[\d"]/.test(line)) {
      const header = fields.map((f) => f.trim().toLowerCase())
      if (header[0] !== 'timestamp' || header[1] !== 'value')
        throw badInputFile(path, 1, `expected the header timestamp,value, found ${JSON.stringify(line)}`)
      return
    }
    if (fields.length < 2)
      throw badInputFile(path, index + 1, `expected timestamp,value, found ${JSON.stringify(line)}`)
    const timestampText = (fields[0] as string).trim().replace(/^"|"$/g, '')
    const valueText = (fields[1] as string).trim()
    const value = Number(valueText)
    if (valueText === '' || !Number.isFinite(value))
      throw badInputFile(path, index + 1, `value ${JSON.stringify(valueText)} is not a number`)
    rows.push({ time: parseTimestamp(path, index + 1, timestampText), metric, value, timestampText })
  })
  return rows
}

function parseJsonl(path: string, lines: readonly string[]): ReplayRow[] {
  const rows: ReplayRow[] = []
  lines.forEach((line, index) => {
    if (line.trim() === '') return
    let parsed: unknown
    try {
      parsed = JSON.parse(line)
    } catch {
      throw badInputFile(path, index + 1, `not valid JSON: ${JSON.stringify(line.slice(0, 80))}`)
    }
    const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>
    const { time, metric, value, labels } = record
    if (typeof metric !== 'string' || metric === '')
      throw badInputFile(path, index + 1, `"metric" must be a non-empty string`)
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw badInputFile(
        path,
        index + 1,
        `"value" must be a finite number, received ${JSON.stringify(value)}`,
      )
    if (typeof time !== 'string' && typeof time !== 'number')
      throw badInputFile(path, index + 1, `"time" must be an ISO 8601 string or epoch milliseconds`)
    if (labels !== undefined && !isStringRecord(labels))
      throw badInputFile(path, index + 1, `"labels" must be an object of strings`)
    rows.push({
      time: typeof time === 'number' ? time : parseTimestamp(path, index + 1, time),
      metric,
      value,
      timestampText: String(time),
      ...(labels === undefined ? {} : { labels }),
    })
  })
  return rows
}

/** ISO 8601, `YYYY-MM-DD HH:MM:SS` (UTC, as NAB writes it), epoch seconds or epoch milliseconds. */
function parseTimestamp(path: string, line: number, text: string): number {
  if (/^\d{10}(\.\d+)?$/.test(text)) return Number(text) * 1000
  if (/^\d{12,}$/.test(text)) return Number(text)
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)
    ? `${text.replace(' ', 'T')}Z`
    : text
  const time = Date.parse(iso)
  if (!Number.isFinite(time))
    throw badInputFile(
      path,
      line,
      `timestamp ${JSON.stringify(text)} is not ISO 8601, YYYY-MM-DD HH:MM:SS or epoch time`,
    )
  return time
}

function isStringRecord(value: unknown): value is Labels {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  )
}
