import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { diskCapacityBytes, fillingDisk } from '../predictor/fixtures/disk-scenarios'
import { heapLimitBytes, heapScenario, leakAfter } from '../predictor/fixtures/heap-scenarios'

// End to end: the BUILT command, as a user runs it (`pnpm test` builds first).
const cli = resolve(__dirname, '../../dist/cli.js')
const dir = mkdtempSync(join(tmpdir(), 'proactive-backtest-'))
const run = promisify(execFile)

async function backtest(args: string[], env: Record<string, string> = {}) {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`pnpm build\` first (pnpm test does)`)
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, 'backtest', ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', ...env },
      maxBuffer: 64 * 1024 * 1024,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text)
  return join(dir, name)
}
const iso = (time: number) => new Date(time).toISOString()
const jsonl = (rows: object[]) => `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`

// CPU at 50 % for 10 minutes, 92 % for 3, back to 40 %: one critical alert that fires and resolves.
const cpuCsv = file(
  'cpu.csv',
  [
    'timestamp,value',
    ...Array.from(
      { length: 20 },
      (_, i) => `${iso(Date.UTC(2026, 2, 2, 3, i)).replace('.000Z', 'Z')},${i < 10 ? 50 : i < 13 ? 92 : 40}`,
    ),
  ].join('\n'),
)

type Line = Record<string, unknown>
const lines = (stdout: string): Line[] =>
  stdout
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Line)

describe('proactive backtest', () => {
  it('prints one JSON line per alert, stamped with the replayed time, with the same thresholds as start', async () => {
    const { code, stdout } = await backtest(['--metric', 'cpu.utilization', '--format', 'json', cpuCsv])
    expect(code).toBe(0)
    expect(lines(stdout)).toEqual([
      expect.objectContaining({
        time: '2026-03-02T03:10:00Z',
        type: 'alert',
        status: 'firing',
        severity: 'critical',
        message: 'CPU at 92% (threshold: 85%)',
      }),
      expect.objectContaining({
        time: '2026-03-02T03:13:00Z',
        type: 'alert',
        status: 'resolved',
        metric: 'cpu.utilization',
      }),
    ])
  })

  it('reads thresholds from the environment', async () => {
    const { stdout } = await backtest(['--metric', 'cpu.utilization', '--format', 'json', cpuCsv], {
      CPU_THRESHOLD_CRITICAL: '95',
      CPU_THRESHOLD_WARNING: '90',
    })
    expect(lines(stdout)[0]).toMatchObject({ severity: 'warning', message: 'CPU at 92% (threshold: 90%)' })
  })

  it('predicts a disk that fills in 3.2 days, with the ETA', async () => {
    const rows = [...fillingDisk({ fullAfterMs: 3.2 * 86_400_000, durationMs: 1.5 * 86_400_000 })].flatMap(
      (point) => [
        {
          time: point.time,
          metric: 'disk.utilization',
          value: 100 * (1 - point.value / diskCapacityBytes),
          labels: { mount: '/' },
        },
        { time: point.time, metric: 'disk.available_bytes', value: point.value, labels: { mount: '/' } },
      ],
    )
    const { code, stdout } = await backtest(['--format', 'json', file('disk.jsonl', jsonl(rows))])
    expect(code).toBe(0)
    const predictions = lines(stdout).filter(
      (line) => line.type === 'prediction' && line.kind === 'disk_exhaustion',
    )
    expect(predictions.length).toBeGreaterThan(0)
    const first = predictions[0] as Line & { time: string; etaSeconds: number }
    const trueRemaining = (Date.parse(first.time) - rows[0]!.time) / 1000
    expect(first.etaSeconds).toBeGreaterThan(0.8 * (3.2 * 86_400 - trueRemaining))
    expect(first.etaSeconds).toBeLessThan(1.2 * (3.2 * 86_400 - trueRemaining))
    expect(first.message).toMatch(/^Disk \/ will be full in \d+(\.\d)? (days|hours)/)
  })

  it('flags a memory leak that starts after hours of stable heap, and nothing before it', async () => {
    const stableMs = 3 * 3_600_000
    const rows = [
      ...heapScenario({ durationMs: stableMs + 30 * 60_000, liveBytes: leakAfter(stableMs) }),
    ].flatMap((point) => [
      { time: point.time, metric: 'process.heap.limit_bytes', value: heapLimitBytes },
      { time: point.time, metric: 'process.heap.after_gc_bytes', value: point.value },
    ])
    const { stdout } = await backtest(['--format', 'json', file('heap.jsonl', jsonl(rows))])
    const leaks = lines(stdout).filter((line) => line.kind === 'memory_leak')
    expect(leaks.length).toBeGreaterThan(0)
    const flaggedAfterMs = Date.parse(leaks[0]!.time as string) - rows[0]!.time
    expect(flaggedAfterMs).toBeGreaterThan(stableMs)
    expect(flaggedAfterMs).toBeLessThan(stableMs + 15 * 60_000)
  })

  it('writes timestamp,value,anomaly_score for every input row, in input order, per file', async () => {
    const out = join(dir, 'scores')
    const { code } = await backtest(['--metric', 'cpu.utilization', '--anomaly-scores', '--out', out, cpuCsv])
    expect(code).toBe(0)
    const written = readFileSync(join(out, 'cpu.csv'), 'utf8').trim().split('\n')
    expect(written[0]).toBe('timestamp,value,anomaly_score')
    expect(written).toHaveLength(21)
    expect(written[1]).toMatch(/^2026-03-02T03:00:00Z,50,(0|1|0\.\d+)$/)
  })

  it('prints a readable summary in text format', async () => {
    const { stdout } = await backtest(['--metric', 'cpu.utilization', cpuCsv])
    expect(stdout).toContain('2026-03-02T03:10:00Z  alert firing  critical  CPU at 92% (threshold: 85%)')
    expect(stdout).toContain(`${cpuCsv}: 20 rows, 0 predictions, 2 alerts`)
  })

  it('stops with the file and line of a bad row', async () => {
    const bad = file('bad.csv', 'timestamp,value\n2026-03-02 03:00:00,1\n2026-03-02 03:01:00,oops\n')
    const { code, stderr } = await backtest([bad])
    expect(code).toBe(1)
    expect(stderr).toContain(`${bad}:3: value "oops" is not a number [PROACTIVE_ERR_BAD_INPUT_FILE]`)
  })

  it('exits 2 when no file is named or --anomaly-scores lacks --out', async () => {
    expect((await backtest([])).code).toBe(2)
    expect((await backtest(['--anomaly-scores', cpuCsv])).code).toBe(2)
  })
})
