import { createHmac, timingSafeEqual } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createFakeClock } from '../../src/clock/fake-clock'
import { createWebhookNotifier, signWebhookBody } from '../../src/notifiers/webhook-notifier'
import { criticalIssuesNotification } from '../../src/notifiers/notification'
import { deliveryFailureOf, useHttpReceivers } from './http-receiver'
import { cpuIssue, start } from './fixtures'

const alert = criticalIssuesNotification([cpuIssue], 'Auto-scaling initiated')
const receive = useHttpReceivers()
const failure = deliveryFailureOf

describe('createWebhookNotifier', () => {
  it('posts the notification as JSON with the extra headers', async () => {
    const receiver = await receive()
    await createWebhookNotifier({ url: receiver.url, headers: { authorization: 'Bearer t0k' } }).send(alert)
    const [request] = receiver.requests
    expect(JSON.parse(request?.body ?? '')).toEqual(JSON.parse(JSON.stringify(alert)))
    expect(request?.headers).toMatchObject({
      authorization: 'Bearer t0k',
      'content-type': 'application/json; charset=utf-8',
    })
    expect(request?.headers['x-proactive-signature']).toBeUndefined()
  })

  it('signs the raw body with the secret so the receiver can verify it, and stamps the time', async () => {
    const clock = createFakeClock({ now: start })
    const receiver = await receive()
    await createWebhookNotifier({ url: receiver.url, secret: 'shh', clock }).send(alert)
    const [request] = receiver.requests
    const expected = Buffer.from(
      `sha256=${createHmac('sha256', 'shh')
        .update(request?.body ?? '')
        .digest('hex')}`,
    )
    const received = Buffer.from(String(request?.headers['x-proactive-signature']))
    expect(received.length === expected.length && timingSafeEqual(received, expected)).toBe(true)
    expect(request?.headers['x-proactive-timestamp']).toBe(String(start / 1000))
    expect(signWebhookBody(request?.body ?? '', 'other secret')).not.toBe(String(received))
  })

  it.each([
    [429, true],
    [503, true],
    [408, true],
    [400, false],
    [410, false],
  ])('treats status %i as retryable: %s', async (status, retryable) => {
    const receiver = await receive((response) => response.writeHead(status).end())
    const error = await failure(createWebhookNotifier({ url: receiver.url }).send(alert))
    expect(error).toMatchObject({ code: 'PROACTIVE_ERR_DELIVERY', retryable })
  })

  it('does not follow a redirect with the signed body; it rejects as not retryable', async () => {
    const receiver = await receive((response) =>
      response.writeHead(301, { location: 'http://example.com/' }).end(),
    )
    const error = await failure(createWebhookNotifier({ url: receiver.url, secret: 'shh' }).send(alert))
    expect(error).toMatchObject({ retryable: false })
    expect(error.message).toContain('update the URL')
  })

  it('rejects a slow receiver as retryable once timeoutMs has passed', async () => {
    const receiver = await receive((response) => void setTimeout(() => response.end(), 2_000).unref())
    const error = await failure(createWebhookNotifier({ url: receiver.url, timeoutMs: 100 }).send(alert))
    expect(error).toMatchObject({ retryable: true })
  })

  it('validates its options without printing the secret', () => {
    expect(() => createWebhookNotifier({ url: 'not a url' })).toThrow(
      'WebhookNotifierOptions.url must be an http(s) URL, received "(invalid URL)"',
    )
    expect(() => createWebhookNotifier({ url: 'https://example.com/hook', secret: '' })).toThrow(
      'WebhookNotifierOptions.secret must be a non-empty string, received "string"',
    )
  })
})
