import { describe, expect, it } from 'vitest'
import { createFakeClock } from '../../src/clock/fake-clock'
import { createSlackNotifier, slackNotifierDefaults } from '../../src/notifiers/slack-notifier'
import { criticalIssuesNotification, predictionsNotification } from '../../src/notifiers/notification'
import type { SlackMessage } from '../../src/notifiers/render-slack'
import { deliveryFailureOf, useHttpReceivers } from './http-receiver'
import { cpuIssue, diskPrediction, memoryIssue, start } from './fixtures'

const alert = criticalIssuesNotification([cpuIssue, memoryIssue], 'Auto-scaling initiated')
const receive = useHttpReceivers()
const failure = deliveryFailureOf

describe('createSlackNotifier', () => {
  it('posts Block Kit blocks within limits and the text fallback, with the numbers filled in', async () => {
    const slack = await receive()
    const notifier = createSlackNotifier({
      webhookUrl: slack.url,
      username: 'Proactive',
      iconEmoji: ':rotating_light:',
    })
    await notifier.send(alert)

    expect(slack.requests).toHaveLength(1)
    const [request] = slack.requests
    expect(request?.headers['content-type']).toBe('application/json; charset=utf-8')
    const message = JSON.parse(request?.body ?? '') as SlackMessage & { username: string; icon_emoji: string }
    expect(message.text).toContain('🚨 Critical System Issues Detected')
    expect(message.text).toContain('• CPU at 92% (threshold: 85%)')
    expect(message.text).toContain('Action: Auto-scaling initiated')
    expect(message.blocks.length).toBeLessThanOrEqual(50)
    expect(JSON.stringify(message.blocks)).toContain('Memory at 94% (threshold: 90%)')
    expect(message).toMatchObject({ username: 'Proactive', icon_emoji: ':rotating_light:' })
  })

  it('rejects a 429 as retryable with Retry-After in seconds, without showing the webhook secret', async () => {
    const slack = await receive((response) => {
      response.writeHead(429, { 'retry-after': '2' }).end('rate_limited')
    })
    const error = await failure(createSlackNotifier({ webhookUrl: slack.url }).send(alert))
    expect(error).toMatchObject({ code: 'PROACTIVE_ERR_DELIVERY', retryable: true, retryAfterMs: 2_000 })
    expect(error.details).toMatchObject({ notifier: 'slack', retryable: true, retryAfterMs: 2_000 })
    expect(error.message).toContain('/services/T***')
    expect(error.message).toContain('429')
    expect(error.message).not.toContain('secret-token')
    expect(error.message).not.toContain('B0002')
  })

  it('reads a Retry-After HTTP date relative to the clock', async () => {
    const clock = createFakeClock({ now: start })
    const slack = await receive((response) => {
      response.writeHead(429, { 'retry-after': new Date(start + 5_000).toUTCString() }).end()
    })
    const error = await failure(createSlackNotifier({ webhookUrl: slack.url, clock }).send(alert))
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 5_000 })
  })

  it('holds the next message to the same webhook until Retry-After has passed', async () => {
    const clock = createFakeClock({ now: start })
    let answered = 0
    const slack = await receive(
      (response) => {
        if (answered++ === 0) response.writeHead(429, { 'retry-after': '3' }).end()
        else response.end('ok')
      },
      () => clock.now(),
    )
    const notifier = createSlackNotifier({ webhookUrl: slack.url, clock })
    await failure(notifier.send(alert))
    const second = notifier.send(alert)
    await clock.advance(2_999)
    expect(slack.requests).toHaveLength(1)
    await clock.advance(1)
    await second
    expect(slack.requests.map((request) => request.arrivedAt - start)).toEqual([0, 3_000])
  })

  it('rejects a 500 as retryable', async () => {
    const slack = await receive((response) => response.writeHead(500).end('internal_error'))
    const error = await failure(createSlackNotifier({ webhookUrl: slack.url }).send(alert))
    expect(error).toMatchObject({ code: 'PROACTIVE_ERR_DELIVERY', retryable: true })
    expect(error.retryAfterMs).toBeUndefined()
  })

  it('rejects an answer slower than timeoutMs as retryable', async () => {
    const slack = await receive((response) => {
      setTimeout(() => response.end('ok'), 2_000).unref()
    })
    const began = performance.now()
    const error = await failure(createSlackNotifier({ webhookUrl: slack.url, timeoutMs: 100 }).send(alert))
    expect(performance.now() - began).toBeLessThan(1_500)
    expect(error).toMatchObject({ retryable: true })
    expect(error.message).toContain('did not answer within 100ms')
    expect(slack.requests).toHaveLength(1)
  })

  it.each([
    [400, 'invalid_payload'],
    [403, 'invalid_token'],
    [404, 'no_service'],
  ])('rejects %i %s as not retryable, quoting Slack’s reason', async (status, reason) => {
    const slack = await receive((response) => response.writeHead(status).end(reason))
    const error = await failure(createSlackNotifier({ webhookUrl: slack.url }).send(alert))
    expect(error).toMatchObject({ code: 'PROACTIVE_ERR_DELIVERY', retryable: false })
    expect(error.message).toContain(`${status} "${reason}"`)
  })

  it('rejects an unreachable webhook as retryable', async () => {
    const slack = await receive()
    await slack.close()
    const error = await failure(createSlackNotifier({ webhookUrl: slack.url }).send(alert))
    expect(error).toMatchObject({ retryable: true })
    expect(error.message).toContain('ECONNREFUSED')
    expect(error.message).not.toContain('secret-token')
  })

  it('spaces two back-to-back messages at least one second apart, in order', async () => {
    const clock = createFakeClock({ now: start })
    const slack = await receive(undefined, () => clock.now())
    const notifier = createSlackNotifier({ webhookUrl: slack.url, clock })
    const first = notifier.send(alert)
    const second = notifier.send(predictionsNotification([diskPrediction]))
    await first
    expect(slack.requests).toHaveLength(1)
    await clock.advance(999)
    expect(slack.requests).toHaveLength(1)
    await clock.advance(1)
    await second
    expect(slack.requests.map((request) => request.arrivedAt - start)).toEqual([0, 1_000])
    expect(slack.requests[1]?.body).toContain('Potential Issues Predicted')
  })

  it('refuses, as retryable, a message beyond maxQueued instead of growing the queue', async () => {
    const clock = createFakeClock({ now: start })
    const slack = await receive()
    const notifier = createSlackNotifier({ webhookUrl: slack.url, clock, maxQueued: 2 })
    const sent = [notifier.send(alert), notifier.send(alert)]
    const error = await failure(notifier.send(alert))
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 2_000 })
    await clock.advance(1_000)
    await Promise.all(sent)
    expect(slack.requests).toHaveLength(2)
  })

  it('validates its options, naming the option but never the webhook secret', () => {
    expect(slackNotifierDefaults).toEqual({
      timeoutMs: 10_000,
      minIntervalMs: 1_000,
      maxQueued: 100,
      name: 'slack',
    })
    expect(Object.isFrozen(slackNotifierDefaults)).toBe(true)
    expect(() => createSlackNotifier({ webhookUrl: 'ftp://hooks.slack.com/services/T1/B2/secret' })).toThrow(
      'SlackNotifierOptions.webhookUrl must be an http(s) URL, received "ftp://hooks.slack.com/services/T***"',
    )
    expect(() => createSlackNotifier({ webhookUrl: 'https://hooks.slack.com/x', timeoutMs: -1 })).toThrow(
      'SlackNotifierOptions.timeoutMs must be a positive integer, received -1',
    )
    expect(() =>
      createSlackNotifier({ webhookUrl: 'https://hooks.slack.com/x', minIntervalMs: 0.5 }),
    ).toThrow('SlackNotifierOptions.minIntervalMs must be a non-negative integer, received 0.5')
  })
})
