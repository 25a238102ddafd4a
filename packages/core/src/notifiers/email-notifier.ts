import type { Notification } from './notification'
import { invalidOption } from '../errors/codes'
import { checkName, checkPositiveInteger, notifierDefaults, type Notifier } from './notifier'
import { classifySmtpError, loadNodemailer, type MailTransport } from './smtp-transport'
import { parseSmtpUrl } from './smtp-url'
import { renderHtml } from './render-html'
import { renderText } from './render-text'

/** Options for {@link createEmailNotifier}. */
export interface EmailNotifierOptions {
  /** `SMTP_URL`: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465`. */
  smtpUrl: string
  /** Default 'Proactive <proactive@localhost>'. */
  from?: string
  /** Recipients (`ALERT_EMAILS`): an array or one comma-separated string. */
  to: string | readonly string[]
  /** Connection, greeting and socket timeout. Default 10_000. */
  timeoutMs?: number
  /** Default 'email'. */
  name?: string
}

/** The defaults of {@link EmailNotifierOptions}. */
export const emailNotifierDefaults = Object.freeze({
  from: 'Proactive <proactive@localhost>',
  timeoutMs: notifierDefaults.timeoutMs,
  name: 'email',
})

/** An email {@link Notifier}; `close()` releases the SMTP transport. */
export interface EmailNotifier extends Notifier {
  readonly recipients: readonly string[]
  close(): Promise<void>
}

/**
 * A {@link Notifier} that mails each notification (HTML and plain text) to all recipients via nodemailer,
 * an optional peer loaded on first send. SMTP 4xx and connection failures reject as retryable, 5xx not.
 *
 * @example
 * const email = createEmailNotifier({ smtpUrl: process.env.SMTP_URL!, to: process.env.ALERT_EMAILS! })
 * await email.send(predictionsNotification(predictions))
 */
export function createEmailNotifier(options: EmailNotifierOptions): EmailNotifier {
  const smtp = parseSmtpUrl(options.smtpUrl)
  const name = checkName('EmailNotifierOptions.name', options.name ?? emailNotifierDefaults.name)
  const timeoutMs = checkPositiveInteger(
    'EmailNotifierOptions.timeoutMs',
    options.timeoutMs ?? emailNotifierDefaults.timeoutMs,
  )
  const from = options.from ?? emailNotifierDefaults.from
  if (typeof from !== 'string' || !from.includes('@'))
    throw invalidOption('EmailNotifierOptions.from', 'an email address', from)
  const recipients = Object.freeze(parseRecipients(options.to))
  let transport: Promise<MailTransport> | undefined

  const open = () => {
    transport ??= loadNodemailer().then((nodemailer) =>
      nodemailer.createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        ...(smtp.user === undefined ? {} : { auth: { user: smtp.user, pass: smtp.pass ?? '' } }),
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
      }),
    )
    // A failed load is not cached, so installing nodemailer later works without a restart.
    transport.catch(() => (transport = undefined))
    return transport
  }

  const send = async (notification: Notification) => {
    const mailer = await open()
    try {
      await mailer.sendMail({
        from,
        to: [...recipients],
        subject: `[${notification.severity.toUpperCase()}] ${notification.title}`,
        text: renderText(notification),
        html: renderHtml(notification),
        priority: notification.severity === 'critical' ? 'high' : 'normal',
        headers: { 'X-Proactive-Notification-Id': notification.id },
      })
    } catch (error) {
      throw classifySmtpError(name, smtp, error)
    }
  }

  const close = async () => {
    const current = transport
    transport = undefined
    if (current) (await current.catch(() => undefined))?.close()
  }

  return Object.freeze({ name, recipients, send, close })
}

/**
 * Splits `ALERT_EMAILS`-style input into addresses, naming any that is not one.
 *
 * @example
 * parseRecipients('ops@example.com, oncall@example.com') // ['ops@example.com', 'oncall@example.com']
 */
export function parseRecipients(to: string | readonly string[]): string[] {
  const list = typeof to === 'string' ? to.split(',') : Array.isArray(to) ? [...to] : undefined
  if (!list)
    throw invalidOption('EmailNotifierOptions.to', 'an array or comma-separated list of addresses', to)
  const addresses = list
    .map((entry) => (typeof entry === 'string' ? entry.trim() : entry))
    .filter((a) => a !== '')
  for (const address of addresses)
    if (typeof address !== 'string' || !/^[^\s@<>,]+@[^\s@<>,]+$/.test(address))
      throw invalidOption('EmailNotifierOptions.to', 'email addresses such as ops@example.com', address)
  if (addresses.length === 0) throw invalidOption('EmailNotifierOptions.to', 'at least one email address', to)
  return addresses as string[]
}
