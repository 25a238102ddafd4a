import { describe, expect, it } from 'vitest'
import { createConsoleNotifier } from '../../src/notifiers/console-notifier'
import { optimizationNotification } from '../../src/notifiers/notification'
import { start } from './fixtures'

const optimization = optimizationNotification({
  title: 'Created index: idx_appointments_barber_id',
  beforeMs: 850,
  afterMs: 45,
  affected: ['/api/v1/appointments'],
  time: start,
})

describe('createConsoleNotifier', () => {
  it('writes the plain-text rendering with the guide line', async () => {
    const written: string[] = []
    const notifier = createConsoleNotifier({ write: (text) => written.push(text) })
    await notifier.send(optimization)
    expect(notifier.name).toBe('console')
    expect(written).toHaveLength(1)
    expect(written[0]).toMatch(/^✅ Performance Optimization Applied\n\[INFO\] 2026-01-01T00:00:00.000Z\n/)
    expect(written[0]).toContain(
      'Created index: idx_appointments_barber_id — Query time 850ms → 45ms — Affected endpoints: /api/v1/appointments',
    )
  })

  it('rejects as not retryable when writing fails', async () => {
    const notifier = createConsoleNotifier({
      write: () => {
        throw new Error('EPIPE')
      },
    })
    await expect(notifier.send(optimization)).rejects.toMatchObject({
      code: 'PROACTIVE_ERR_DELIVERY',
      retryable: false,
      message: 'console notifier: write failed: EPIPE',
    })
  })
})
