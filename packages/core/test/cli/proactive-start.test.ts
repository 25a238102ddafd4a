import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { HealthReport } from '../../src/monitor/health-report'

// End to end: the BUILT command, as a user runs it (`pnpm test` builds first).
const cli = resolve(__dirname, '../../dist/cli.js')
const token = 'e2e-token-0123456789'
const children: ChildProcess[] = []

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

function run(args: string[], env: Record<string, string> = {}) {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`pnpm build\` first (pnpm test does)`)
  const cwd = mkdtempSync(join(tmpdir(), 'proactive-start-'))
  const child = spawn(process.execPath, [cli, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', PROACTIVE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
  const listening = new Promise<string>((done, fail) => {
    child.stdout?.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(stdout)
      if (match) done(match[1] as string)
    })
    void exited.then((code) => fail(new Error(`exited with ${code}: ${stderr}`)))
  })
  // Tests that expect an early exit never await `listening`; keep its rejection from going unhandled.
  listening.catch(() => {})
  return { child, exited, listening, output: () => ({ stdout, stderr }), cwd }
}

describe('proactive start', () => {
  it('starts the monitor with embedded defaults and answers /health, /metrics and /metrics/history over HTTP', async () => {
    const started = run(['start', '--port', '0'], { PROACTIVE_TOKEN: token })
    const url = await started.listening
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)

    // CPU utilisation is a rate: it appears from the second sample on, a second after start.
    let report: HealthReport | undefined
    for (let attempt = 0; attempt < 50 && !report?.checks['cpu:utilization']; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100))
      const health = await fetch(`${url}/health`)
      expect([200, 503]).toContain(health.status)
      report = (await health.json()) as HealthReport
    }
    if (!report) throw new Error('no health report')
    expect(report.checks['cpu:utilization']?.[0]?.observedUnit).toBe('percent')
    expect(report.checks['memory:utilization']?.[0]?.observedValue).toBeGreaterThan(0)

    expect((await fetch(`${url}/metrics`)).status).toBe(401)
    const metrics = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })
    const text = await metrics.text()
    expect(text).toContain('# TYPE proactive_cpu_utilization gauge')
    expect(text).toContain('proactive_process_heap_used_bytes')
    expect(text).toMatch(/proactive_disk_utilization\{[^}]*mount="\/"/)

    const history = await fetch(`${url}/metrics/history?metric=process.rss_bytes`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(((await history.json()) as { points: unknown[] }).points.length).toBeGreaterThan(0)

    started.child.kill('SIGTERM')
    expect(await started.exited).toBe(0)
  })

  it('keeps history in a SQLite file named by PROACTIVE_STORAGE', async () => {
    const started = run(['start', '--port', '0'], {
      PROACTIVE_TOKEN: token,
      PROACTIVE_STORAGE: 'sqlite:history.db',
    })
    const url = await started.listening
    expect(started.output().stdout).toContain('(storage: sqlite)')
    const ready = await fetch(`${url}/health/ready`)
    expect(ready.status).toBe(200)
    started.child.kill('SIGTERM')
    expect(await started.exited).toBe(0)
    expect(existsSync(join(started.cwd, 'history.db'))).toBe(true)
  })

  it('refuses to start with a wrong variable and names it', async () => {
    const started = run(['start', '--port', '0'], { CPU_THRESHOLD_CRITICAL: 'ninety' })
    expect(await started.exited).toBe(1)
    expect(started.output().stderr).toContain(
      'CPU_THRESHOLD_CRITICAL must be a number from 0 to 100, received "ninety"',
    )
  })

  it('refuses a storage it cannot use and names PROACTIVE_STORAGE', async () => {
    const started = run(['start', '--port', '0'], { PROACTIVE_STORAGE: 'mongodb://localhost' })
    expect(await started.exited).toBe(1)
    expect(started.output().stderr).toContain('PROACTIVE_STORAGE')
  })

  it('exits 2 with usage help for an unknown command or option', async () => {
    const unknown = run(['launch'])
    expect(await unknown.exited).toBe(2)
    expect(unknown.output().stderr).toContain('unknown command "launch"')
    const badOption = run(['start', '--colour'])
    expect(await badOption.exited).toBe(2)
  })
})
