import { describe, expect, it } from 'vitest'
import { alertFromIssue, alertFromPrediction } from '../../src/alerting/alert-from'
import type { MonitorIssue } from '../../src/monitor/monitor-issue'
import type { Prediction } from '../../src/predictor/prediction'

const issue: MonitorIssue = {
  id: 'disk.utilization{mount="/var"}#Disk@1',
  metric: 'disk.utilization',
  labels: { mount: '/var' },
  check: 'disk:utilization',
  severity: 'critical',
  value: 95,
  threshold: 90,
  message: 'Disk /var at 95% (threshold: 90%)',
  since: 1_000,
  lastSeen: 2_000,
}

describe('alertFromIssue', () => {
  it('labels the alert with the check, the metric, the series labels and the service', () => {
    expect(alertFromIssue(issue, 'api')).toEqual({
      labels: { mount: '/var', alertname: 'disk:utilization', metric: 'disk.utilization', service: 'api' },
      severity: 'critical',
      status: 'firing',
      summary: 'Disk /var at 95% (threshold: 90%)',
      startsAt: 1_000,
      source: 'monitor',
      value: 95,
      threshold: 90,
    })
  })

  it('resolves with the time the issue ended', () => {
    expect(alertFromIssue({ ...issue, resolvedAt: 5_000 }, 'api')).toMatchObject({
      status: 'resolved',
      endsAt: 5_000,
    })
  })
})

describe('alertFromPrediction', () => {
  it('names the alert after the prediction kind and carries the recommendation', () => {
    const prediction: Prediction = {
      kind: 'disk_exhaustion',
      metric: 'disk.available_bytes',
      labels: { mount: '/' },
      probability: 0.9,
      severity: 'warning',
      etaSeconds: 276_480,
      message: 'Disk / will be full in 3.2 days',
      recommendation: 'Clean up logs/temp files. Disk will be full in 3.2 days',
      time: 7_000,
    }
    expect(alertFromPrediction(prediction, 'api', 'firing')).toEqual({
      labels: {
        mount: '/',
        alertname: 'prediction:disk_exhaustion',
        metric: 'disk.available_bytes',
        service: 'api',
      },
      severity: 'warning',
      status: 'firing',
      summary: 'Disk / will be full in 3.2 days',
      recommendation: 'Clean up logs/temp files. Disk will be full in 3.2 days',
      startsAt: 7_000,
      source: 'predictor',
    })
  })
})
