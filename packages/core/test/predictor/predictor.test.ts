import { describe, expect, it } from 'vitest'
import type { Prediction } from '../../src/predictor/prediction'
import { EventBus } from '../../src/events/event-bus'
import { silentLogger } from '../../src/logging/logger'
import { createPredictor, type PredictionKindDefinition } from '../../src/predictor/predictor'
import { createMemoryStorage } from '../../src/storage/memory-storage'

// A kind with a known answer: predicts 'queue_full' while queue.depth is above 100.
const queueFull: PredictionKindDefinition = {
  kind: 'queue_full',
  metrics: ['queue.depth'],
  create: ({ metric, labels }) => ({
    update: (time, value) =>
      value > 100
        ? {
            kind: 'queue_full',
            metric,
            labels,
            probability: value > 150 ? 0.9 : 0.6,
            severity: value > 150 ? 'critical' : 'warning',
            etaSeconds: 60,
            message: `queue ${labels.queue ?? ''} at ${value}`,
            recommendation: 'add workers',
            time,
          }
        : undefined,
  }),
}

async function setup(kinds: PredictionKindDefinition[] = [queueFull], maxSeriesPerKind?: number) {
  const events = new EventBus()
  const storage = createMemoryStorage()
  await storage.init()
  const predictor = createPredictor({
    events,
    storage,
    logger: silentLogger,
    kinds,
    latestValue: () => undefined,
    ...(maxSeriesPerKind ? { maxSeriesPerKind } : {}),
  })
  const raised: Prediction[] = []
  const cleared: Prediction[] = []
  events.on('prediction', (p) => raised.push(p))
  events.on('prediction.cleared', (p) => cleared.push(p))
  return { predictor, events, storage, raised, cleared }
}

const sample = (value: number, time: number, queue = 'mail') => ({
  metric: 'queue.depth',
  value,
  time,
  labels: { queue },
})

describe('createPredictor', () => {
  it('feeds each series of a watched metric to its own predictor and publishes what it predicts', async () => {
    const { predictor, raised } = await setup()
    predictor.observe([
      sample(50, 1_000),
      sample(120, 1_000, 'sms'),
      { metric: 'cpu.utilization', value: 99, time: 1_000 },
    ])
    expect(raised.map((p) => p.message)).toEqual(['queue sms at 120'])
    expect(predictor.predictions()).toHaveLength(1)
  })

  it('publishes again only when the severity changes, and clears when the predictor stops predicting', async () => {
    const { predictor, raised, cleared } = await setup()
    for (const [value, time] of [
      [120, 1],
      [130, 2],
      [160, 3],
      [170, 4],
      [20, 5],
    ] as const)
      predictor.observe([sample(value, time)])
    expect(raised.map((p) => p.severity)).toEqual(['warning', 'critical'])
    expect(cleared.map((p) => p.message)).toEqual(['queue mail at 170'])
    expect(predictor.predictions()).toEqual([])
  })

  it('stores predictions, and stores a lasting one again every restore interval', async () => {
    const { predictor, storage } = await setup()
    for (let minute = 0; minute <= 10; minute++) predictor.observe([sample(120, minute * 60_000)])
    await new Promise((resolve) => setImmediate(resolve))
    const stored = await storage.listRecords('predictions')
    expect(stored.map((r) => r.time)).toEqual([600_000, 300_000, 0])
  })

  it('orders predictions by severity, then probability', async () => {
    const { predictor } = await setup()
    predictor.observe([sample(120, 1, 'a'), sample(200, 1, 'b'), sample(110, 1, 'c')])
    expect(predictor.predictions().map((p) => p.labels?.queue)).toEqual(['b', 'a', 'c'])
  })

  it('tracks at most maxSeriesPerKind series per kind and counts the samples it ignores', async () => {
    const { predictor } = await setup([queueFull], 2)
    predictor.observe([sample(120, 1, 'a'), sample(120, 1, 'b'), sample(120, 1, 'c')])
    expect(predictor.predictions()).toHaveLength(2)
    expect(predictor.ignoredSamples).toBe(1)
  })

  it("feeds every metric to a kind that watches '*'", async () => {
    const seen: string[] = []
    const everything: PredictionKindDefinition = {
      kind: 'spy',
      metrics: ['*'],
      create: ({ metric }) => ({ update: () => void seen.push(metric) }),
    }
    const { predictor } = await setup([everything])
    predictor.observe([sample(1, 1), { metric: 'cpu.utilization', value: 1, time: 1 }])
    expect(seen).toEqual(['queue.depth', 'cpu.utilization'])
  })

  it('isolates a kind that throws and publishes the failure', async () => {
    const broken: PredictionKindDefinition = {
      kind: 'broken',
      metrics: ['queue.depth'],
      create: () => ({
        update: () => {
          throw new Error('bad math')
        },
      }),
    }
    const { predictor, events, raised } = await setup([broken, queueFull])
    const failures: string[] = []
    events.on('internal-error', (_error, context) => failures.push(context.component))
    predictor.observe([sample(120, 1)])
    expect(failures).toEqual(['predictor:broken'])
    expect(raised).toHaveLength(1)
  })

  it('rejects a horizon that is not a positive integer', () => {
    expect(() =>
      createPredictor({
        events: new EventBus(),
        storage: createMemoryStorage(),
        logger: silentLogger,
        kinds: [],
        latestValue: () => undefined,
        horizonMs: 0,
      }),
    ).toThrow('horizonMs must be a positive integer, received 0')
  })
})
