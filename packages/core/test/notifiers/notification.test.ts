import { describe, expect, it } from 'vitest'
import {
  criticalIssuesNotification,
  optimizationNotification,
  predictionsNotification,
  resolvedNotification,
} from '../../src/notifiers/notification'
import { renderText } from '../../src/notifiers/render-text'
import { cpuIssue, diskPrediction, leakPrediction, memoryIssue, start } from './fixtures'

describe('criticalIssuesNotification', () => {
  it('titles the alert as the guide does and lists each issue with its numbers', () => {
    const notification = criticalIssuesNotification([cpuIssue, memoryIssue], 'Auto-scaling initiated')
    expect(notification).toMatchObject({
      kind: 'alert',
      severity: 'critical',
      title: '🚨 Critical System Issues Detected',
      summary: '2 issues need attention',
      action: 'Auto-scaling initiated',
      time: memoryIssue.lastSeen,
    })
    expect(notification.items.map((item) => item.title)).toEqual([
      'CPU at 92% (threshold: 85%)',
      'Memory at 94% (threshold: 90%)',
    ])
    expect(notification.items[0]?.fields).toMatchObject({ Value: '92', Threshold: '85' })
    expect(renderText(notification)).toContain('Action: Auto-scaling initiated')
  })

  it('has no action line when no action was taken', () => {
    const notification = criticalIssuesNotification([cpuIssue])
    expect(notification.action).toBeUndefined()
    expect(renderText(notification)).not.toContain('Action:')
  })

  it('gives the same id for the same issues in any order, and another id for other issues', () => {
    const id = criticalIssuesNotification([cpuIssue, memoryIssue]).id
    expect(criticalIssuesNotification([memoryIssue, cpuIssue]).id).toBe(id)
    expect(criticalIssuesNotification([cpuIssue]).id).not.toBe(id)
  })

  it('is a warning when no issue is critical', () => {
    expect(criticalIssuesNotification([{ ...cpuIssue, severity: 'warning' }]).severity).toBe('warning')
  })

  it('refuses an empty list, naming the argument', () => {
    expect(() => criticalIssuesNotification([])).toThrow(
      'criticalIssuesNotification(issues) must be at least one MonitorIssue, received []',
    )
  })
})

describe('predictionsNotification', () => {
  it('lists each prediction with its recommendation, ETA and probability', () => {
    const notification = predictionsNotification([diskPrediction, leakPrediction])
    expect(notification).toMatchObject({
      kind: 'prediction',
      severity: 'critical',
      title: '⚠️ Potential Issues Predicted',
      time: leakPrediction.time,
    })
    expect(notification.items[0]).toEqual({
      title: 'Disk / will be full in 3.2 days',
      fields: {
        Recommendation: 'Clean up logs/temp files. Disk will be full in 3.2 days',
        ETA: 'in 3.2 days (2026-01-04T04:48:00.000Z)',
        Probability: '90%',
      },
    })
    expect(notification.items[1]?.fields?.ETA).toBe('in 15 minutes (2026-01-01T00:15:00.000Z)')
  })

  it('says "now" for anomalies, which have no ETA', () => {
    const { eta: _eta, etaSeconds: _seconds, ...anomaly } = { ...diskPrediction, kind: 'anomaly' }
    expect(predictionsNotification([anomaly]).items[0]?.fields?.ETA).toBe('now')
  })

  it('keys the id by kind, metric and labels, so a new ETA for the same forecast deduplicates', () => {
    const later = { ...diskPrediction, etaSeconds: 200_000, time: start + 60_000 }
    expect(predictionsNotification([later]).id).toBe(predictionsNotification([diskPrediction]).id)
    const otherMount = { ...diskPrediction, labels: { mount: '/data' } }
    expect(predictionsNotification([otherMount]).id).not.toBe(predictionsNotification([diskPrediction]).id)
  })
})

describe('resolvedNotification', () => {
  it('names a single resolved issue in the title and says how long it lasted', () => {
    const notification = resolvedNotification([{ ...cpuIssue, resolvedAt: start + 12 * 60_000 }])
    expect(notification).toMatchObject({
      kind: 'resolved',
      severity: 'info',
      title: '✅ Resolved: CPU at 92% (threshold: 85%)',
      time: start + 12 * 60_000,
    })
    expect(notification.items[0]?.fields).toMatchObject({ Lasted: '12 minutes' })
  })

  it('counts several resolved issues in the title', () => {
    expect(resolvedNotification([cpuIssue, memoryIssue]).title).toBe('✅ Resolved: 2 issues')
  })

  it('does not share its id with the alert it resolves', () => {
    expect(resolvedNotification([cpuIssue]).id).not.toBe(criticalIssuesNotification([cpuIssue]).id)
  })
})

describe('optimizationNotification', () => {
  const summary = {
    title: 'Created index: idx_appointments_barber_id',
    beforeMs: 850,
    afterMs: 45,
    affected: ['/api/v1/appointments'],
    time: start,
  }

  it('writes the guide line with the before and after numbers and the affected endpoints', () => {
    const notification = optimizationNotification(summary)
    expect(notification.title).toBe('✅ Performance Optimization Applied')
    expect(notification.summary).toBe(
      'Created index: idx_appointments_barber_id — Query time 850ms → 45ms — Affected endpoints: /api/v1/appointments',
    )
    expect(notification.items[0]?.detail).toBe('Query time 850ms → 45ms (95% faster)')
  })

  it('refuses a negative or missing measurement, naming it', () => {
    expect(() => optimizationNotification({ ...summary, afterMs: -1 })).toThrow(
      'OptimizationSummary.afterMs must be a non-negative number, received -1',
    )
  })
})
