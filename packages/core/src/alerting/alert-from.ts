import type { MonitorIssue } from '../monitor/monitor-issue'
import type { Prediction } from '../predictor/prediction'
import type { Alert } from './alert'

/**
 * The alert for a monitor issue: `alertname` is its health check (`cpu:utilization`), labelled with the
 * metric and the series' own labels (mount, route), firing until the issue resolves.
 *
 * @example
 * alertFromIssue(issue, 'api') // { labels: { alertname: 'cpu:utilization', metric: 'cpu.utilization', … }, … }
 */
export function alertFromIssue(issue: MonitorIssue, service: string): Alert {
  return {
    labels: { ...issue.labels, alertname: issue.check, metric: issue.metric, service },
    severity: issue.severity,
    status: issue.resolvedAt === undefined ? 'firing' : 'resolved',
    summary: issue.message,
    startsAt: issue.since,
    ...(issue.resolvedAt === undefined ? {} : { endsAt: issue.resolvedAt }),
    source: 'monitor',
    value: issue.value,
    threshold: issue.threshold,
  }
}

/**
 * The alert for a prediction: `alertname` is `prediction:<kind>`; it fires while the prediction holds
 * and resolves when it is cleared.
 *
 * @example
 * alertFromPrediction(prediction, 'api', 'firing')
 */
export function alertFromPrediction(prediction: Prediction, service: string, status: Alert['status']): Alert {
  return {
    labels: {
      ...prediction.labels,
      alertname: `prediction:${prediction.kind}`,
      metric: prediction.metric,
      service,
    },
    severity: prediction.severity,
    status,
    summary: prediction.message,
    recommendation: prediction.recommendation,
    startsAt: prediction.time,
    source: 'predictor',
  }
}
