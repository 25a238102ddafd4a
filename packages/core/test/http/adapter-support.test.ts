import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { Proactive } from '../../src/proactive-types'
import {
  captureRequestError,
  errorResponse,
  internalErrorResponse,
  isBelowPrefix,
  normalizePrefix,
  readJsonBody,
  recordRequest,
  toProactiveRequest,
} from '../../src/http/adapter-support'
import { badRequest } from '../../src/errors/codes'
import { startTestProactive } from '../support/test-proactive'

let proactive: Proactive | undefined
afterEach(async () => {
  await proactive?.stop()
  proactive = undefined
})

async function start() {
  ;({ proactive } = await startTestProactive({ 'cpu.utilization': [10] }))
  return proactive
}

describe('normalizePrefix and isBelowPrefix', () => {
  it('adds the leading slash and drops trailing ones', () => {
    expect(normalizePrefix('proactive/')).toBe('/proactive')
    expect(normalizePrefix(' /ops/proactive// ')).toBe('/ops/proactive')
    expect(normalizePrefix('/')).toBe('')
  })

  it('treats the prefix itself and paths below it as inside, and look-alike paths as outside', () => {
    expect(isBelowPrefix('/proactive', '/proactive')).toBe(true)
    expect(isBelowPrefix('/proactive/health', '/proactive')).toBe(true)
    expect(isBelowPrefix('/proactive-admin', '/proactive')).toBe(false)
  })
})

describe('toProactiveRequest', () => {
  it('strips the prefix and splits the query string', () => {
    const request = toProactiveRequest({
      method: 'get',
      url: '/proactive/metrics/history?metric=cpu',
      prefix: '/proactive',
      headers: {},
    })
    expect(request).toMatchObject({ method: 'GET', path: '/metrics/history' })
    expect(request.query.get('metric')).toBe('cpu')
    expect('body' in request).toBe(false)
  })
})

describe('recordRequest', () => {
  it('groups requests without a route template under UNMATCHED', async () => {
    const instance = await start()
    recordRequest(instance, { method: 'GET', route: undefined, statusCode: 404, durationMs: 1 })
    expect(instance.http.routes()).toEqual(['GET UNMATCHED'])
  })

  it('never throws when the recorder fails, and reports an internal error instead', async () => {
    const instance = await start()
    const reported: string[] = []
    instance.events.on('internal-error', (_error, context) => reported.push(context.component))
    instance.http.record = () => {
      throw new Error('recorder broke')
    }
    expect(() =>
      recordRequest(instance, { method: 'GET', route: '/x', statusCode: 200, durationMs: 1 }),
    ).not.toThrow()
    expect(reported).toEqual(['http-recorder'])
  })
})

describe('captureRequestError', () => {
  it('derives the status from the error when the adapter does not know it yet', async () => {
    const instance = await start()
    captureRequestError(instance, Object.assign(new Error('gone'), { status: 410 }), {
      method: 'GET',
      route: '/a',
    })
    captureRequestError(instance, Object.assign(new Error('odd'), { statusCode: 302 }), {
      method: 'GET',
      route: undefined,
    })
    captureRequestError(instance, 'a string', { method: 'POST', route: '/b', statusCode: 502 })
    const [third, second, first] = instance.recentExceptions()
    expect(first).toMatchObject({ message: 'gone', route: '/a', statusCode: 410 })
    expect(second).toMatchObject({ message: 'odd', statusCode: 500 })
    expect(second && 'route' in second).toBe(false)
    expect(third).toMatchObject({ message: 'a string', route: '/b', statusCode: 502 })
  })
})

describe('errorResponse', () => {
  it('keeps the code and status of a ProactiveError as a JSON error', () => {
    const response = errorResponse(badRequest('body', 'not valid JSON'))
    expect(response.status).toBe(400)
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(JSON.parse(response.body)).toEqual({
      error: { code: 'PROACTIVE_ERR_BAD_REQUEST', message: 'body: not valid JSON', statusCode: 400 },
    })
  })

  it('turns anything else into the generic 500', () => {
    expect(errorResponse(new Error('secret detail'))).toEqual(internalErrorResponse())
    expect(errorResponse(new Error('secret detail')).body).not.toContain('secret')
  })
})

describe('readJsonBody', () => {
  // A real server, so the stream, the limit and the 400 answer behave as in production.
  async function post(
    body: string | ReadableStream<Uint8Array>,
    options: { method?: string; maxBodyBytes?: number } = {},
  ) {
    const server = createServer((request: IncomingMessage, response) => {
      readJsonBody(request, options.maxBodyBytes).then(
        (parsed) => response.end(JSON.stringify({ parsed: parsed ?? null })),
        (error: unknown) => {
          const answer = errorResponse(error)
          response.writeHead(answer.status, answer.headers).end(answer.body)
        },
      )
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const method = options.method ?? 'POST'
      const response = await fetch(`http://127.0.0.1:${port}/`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(method === 'GET' ? {} : { body, duplex: 'half' }),
      } as RequestInit)
      return {
        status: response.status,
        body: (await response.json()) as { parsed?: unknown; error: { code: string; message: string } },
      }
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  }

  it('parses a JSON body', async () => {
    expect(await post('{"dryRun":true}')).toEqual({ status: 200, body: { parsed: { dryRun: true } } })
  })

  it('resolves undefined for an empty body and for GET', async () => {
    expect((await post('')).body).toEqual({ parsed: null })
    expect((await post('', { method: 'GET' })).body).toEqual({ parsed: null })
  })

  it('rejects malformed JSON with a 400 naming the body', async () => {
    const { status, body } = await post('{"dryRun":')
    expect(status).toBe(400)
    expect(body.error.message).toMatch(/^body: not valid JSON/)
  })

  it('rejects a body over the limit with a 400 that still reaches the client', async () => {
    const { status, body } = await post(JSON.stringify({ padding: 'x'.repeat(2000) }), { maxBodyBytes: 1000 })
    expect(status).toBe(400)
    expect(body.error.message).toBe('body: larger than the limit of 1000 bytes; send a smaller JSON body')
  })

  it('stops reading a chunked body without a length as soon as it passes the limit', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(600))
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 4) controller.enqueue(chunk)
        else controller.close()
      },
    })
    const { status, body } = await post(stream, { maxBodyBytes: 1000 })
    expect(status).toBe(400)
    expect(body.error.code).toBe('PROACTIVE_ERR_BAD_REQUEST')
  })
})
