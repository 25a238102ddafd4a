import { afterEach, expect } from 'vitest'
import type { DeliveryError } from '../../src/notifiers/notifier'
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request as the receiver saw it. */
export interface ReceivedRequest {
  readonly path: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
  /** `now()` of the test's clock when the request arrived. */
  readonly arrivedAt: number
}

/** A local HTTP server on 127.0.0.1 that records requests and answers as told. */
export interface HttpReceiver {
  readonly url: string
  readonly requests: ReceivedRequest[]
  close(): Promise<void>
}

/** Starts a receiver; `reply` answers each request (default: Slack's 200 'ok'). */
export async function startHttpReceiver(
  reply: (response: ServerResponse, request: ReceivedRequest) => void = (response) => response.end('ok'),
  now: () => number = Date.now,
): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = []
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = []
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
    incoming.on('end', () => {
      const request = {
        path: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        arrivedAt: now(),
      }
      requests.push(request)
      reply(response, request)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/services/T0001/B0002/secret-token`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * For a test file: returns `receive`, which starts a receiver that is closed after each test.
 *
 * @example
 * const receive = useHttpReceivers()
 * const slack = await receive()
 */
export function useHttpReceivers(): (...args: Parameters<typeof startHttpReceiver>) => Promise<HttpReceiver> {
  const receivers: HttpReceiver[] = []
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((receiver) => receiver.close()))
  })
  return async (...args) => {
    const receiver = await startHttpReceiver(...args)
    receivers.push(receiver)
    return receiver
  }
}

/** The error a send must reject with, or a failed expectation when it resolved. */
export const deliveryFailureOf = (promise: Promise<unknown>): Promise<DeliveryError> =>
  promise.then(
    () => expect.fail('send should have rejected'),
    (error: DeliveryError) => error,
  )
