import { missingDependency } from '../errors/codes'
import { deliveryFailure, type DeliveryError } from './notifier'
import type { SmtpSettings } from './smtp-url'
import { isModuleNotFound } from '../errors/module-not-found'

/** The part of a nodemailer transport used here, typed by shape so nodemailer stays an optional peer. */
export interface MailTransport {
  sendMail(message: {
    from: string
    to: string[]
    subject: string
    text: string
    html: string
    priority: 'high' | 'normal' | 'low'
    headers: Record<string, string>
  }): Promise<unknown>
  close(): void
}

/** The part of the nodemailer module used here. */
export interface NodemailerModule {
  createTransport(options: {
    host: string
    port: number
    secure: boolean
    auth?: { user: string; pass: string }
    connectionTimeout: number
    greetingTimeout: number
    socketTimeout: number
  }): MailTransport
}

/**
 * Imports nodemailer on first use; rejects with `PROACTIVE_ERR_MISSING_DEPENDENCY` (not retryable) when absent.
 *
 * @example
 * const nodemailer = await loadNodemailer()
 */
export async function loadNodemailer(): Promise<NodemailerModule> {
  try {
    const loaded = (await import('nodemailer')) as unknown as {
      default?: NodemailerModule
    } & NodemailerModule
    return loaded.default ?? loaded
  } catch (error) {
    if (isModuleNotFound(error))
      throw Object.assign(missingDependency('nodemailer', 'email alerts'), { retryable: false, cause: error })
    throw error
  }
}

/** Connection-level failures that a later attempt may not meet. */
const transientCodes = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET'])

/**
 * Turns a nodemailer error into a delivery error: SMTP 4xx and connection problems are retryable,
 * SMTP 5xx (550 mailbox unavailable, 535 bad credentials) are not. The password never appears.
 *
 * @example
 * throw classifySmtpError('email', smtp, error) // email notifier: smtp://alerts:***@mail:587 rejected the message: 550 …
 */
export function classifySmtpError(notifier: string, smtp: SmtpSettings, error: unknown): DeliveryError {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown }
  const raw = error instanceof Error ? error.message : String(error)
  const reason = smtp.pass === undefined || smtp.pass === '' ? raw : raw.replaceAll(smtp.pass, '***')
  if (typeof responseCode === 'number' && responseCode >= 400)
    return deliveryFailure(notifier, `${smtp.masked} rejected the message: ${reason}`, {
      retryable: responseCode < 500,
      cause: error,
    })
  const retryable = typeof code !== 'string' || transientCodes.has(code)
  const label = typeof code === 'string' ? ` (${code})` : ''
  return deliveryFailure(notifier, `sending through ${smtp.masked} failed${label}: ${reason}`, {
    retryable,
    cause: error,
  })
}
