import { mkdir, writeFile } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { Clock } from '../clock/clock'
import type { MonitorIssue } from '../monitor/monitor-issue'
import type { Prediction } from '../predictor/prediction'
import { badCliUsage } from '../errors/codes'
import { readStartConfig, withEnvFile } from '../config/env-config'
import { silentLogger } from '../logging/logger'
import { createProactive } from '../proactive'
import { createMemoryStorage } from '../storage/memory-storage'
import { seriesKey } from '../metrics/sample'
import { createAnomalyDetector } from '../predictor/anomaly/anomaly-detector'
import { readReplayFile, type ReplayRow } from './replay-input'

/** One line of `proactive backtest --format json`. */
export interface BacktestEvent {
  readonly time: string
  readonly type: 'prediction' | 'alert'
  readonly file: string
  readonly kind?: string
  readonly status?: 'firing' | 'resolved'
  readonly metric: string
  readonly labels?: Readonly<Record<string, string>>
  readonly severity: string
  readonly probability?: number
  readonly etaSeconds?: number
  readonly value?: number
  readonly threshold?: number
  readonly message: string
}

/**
 * `proactive backtest FILE…`: replays recorded samples through the same monitor and predictor as
 * `proactive start` (same thresholds and environment) on a simulated clock, and prints what would
 * have been alerted or predicted, and when.
 */
export async function backtestCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv)
  if (positionals.length === 0) throw badCliUsage('proactive backtest: name at least one CSV or JSONL file')
  const format = values.format ?? 'text'
  if (format !== 'text' && format !== 'json')
    throw badCliUsage(`--format must be text or json, received ${JSON.stringify(format)}`)
  if (values['anomaly-scores'] && !values.out) throw badCliUsage('--anomaly-scores needs --out DIR')
  const config = readStartConfig(withEnvFile(process.env, resolve(values['env-file'] ?? '.env')))
  const showProgress = process.stderr.isTTY && format === 'text'
  let total = 0

  for (const [index, path] of positionals.entries()) {
    if (showProgress)
      process.stderr.write(`\rbacktest ${index + 1}/${positionals.length}: ${basename(path)}\x1b[K`)
    const rows = await readReplayFile(path, values.metric === undefined ? {} : { metric: values.metric })
    if (values['anomaly-scores']) {
      await mkdir(values.out as string, { recursive: true })
      await writeFile(join(values.out as string, basename(path)), anomalyScoresCsv(rows))
    }
    const events = await replay(rows, basename(path), config)
    total += events.length
    for (const event of events)
      process.stdout.write(format === 'json' ? `${JSON.stringify(event)}\n` : `${textLine(event)}\n`)
    if (format === 'text')
      process.stdout.write(
        `${path}: ${rows.length} rows, ${events.filter((e) => e.type === 'prediction').length} predictions, ${events.filter((e) => e.type === 'alert').length} alerts\n`,
      )
  }
  if (showProgress) process.stderr.write('\r\x1b[K')
  if (format === 'text' && positionals.length > 1)
    process.stdout.write(`${positionals.length} files, ${total} events\n`)
  return 0
}

async function replay(
  rows: readonly ReplayRow[],
  file: string,
  config: ReturnType<typeof readStartConfig>,
): Promise<BacktestEvent[]> {
  const ordered = [...rows].sort((a, b) => a.time - b.time)
  let now = ordered[0]?.time ?? 0
  const clock: Clock = {
    now: () => now,
    monotonic: () => now,
    setTimeout: () => ({ unref: () => {} }),
    setInterval: () => ({ unref: () => {} }),
    clearTimer: () => {},
  }
  const proactive = createProactive({
    clock,
    logger: silentLogger,
    storage: createMemoryStorage(),
    sources: [],
    defaultSources: false,
    thresholds: config.thresholds,
    apiResponseThresholdMs: config.apiResponseThresholdMs,
  })
  const events: BacktestEvent[] = []
  const alert = (status: 'firing' | 'resolved') => (issue: MonitorIssue) =>
    events.push({
      time: isoSeconds(status === 'resolved' ? (issue.resolvedAt ?? issue.lastSeen) : issue.since),
      type: 'alert',
      file,
      status,
      metric: issue.metric,
      ...(Object.keys(issue.labels).length > 0 ? { labels: issue.labels } : {}),
      severity: issue.severity,
      value: issue.value,
      threshold: issue.threshold,
      message: issue.message,
    })
  proactive.events.on('issue.raised', alert('firing'))
  proactive.events.on('issue.resolved', alert('resolved'))
  proactive.events.on('prediction', (prediction: Prediction) =>
    events.push({
      time: isoSeconds(prediction.time),
      type: 'prediction',
      file,
      kind: prediction.kind,
      metric: prediction.metric,
      ...(prediction.labels && Object.keys(prediction.labels).length > 0
        ? { labels: prediction.labels }
        : {}),
      severity: prediction.severity,
      probability: Math.round(prediction.probability * 1000) / 1000,
      ...(prediction.etaSeconds === undefined ? {} : { etaSeconds: Math.round(prediction.etaSeconds) }),
      message: prediction.message,
    }),
  )
  await proactive.storage.init()
  for (const row of ordered) {
    now = row.time
    proactive.monitor.ingest([
      { metric: row.metric, value: row.value, time: row.time, ...(row.labels ? { labels: row.labels } : {}) },
    ])
  }
  await proactive.monitor.flush()
  await proactive.storage.close()
  return events
}

/** `timestamp,value,anomaly_score` for every input row, in input order (the NAB detector format). */
function anomalyScoresCsv(rows: readonly ReplayRow[]): string {
  const detectors = new Map<string, ReturnType<typeof createAnomalyDetector>>()
  const lines = ['timestamp,value,anomaly_score']
  for (const row of rows) {
    const key = seriesKey(row.metric, row.labels)
    let detector = detectors.get(key)
    if (!detector) detectors.set(key, (detector = createAnomalyDetector()))
    lines.push(`${row.timestampText},${row.value},${detector.update(row.time, row.value)}`)
  }
  return `${lines.join('\n')}\n`
}

function textLine(event: BacktestEvent): string {
  const what = event.type === 'prediction' ? `prediction ${event.kind}` : `alert ${event.status}`
  const probability = event.probability === undefined ? '' : ` p=${event.probability.toFixed(2)}`
  return `${event.time}  ${what}  ${event.severity}${probability}  ${event.message}`
}

function isoSeconds(time: number): string {
  return new Date(time).toISOString().replace(/\.000Z$/, 'Z')
}

function parseOptions(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: {
        metric: { type: 'string' },
        format: { type: 'string' },
        'anomaly-scores': { type: 'boolean' },
        out: { type: 'string' },
        'env-file': { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    })
  } catch (error) {
    throw badCliUsage(`proactive backtest: ${(error as Error).message}`)
  }
}
