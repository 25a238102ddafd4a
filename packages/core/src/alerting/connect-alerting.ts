import type { EventBus } from '../events/event-bus'
import type { MonitorIssue } from '../monitor/monitor-issue'
import type { Prediction } from '../predictor/prediction'
import type { AlertManager } from './alert-manager'
import { alertFromIssue, alertFromPrediction } from './alert-from'

/**
 * Feeds the monitor's issues and the predictor's predictions into the alert manager, as they start,
 * change severity and end. Returns a function that disconnects.
 *
 * Severity is one of an alert's labels, so an issue that escalates from warning to critical is a new
 * alert: the warning one is resolved here rather than left firing under the critical one.
 *
 * @example
 * const disconnect = connectAlerting(proactive.events, manager, proactive.serviceName)
 */
export function connectAlerting(events: EventBus, manager: AlertManager, service: string): () => void {
  const issueSeverity = new Map<string, MonitorIssue['severity']>()
  const predictionSeverity = new Map<string, Prediction['severity']>()
  const predictionKey = (p: Prediction) => `${p.kind}|${p.metric}|${JSON.stringify(p.labels ?? {})}`

  const onIssueRaised = (issue: MonitorIssue) => {
    const previous = issueSeverity.get(issue.id)
    if (previous !== undefined && previous !== issue.severity)
      manager.resolve({ ...alertFromIssue(issue, service).labels, severity: previous })
    issueSeverity.set(issue.id, issue.severity)
    manager.raise(alertFromIssue(issue, service))
  }
  const onIssueResolved = (issue: MonitorIssue) => {
    issueSeverity.delete(issue.id)
    manager.raise(alertFromIssue(issue, service))
  }
  const onPrediction = (prediction: Prediction) => {
    const key = predictionKey(prediction)
    const previous = predictionSeverity.get(key)
    if (previous !== undefined && previous !== prediction.severity)
      manager.resolve({ ...alertFromPrediction(prediction, service, 'firing').labels, severity: previous })
    predictionSeverity.set(key, prediction.severity)
    manager.raise(alertFromPrediction(prediction, service, 'firing'))
  }
  const onPredictionCleared = (prediction: Prediction) => {
    predictionSeverity.delete(predictionKey(prediction))
    manager.raise(alertFromPrediction(prediction, service, 'resolved'))
  }

  events.on('issue.raised', onIssueRaised)
  events.on('issue.resolved', onIssueResolved)
  events.on('prediction', onPrediction)
  events.on('prediction.cleared', onPredictionCleared)
  return () => {
    events.off('issue.raised', onIssueRaised)
    events.off('issue.resolved', onIssueResolved)
    events.off('prediction', onPrediction)
    events.off('prediction.cleared', onPredictionCleared)
  }
}
