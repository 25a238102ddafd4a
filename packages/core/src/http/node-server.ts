import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Proactive } from '../proactive-types'
import type { ProactiveResponse } from './route-types'
import { invalidOption, listenFailed } from '../errors/codes'
import {
  defaultMaxBodyBytes,
  errorResponse,
  internalErrorResponse,
  readJsonBody,
  toProactiveRequest,
} from './adapter-support'
import { proactiveDefaults } from '../proactive-defaults'

/** Options for {@link createProactiveServer}. */
export interface ProactiveServerOptions {
  /** Default 127.0.0.1: the server is private unless told otherwise. */
  host?: string
  /** Default 8004 (the Proactive Monitor); 0 picks a free port. */
  port?: number
  /** Largest accepted request body. Default 1 MiB. */
  maxBodyBytes?: number
}

/** The standalone HTTP server: the route table on node:http, with no framework. */
export interface ProactiveServer {
  /** Binds and resolves with the address actually used. */
  listen(): Promise<{ host: string; port: number; url: string }>
  close(): Promise<void>
  readonly server: Server
}

/**
 * Serves a Proactive instance's endpoints on their own port, as `proactive start` does.
 *
 * @example
 * const server = createProactiveServer(proactive, { port: 0 })
 * const { url } = await server.listen()
 * await fetch(`${url}/health`)
 */
export function createProactiveServer(
  proactive: Proactive,
  options: ProactiveServerOptions = {},
): ProactiveServer {
  const host = options.host ?? proactiveDefaults.host
  const port = options.port ?? proactiveDefaults.ports.monitor
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw invalidOption('port', 'an integer from 0 to 65535', port)

  const server = createServer((request, response) => {
    void answer(proactive, request, maxBodyBytes).then(
      (result) => send(response, result),
      (error: unknown) => {
        proactive.logger.error({ err: error }, 'standalone server failed to answer')
        send(response, internalErrorResponse())
      },
    )
  })
  server.keepAliveTimeout = 5000

  return {
    server,
    listen: () =>
      new Promise((resolve, reject) => {
        const onError = (error: NodeJS.ErrnoException) =>
          reject(listenFailed(host, port, error.code ?? error.message))
        server.once('error', onError)
        server.listen(port, host, () => {
          server.off('error', onError)
          const address = server.address() as AddressInfo
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
          resolve({ host: address.address, port: address.port, url: `http://${shownHost}:${address.port}` })
        })
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
      }),
  }
}

async function answer(
  proactive: Proactive,
  request: IncomingMessage,
  maxBodyBytes: number,
): Promise<ProactiveResponse> {
  let body: unknown
  try {
    body = await readJsonBody(request, maxBodyBytes)
  } catch (error) {
    return errorResponse(error)
  }
  return proactive.routes.handle(
    toProactiveRequest({
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      prefix: '',
      headers: request.headers,
      ...(body === undefined ? {} : { body }),
    }),
  )
}

function send(response: ServerResponse, result: ProactiveResponse): void {
  if (response.headersSent) return
  response.writeHead(result.status, result.headers)
  response.end(result.body)
}
