import { invalidOption } from '../errors/codes'

/** The SMTP connection settings read from an `smtp://` or `smtps://` URL. */
export interface SmtpSettings {
  readonly host: string
  readonly port: number
  /** True for `smtps://` (TLS from the first byte); `smtp://` upgrades with STARTTLS when offered. */
  readonly secure: boolean
  readonly user?: string
  readonly pass?: string
  /** The URL with the password replaced by `***`, for messages. */
  readonly masked: string
}

/**
 * Parses `SMTP_URL` (`smtp://user:pass@host:587`, `smtps://host:465`); errors never print the password.
 *
 * @example
 * parseSmtpUrl('smtp://alerts:s3cret@mail.example.com:587') // { host: 'mail.example.com', port: 587, secure: false, user: 'alerts', … }
 */
export function parseSmtpUrl(value: unknown, name = 'EmailNotifierOptions.smtpUrl'): SmtpSettings {
  let url: URL | undefined
  try {
    url = typeof value === 'string' ? new URL(value) : undefined
  } catch {
    url = undefined
  }
  const expected = 'an smtp:// or smtps:// URL such as smtp://user:pass@host:587'
  if (!url) throw invalidOption(name, expected, typeof value === 'string' ? maskPassword(value) : value)
  const masked = maskPassword(value as string)
  if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || url.hostname === '')
    throw invalidOption(name, expected, masked)
  const secure = url.protocol === 'smtps:'
  const user = url.username === '' ? undefined : decodeURIComponent(url.username)
  const pass = url.password === '' ? undefined : decodeURIComponent(url.password)
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
    secure,
    ...(user === undefined ? {} : { user }),
    ...(pass === undefined ? {} : { pass }),
    masked,
  }
}

/**
 * Replaces the password of a URL-like string with `***`.
 *
 * @example
 * maskPassword('smtp://user:pass@host:587') // 'smtp://user:***@host:587'
 */
export function maskPassword(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*):[^@/]*@/i, '$1:***@')
}
