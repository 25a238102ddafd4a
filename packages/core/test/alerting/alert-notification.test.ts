import { describe, expect, it } from 'vitest'
import { firingAlertsNotification, resolvedAlertsNotification } from '../../src/alerting/alert-notification'
import { alert, minute, start } from './alert-manager-fixtures'

const cpu = alert('cpu:utilization', {
  labels: { metric: 'cpu.utilization' },
  summary: 'CPU at 92% (threshold: 85%)',
  value: 92,
  threshold: 85,
})

describe('firingAlertsNotification', () => {
  it("titles a group of warnings only '⚠️ System Issues Detected', and one with a critical '🚨 Critical …'", () => {
    const warning = { ...cpu, severity: 'warning' as const, summary: 'CPU at 75% (threshold: 70%)' }
    expect(firingAlertsNotification([warning]).title).toBe('⚠️ System Issues Detected')
    expect(firingAlertsNotification([warning, cpu]).title).toBe('🚨 Critical System Issues Detected')
  })

  it("builds the guide's '🚨 Critical System Issues Detected' with value, threshold and start", () => {
    expect(
      firingAlertsNotification([cpu], { groupKey: 'g', labels: { alertname: 'cpu:utilization' } }),
    ).toEqual({
      id: expect.stringMatching(/^alert:[0-9a-f]{16}$/),
      kind: 'alert',
      severity: 'critical',
      title: '🚨 Critical System Issues Detected',
      summary: '1 issue needs attention',
      items: [
        {
          title: 'CPU at 92% (threshold: 85%)',
          fields: {
            Metric: 'cpu.utilization',
            Severity: 'critical',
            Value: '92',
            Threshold: '85',
            Since: '2026-01-01T00:00:00.000Z',
          },
        },
      ],
      time: start,
      groupKey: 'g',
      labels: { alertname: 'cpu:utilization' },
    })
  })

  it("uses '⚠️ Potential Issues Predicted' only when every alert comes from the predictor", () => {
    const disk = alert('disk:full', {
      source: 'predictor',
      severity: 'warning',
      recommendation: 'Clean up logs',
    })
    expect(firingAlertsNotification([disk])).toMatchObject({ kind: 'prediction', severity: 'warning' })
    expect(firingAlertsNotification([disk, cpu]).title).toBe('🚨 Critical System Issues Detected')
  })

  it('keeps a given id and builds the same default id for the same alerts', () => {
    expect(firingAlertsNotification([cpu], { id: 'x' }).id).toBe('x')
    expect(firingAlertsNotification([cpu]).id).toBe(firingAlertsNotification([{ ...cpu }]).id)
  })

  it('rejects an empty list', () => {
    expect(() => firingAlertsNotification([])).toThrow(
      /firingAlertsNotification\(alerts\) must be at least one Alert/,
    )
  })
})

describe('resolvedAlertsNotification', () => {
  it("names the single alert in the title: '✅ Resolved: …' with how long it lasted", () => {
    const resolved = { ...cpu, status: 'resolved' as const, endsAt: start + 12 * minute }
    expect(resolvedAlertsNotification([resolved])).toMatchObject({
      kind: 'resolved',
      severity: 'info',
      title: '✅ Resolved: CPU at 92% (threshold: 85%)',
      items: [
        {
          fields: {
            Metric: 'cpu.utilization',
            Lasted: '12 minutes',
            'Resolved at': '2026-01-01T00:12:00.000Z',
          },
        },
      ],
      time: start + 12 * minute,
    })
  })

  it('counts several alerts in the title', () => {
    const other = alert('memory:utilization', { status: 'resolved', endsAt: start + minute })
    expect(resolvedAlertsNotification([cpu, other]).title).toBe('✅ Resolved: 2 issues')
  })
})
