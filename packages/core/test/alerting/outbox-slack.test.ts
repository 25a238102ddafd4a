import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { createFakeClock, type FakeClock } from '../../src/clock/fake-clock'
import { createOutbox, type Outbox } from '../../src/alerting/outbox'
import { createSlackNotifier } from '../../src/notifiers/slack-notifier'
import { createMemoryStorage } from '../../src/storage/memory-storage'
import { startHttpReceiver, type HttpReceiver, type ReceivedRequest } from '../notifiers/http-receiver'
import { countById, note, runFor } from './outbox-helpers'

const start = Date.parse('2026-01-01T00:00:00Z')
const receivers: HttpReceiver[] = []
const outboxes: Outbox[] = []

afterEach(async () => {
  await Promise.all(outboxes.splice(0).map((outbox) => outbox.stop()))
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()))
})

/** A local Slack that answers with `reply` and records what it accepted (2xx) by alert id. */
async function slackReceiver(
  clock: FakeClock,
  reply: (response: ServerResponse, request: ReceivedRequest) => void,
) {
  const accepted: { id: string; at: number }[] = []
  const receiver = await startHttpReceiver(
    (response, request) => {
      reply(response, request)
      if (response.statusCode < 300) accepted.push({ id: alertId(request), at: request.arrivedAt })
    },
    () => clock.now(),
  )
  receivers.push(receiver)
  return Object.assign(receiver, { accepted })
}

/** The alert id, read back from the Slack text fallback (`alert <id>`). */
function alertId(request: ReceivedRequest): string {
  const text = (JSON.parse(request.body) as { text: string }).text
  return /alert (\S+)/.exec(text)?.[1] ?? '?'
}

async function outboxFor(clock: FakeClock, webhooks: Record<string, string>) {
  const storage = createMemoryStorage()
  await storage.init()
  const notifiers = Object.fromEntries(
    Object.entries(webhooks).map(([name, webhookUrl]) => [
      name,
      // minIntervalMs 0: the spacer would wait on the fake clock; the outbox already sends one at a time.
      createSlackNotifier({ webhookUrl, clock, minIntervalMs: 0, name }),
    ]),
  )
  const outbox = createOutbox({ clock, storage, notifiers, retry: { jitter: 0 } })
  outboxes.push(outbox)
  await outbox.start()
  return outbox
}

describe('createOutbox with a local Slack receiver', () => {
  it('retries 500, 500, then 200 after 1 s and 2 s, and the alert arrives once', async () => {
    const clock = createFakeClock({ now: start })
    let answers = 0
    const slack = await slackReceiver(clock, (response) => {
      if (answers++ < 2) response.writeHead(500).end('internal_error')
      else response.end('ok')
    })
    const outbox = await outboxFor(clock, { slack: slack.url })

    await outbox.enqueue('slack', note('cpu'))
    await runFor(clock, outbox, 30_000)

    // Sent: 'cpu' once. Arrived: 3 requests at 0 s, 1 s and 3 s, accepted once. Lost: nothing.
    expect(slack.requests.map((request) => request.arrivedAt - start)).toEqual([0, 1_000, 3_000])
    expect(slack.accepted).toEqual([{ id: 'cpu', at: start + 3_000 }])
    expect(outbox.stats()).toMatchObject({ pending: 0, delivered: 1, failed: 0, dropped: 0 })
    expect(outbox.list('delivered')).toMatchObject([{ id: 'slack:cpu', attempts: 3 }])
  })

  it('waits the 5 s of Retry-After after a 429, not the 1 s backoff', async () => {
    const clock = createFakeClock({ now: start })
    let answers = 0
    const slack = await slackReceiver(clock, (response) => {
      if (answers++ === 0) response.writeHead(429, { 'retry-after': '5' }).end('rate_limited')
      else response.end('ok')
    })
    const outbox = await outboxFor(clock, { slack: slack.url })

    await outbox.enqueue('slack', note('disk'))
    await runFor(clock, outbox, 30_000)

    // Sent: 'disk' once. Arrived: at 0 s (429) and at 5 s (accepted). Lost: nothing.
    expect(slack.requests.map((request) => request.arrivedAt - start)).toEqual([0, 5_000])
    expect(slack.accepted).toEqual([{ id: 'disk', at: start + 5_000 }])
  })

  it('marks a 400 failed without retrying', async () => {
    const clock = createFakeClock({ now: start })
    const slack = await slackReceiver(clock, (response) => response.writeHead(400).end('invalid_payload'))
    const outbox = await outboxFor(clock, { slack: slack.url })

    await outbox.enqueue('slack', note('bad'))
    await runFor(clock, outbox, 10 * 60_000, 5_000)

    // Sent: 'bad' once. Arrived: one request, refused. Not lost: kept as failed, with the reason.
    expect(slack.requests).toHaveLength(1)
    expect(slack.accepted).toEqual([])
    expect(outbox.list('failed')).toMatchObject([
      { id: 'slack:bad', attempts: 1, lastError: expect.stringContaining('400') },
    ])
    expect(outbox.stats()).toMatchObject({ pending: 0, delivered: 0, failed: 1 })
  })

  it('loses nothing while two receivers are down for 10 minutes: all arrive after recovery, each once, in order', async () => {
    const clock = createFakeClock({ now: start })
    let down = true
    const reply = (response: ServerResponse) => {
      if (down) response.writeHead(503).end('down')
      else response.end('ok')
    }
    const ops = await slackReceiver(clock, reply)
    const team = await slackReceiver(clock, reply)
    const outbox = await outboxFor(clock, { ops: ops.url, team: team.url })

    const sent = ['a', 'b', 'c', 'd', 'e']
    for (const id of sent) {
      await outbox.enqueue('ops', note(id))
      await outbox.enqueue('team', note(id))
      await runFor(clock, outbox, 30_000, 1_000)
    }
    await runFor(clock, outbox, 10 * 60_000 - sent.length * 30_000, 1_000)
    expect(ops.accepted).toEqual([])
    expect(team.accepted).toEqual([])
    expect(outbox.stats()).toMatchObject({ pending: 10, delivered: 0, failed: 0, dropped: 0 })

    down = false
    // The longest backoff is 5 minutes, so every entry is delivered within the next 5.
    await runFor(clock, outbox, 5 * 60_000, 1_000)

    // Sent: a–e to each receiver. Arrived: all of them, once each, in order. Lost: nothing.
    for (const receiver of [ops, team]) {
      expect(receiver.accepted.map((call) => call.id)).toEqual(sent)
      expect(countById(receiver.accepted)).toEqual({ a: 1, b: 1, c: 1, d: 1, e: 1 })
    }
    expect(outbox.stats()).toMatchObject({ pending: 0, delivered: 10, failed: 0, dropped: 0 })
  })
})
