import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startHttpReceiver, type HttpReceiver } from '../notifiers/http-receiver'
import { startSmtpReceiver, type SmtpReceiver } from '../notifiers/smtp-receiver'

// End to end: the BUILT `proactive start`, a local HTTP server playing Slack and a real SMTP server.
const cli = resolve(__dirname, '../../dist/cli.js')
const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

async function until<T>(what: string, read: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = read()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((done) => setTimeout(done, 100))
  }
}

describe('proactive start with alert receivers', () => {
  it('sends a real threshold breach to Slack and by email, once each', async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`pnpm build\` first (pnpm test does)`)
    const slack: HttpReceiver = await startHttpReceiver()
    const smtp: SmtpReceiver = await startSmtpReceiver()
    cleanup.push(
      () => slack.close(),
      () => smtp.close(),
    )
    const child: ChildProcess = spawn(process.execPath, [cli, 'start', '--port', '0'], {
      cwd: mkdtempSync(join(tmpdir(), 'proactive-alerts-')),
      env: {
        PATH: process.env.PATH ?? '',
        PROACTIVE_LOG_LEVEL: 'warn',
        // Any CPU use is "critical", so the breach is real and immediate.
        CPU_THRESHOLD_WARNING: '0',
        CPU_THRESHOLD_CRITICAL: '0',
        SLACK_WEBHOOK_URL: `${slack.url}/services/T000/B000/secret`,
        ALERT_EMAILS: 'ops@example.com,oncall@example.com',
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        ALERT_GROUP_WAIT: '0s',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    cleanup.push(() => {
      if (child.exitCode === null) child.kill('SIGKILL')
    })
    let stdout = ''
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))

    await until('start-up', () => (stdout.includes('Alerts go to: slack, email') ? true : undefined))
    const request = await until('the Slack message', () => slack.requests[0])
    const body = JSON.parse(request.body) as { text: string; blocks: unknown[] }
    expect(body.text).toContain('Critical System Issues Detected')
    expect(body.text).toMatch(/CPU at [\d.]+% \(threshold: 0%\)/)
    expect(body.blocks.length).toBeGreaterThan(0)
    const mail = await until('the email', () => smtp.mails[0])
    expect(mail.recipients.sort()).toEqual(['oncall@example.com', 'ops@example.com'])
    expect(mail.raw).toContain('Critical System Issues Detected')

    // The issue persists: nothing more is sent before the repeat interval.
    await new Promise((done) => setTimeout(done, 2_000))
    expect(slack.requests).toHaveLength(1)
    expect(smtp.mails).toHaveLength(1)
    child.kill('SIGTERM')
  })
})
