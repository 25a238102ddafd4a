import type { AddressInfo } from 'node:net'
import { SMTPServer, type SMTPServerSession } from 'smtp-server'

/** One message as the SMTP server received it. */
export interface ReceivedMail {
  readonly from: string | undefined
  readonly recipients: string[]
  readonly raw: string
}

/** A local SMTP server on 127.0.0.1 (plain, no STARTTLS) that keeps what it receives. */
export interface SmtpReceiver {
  readonly port: number
  readonly mails: ReceivedMail[]
  close(): Promise<void>
}

/** Starts a receiver; `rejectWith` makes it refuse every message with that SMTP code after DATA. */
export async function startSmtpReceiver(
  options: { rejectWith?: number; user?: string; pass?: string } = {},
): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.pass)
        callback(null, { user: auth.username })
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }))
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        if (options.rejectWith !== undefined) {
          const message = options.rejectWith >= 500 ? 'Mailbox unavailable' : 'Try again later'
          callback(Object.assign(new Error(message), { responseCode: options.rejectWith }))
          return
        }
        mails.push({
          from: session.envelope.mailFrom === false ? undefined : session.envelope.mailFrom.address,
          recipients: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}
