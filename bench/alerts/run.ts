// pnpm bench:alerts — notifications per second through the alert manager and the durable outbox, and
// samples written per second, for each storage backend. Env: BENCH_ALERTS (default 2000),
// BENCH_SAMPLES (default 100000), BENCH_POSTGRES_URL, BENCH_REDIS_URL.
import {
  createAlertManager,
  createOutbox,
  realClock,
  silentLogger,
  type Notification,
  type Notifier,
  type Sample,
  type Storage,
} from '@proactive/core'
import { backends } from './backends'

const alertCount = Number(process.env.BENCH_ALERTS ?? 2_000)
const sampleCount = Number(process.env.BENCH_SAMPLES ?? 100_000)

/** A receiver that accepts at once, so the numbers measure Proactive, not Slack. */
function countingNotifier(): Notifier & { received: Set<string> } {
  const received = new Set<string>()
  return {
    name: 'bench',
    received,
    send: async (notification: Notification) => void received.add(notification.id),
  }
}

async function notificationsPerSecond(storage: Storage): Promise<{ perSecond: number; delivered: number }> {
  const notifier = countingNotifier()
  const outbox = createOutbox({
    clock: realClock,
    storage,
    notifiers: { bench: notifier },
    logger: silentLogger,
    maxPending: alertCount * 2,
  })
  const manager = createAlertManager({
    clock: realClock,
    storage,
    sink: outbox,
    logger: silentLogger,
    groupWaitMs: 0,
    routes: { critical: ['bench'], warning: ['bench'] },
  })
  await outbox.start()
  await manager.start()
  const started = performance.now()
  // Every alert its own group (distinct alertname), each raised twice: the duplicate must not be sent.
  for (let i = 0; i < alertCount; i++)
    for (let copy = 0; copy < 2; copy++)
      manager.raise({
        labels: { alertname: `bench_${i}` },
        severity: i % 2 === 0 ? 'critical' : 'warning',
        status: 'firing',
        summary: `bench alert ${i}`,
        startsAt: Date.now(),
        source: 'host',
      })
  await manager.flush()
  while (notifier.received.size < alertCount) {
    await outbox.flush()
    if (performance.now() - started > 120_000) break
  }
  const seconds = (performance.now() - started) / 1000
  await manager.stop()
  await outbox.stop()
  return { perSecond: notifier.received.size / seconds, delivered: notifier.received.size }
}

async function samplesPerSecond(storage: Storage): Promise<number> {
  const batch = 500
  const series = 50
  const time0 = Date.now()
  const started = performance.now()
  for (let written = 0; written < sampleCount; written += batch) {
    const samples: Sample[] = []
    for (let i = 0; i < batch; i++) {
      const n = written + i
      samples.push({
        metric: 'bench.value',
        labels: { series: String(n % series) },
        value: n,
        time: time0 + Math.floor(n / series) * 1000,
      })
    }
    await storage.appendSamples(samples)
  }
  return sampleCount / ((performance.now() - started) / 1000)
}

console.log(
  `Alerts: ${alertCount} alerts (each raised twice), one group each, through the alert manager and the durable outbox`,
)
console.log(`Samples: ${sampleCount} samples in batches of 500 over 50 series\n`)
console.log('| storage | notifications/s | delivered once | samples written/s |')
console.log('|---|---:|---:|---:|')
for (const backend of backends()) {
  try {
    const alertsStorage = backend.create()
    await alertsStorage.init()
    const alerts = await notificationsPerSecond(alertsStorage)
    await alertsStorage.close()
    const samplesStorage = backend.create()
    await samplesStorage.init()
    const samples = await samplesPerSecond(samplesStorage)
    await samplesStorage.close()
    console.log(
      `| ${backend.name} | ${alerts.perSecond.toFixed(0)} | ${alerts.delivered}/${alertCount} | ${samples.toFixed(0)} |`,
    )
  } catch (error) {
    console.log(`| ${backend.name} | failed: ${(error as Error).message} | | |`)
  } finally {
    await backend.cleanup().catch(() => {})
  }
}
