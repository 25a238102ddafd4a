import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createEmailNotifier,
  emailNotifierDefaults,
  type EmailNotifier,
} from '../../src/notifiers/email-notifier'
import { criticalIssuesNotification, predictionsNotification } from '../../src/notifiers/notification'
import type { DeliveryError } from '../../src/notifiers/notifier'
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver'
import { cpuIssue, diskPrediction, memoryIssue } from './fixtures'

const alert = criticalIssuesNotification([cpuIssue, memoryIssue], 'Auto-scaling initiated')
const servers: SmtpReceiver[] = []
const notifiers: EmailNotifier[] = []
const smtp = async (options?: Parameters<typeof startSmtpReceiver>[0]) => {
  const server = await startSmtpReceiver(options)
  servers.push(server)
  return server
}
const email = (options: Parameters<typeof createEmailNotifier>[0]) => {
  const notifier = createEmailNotifier(options)
  notifiers.push(notifier)
  return notifier
}
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('send should have rejected'),
    (error: DeliveryError) => error,
  )
/** Quoted-printable soft line breaks and escapes undone, enough to search the body. */
const decoded = (raw: string) =>
  raw
    .replace(/=\r?\n/g, '')
    .replace(/(?:=[0-9A-F]{2})+/g, (run) => Buffer.from(run.replaceAll('=', ''), 'hex').toString('utf8'))

afterEach(async () => {
  await Promise.all(notifiers.splice(0).map((notifier) => notifier.close()))
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

describe('createEmailNotifier', () => {
  it('sends one message to all recipients with HTML and text parts and the severity in the subject', async () => {
    const server = await smtp({ user: 'alerts', pass: 'p@ss word' })
    const notifier = email({
      smtpUrl: `smtp://alerts:${encodeURIComponent('p@ss word')}@127.0.0.1:${server.port}`,
      to: 'ops@example.com, oncall@example.com',
    })
    await notifier.send(alert)

    expect(server.mails).toHaveLength(1)
    const [mail] = server.mails
    expect(mail?.from).toBe('proactive@localhost')
    expect(mail?.recipients).toEqual(['ops@example.com', 'oncall@example.com'])
    const raw = mail?.raw ?? ''
    expect(raw).toMatch(/^Subject: =\?UTF-8\?/m)
    expect(raw).toMatch(/^Content-Type: text\/plain/m)
    expect(raw).toMatch(/^Content-Type: text\/html/m)
    expect(raw).toMatch(/^X-Proactive-Notification-Id: alert:[0-9a-f]{16}\r?$/im)
    expect(raw).toMatch(/^X-Priority: 1/m)
    const body = decoded(raw)
    expect(body).toContain('- CPU at 92% (threshold: 85%)')
    expect(body).toContain('<strong>Memory at 94% (threshold: 90%)</strong>')
    expect(body).toContain('Action: Auto-scaling initiated')
  })

  it('puts the severity and title in the subject', async () => {
    const server = await smtp()
    await email({ smtpUrl: `smtp://127.0.0.1:${server.port}`, to: ['ops@example.com'] }).send(
      predictionsNotification([diskPrediction]),
    )
    const subject = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(server.mails[0]?.raw ?? '')?.[1] ?? ''
    const words = subject
      .replace(/\?=\s+=\?/g, '?==?')
      .replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_m, text: string) => decoded(text.replaceAll('_', ' ')))
    expect(words.replace(/\s+/g, ' ')).toBe('[WARNING] ⚠️ Potential Issues Predicted')
  })

  it('rejects a permanent 550 as not retryable', async () => {
    const server = await smtp({ rejectWith: 550 })
    const error = await failure(
      email({ smtpUrl: `smtp://127.0.0.1:${server.port}`, to: 'ops@example.com' }).send(alert),
    )
    expect(error).toMatchObject({ code: 'PROACTIVE_ERR_DELIVERY', retryable: false })
    expect(error.message).toContain('550')
    expect(server.mails).toHaveLength(0)
  })

  it('rejects a temporary 451 as retryable', async () => {
    const server = await smtp({ rejectWith: 451 })
    const error = await failure(
      email({ smtpUrl: `smtp://127.0.0.1:${server.port}`, to: 'ops@example.com' }).send(alert),
    )
    expect(error).toMatchObject({ code: 'PROACTIVE_ERR_DELIVERY', retryable: true })
    expect(error.message).toContain('451')
  })

  it('rejects wrong credentials (535) as not retryable without printing the password', async () => {
    const server = await smtp({ user: 'alerts', pass: 'right' })
    const notifier = email({
      smtpUrl: `smtp://alerts:hunter2@127.0.0.1:${server.port}`,
      to: 'ops@example.com',
    })
    const error = await failure(notifier.send(alert))
    expect(error).toMatchObject({ retryable: false })
    expect(error.message).toContain('smtp://alerts:***@127.0.0.1')
    expect(error.message).not.toContain('hunter2')
  })

  it('rejects an unreachable server as retryable', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const error = await failure(
      email({ smtpUrl: `smtp://u:secret@127.0.0.1:${port}`, to: 'ops@example.com' }).send(alert),
    )
    expect(error).toMatchObject({ code: 'PROACTIVE_ERR_DELIVERY', retryable: true })
    expect(error.message).toContain('ECONNREFUSED')
    expect(error.message).not.toContain('secret')
  })

  it('validates its options, naming the bad value but not the password', () => {
    expect(emailNotifierDefaults).toEqual({
      from: 'Proactive <proactive@localhost>',
      timeoutMs: 10_000,
      name: 'email',
    })
    expect(Object.isFrozen(emailNotifierDefaults)).toBe(true)
    expect(() => createEmailNotifier({ smtpUrl: 'http://u:hunter2@mail:25', to: 'a@b.c' })).toThrow(
      'EmailNotifierOptions.smtpUrl must be an smtp:// or smtps:// URL such as smtp://user:pass@host:587, received "http://u:***@mail:25"',
    )
    expect(() => createEmailNotifier({ smtpUrl: 'smtp://mail:25', to: 'ops@example.com, nope' })).toThrow(
      'EmailNotifierOptions.to must be email addresses such as ops@example.com, received "nope"',
    )
    expect(() => createEmailNotifier({ smtpUrl: 'smtp://mail:25', to: ' , ' })).toThrow(
      'EmailNotifierOptions.to must be at least one email address',
    )
    expect(() => createEmailNotifier({ smtpUrl: 'smtp://mail', to: 'a@b.c', timeoutMs: 0 })).toThrow(
      'EmailNotifierOptions.timeoutMs must be a positive integer, received 0',
    )
  })

  it('reads the port from the scheme when the URL has none', () => {
    // Construction only; nothing is sent, so nothing listens on 587.
    expect(createEmailNotifier({ smtpUrl: 'smtps://mail.example.com', to: 'a@b.c' }).recipients).toEqual([
      'a@b.c',
    ])
  })
})

describe('createEmailNotifier without nodemailer', () => {
  afterEach(() => {
    vi.doUnmock('nodemailer')
    vi.resetModules()
  })

  it('rejects with PROACTIVE_ERR_MISSING_DEPENDENCY, not retryable, naming the package', async () => {
    vi.resetModules()
    vi.doMock('nodemailer', () => {
      throw Object.assign(new Error("Cannot find package 'nodemailer'"), { code: 'ERR_MODULE_NOT_FOUND' })
    })
    const { createEmailNotifier: create } = await import('../../src/notifiers/email-notifier')
    const error = await failure(create({ smtpUrl: 'smtp://127.0.0.1:1', to: 'a@b.c' }).send(alert))
    expect(error).toMatchObject({ code: 'PROACTIVE_ERR_MISSING_DEPENDENCY', retryable: false })
    expect(error.message).toBe('email alerts needs nodemailer; install it with `npm install nodemailer`')
  })
})
