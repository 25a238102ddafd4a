import type { MonitorIssue } from '../../src/monitor/monitor-issue'
import type { Prediction } from '../../src/predictor/prediction'

export const start = Date.parse('2026-01-01T00:00:00Z')

export const cpuIssue: MonitorIssue = {
  id: 'cpu.utilization@1767225600000',
  metric: 'cpu.utilization',
  labels: {},
  check: 'cpu:utilization',
  severity: 'critical',
  value: 92,
  threshold: 85,
  message: 'CPU at 92% (threshold: 85%)',
  since: start,
  lastSeen: start + 60_000,
}

export const memoryIssue: MonitorIssue = {
  id: 'memory.utilization@1767225630000',
  metric: 'memory.utilization',
  labels: {},
  check: 'memory:utilization',
  severity: 'critical',
  value: 94,
  threshold: 90,
  message: 'Memory at 94% (threshold: 90%)',
  since: start + 30_000,
  lastSeen: start + 90_000,
}

export const diskPrediction: Prediction = {
  kind: 'disk_exhaustion',
  metric: 'disk.utilization',
  labels: { mount: '/' },
  probability: 0.9,
  severity: 'warning',
  etaSeconds: 276_480,
  eta: '2026-01-04T04:48:00.000Z',
  message: 'Disk / will be full in 3.2 days',
  recommendation: 'Clean up logs/temp files. Disk will be full in 3.2 days',
  time: start,
}

export const leakPrediction: Prediction = {
  kind: 'memory_leak',
  metric: 'process.heap.used_bytes',
  probability: 0.85,
  severity: 'critical',
  etaSeconds: 900,
  eta: '2026-01-01T00:15:00.000Z',
  message: 'Heap grows 12 MB/min; it reaches the limit in 15 minutes',
  recommendation: 'Restart the worker and take a heap snapshot',
  time: start + 5_000,
}
