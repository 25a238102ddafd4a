// The public API of @proactive/core. Optional parts live behind subpath exports:
// `@proactive/core/storage/sqlite` and `@proactive/core/testing`.

export { createProactive } from './proactive'
export type { Proactive, ProactiveOptions } from './proactive-types'
export { proactiveDefaults } from './proactive-defaults'

export { ProactiveError, createErrorCode, listErrorCodes, errors, type ErrorCode } from './errors/index'

export {
  realClock,
  createFakeClock,
  type Clock,
  type TimerHandle,
  type FakeClock,
  type FakeClockOptions,
} from './clock/index'
export { EventBus, type ProactiveEvents } from './events/event-bus'
export { createConsoleLogger, silentLogger, logLevels, type Logger, type LogLevel } from './logging/logger'
export { parseDuration } from './config/duration'

export type { Sample, Labels } from './metrics/sample'
export { seriesKey, labelsMatch } from './metrics/sample'
export type { MetricsSource, CollectContext } from './metrics/metrics-source'
export { metricCatalog, unitOf, type MetricInfo } from './metrics/metric-catalog'
export {
  createFakeMetricsSource,
  type FakeMetricsSource,
  type FakeMetricsSourceOptions,
  type FakeSeries,
  type FakeSeriesDefinition,
} from './metrics/fake-metrics-source'

export { createMonitor, type Monitor, type MonitorOptions } from './monitor/monitor'
export type { MonitorIssue, Severity } from './monitor/monitor-issue'
export type { HealthReport, HealthStatus, HealthCheckEntry, HealthIssue } from './monitor/health-report'
export {
  thresholdDefaults,
  resolveThresholdRules,
  issueMessage,
  type ThresholdOptions,
  type ThresholdLevels,
  type ThresholdRule,
} from './monitor/thresholds'

export {
  recordCollections,
  type Storage,
  type RecordCollection,
  type StoredRecord,
  type SampleQuery,
  type SeriesPoints,
  type SeriesInfo,
  type RecordQuery,
} from './storage/storage'

export { createRouteTable, type RouteTable, type RouteTableOptions } from './http/route-table'
export type {
  HttpMethod,
  RouteAccess,
  ProactiveRequest,
  ProactiveResponse,
  RouteResult,
  RouteDefinition,
} from './http/route-types'
export {
  createHttpRecorder,
  httpRecorderDefaults,
  unmatchedRoute,
  type HttpRecorder,
  type HttpRecorderOptions,
  type RequestTiming,
} from './http/http-recorder'
export { toCapturedException, type CapturedException } from './http/captured-exception'
export {
  defaultPrefix,
  normalizePrefix,
  mountAdapter,
  isBelowPrefix,
  toProactiveRequest,
  recordRequest,
  captureRequestError,
  internalErrorResponse,
  errorResponse,
  readJsonBody,
  defaultMaxBodyBytes,
} from './http/adapter-support'
export { prometheusName, renderPrometheus } from './http/prometheus-format'
export { createProactiveServer, type ProactiveServer, type ProactiveServerOptions } from './http/node-server'

export {
  createSystemMetricsSource,
  systemSourceDefaults,
  type SystemMetricsSourceOptions,
} from './metrics/system-source'
export {
  createDiskMetricsSource,
  diskSourceDefaults,
  type DiskMetricsSourceOptions,
} from './metrics/disk-source'
export {
  createProcessMetricsSource,
  processSourceDefaults,
  type ProcessMetricsSourceOptions,
} from './metrics/process-source'
export { readSystemInventory, type SystemInventory } from './metrics/system-inventory'

export {
  createMemoryStorage,
  memoryStorageDefaults,
  type MemoryStorage,
  type MemoryStorageOptions,
  type MemoryStorageStats,
} from './storage/memory-storage'
export { createStorageFromSpec } from './storage/storage-from-spec'

export { readStartConfig, withEnvFile, type StartConfig, type Environment } from './config/env-config'

export {
  predictionKinds,
  type Prediction,
  type PredictionKind,
  type SeriesPredictor,
} from './predictor/prediction'
export {
  createPredictor,
  predictorDefaults,
  type Predictor,
  type PredictorOptions,
  type PredictorContext,
  type PredictionKindDefinition,
} from './predictor/predictor'
export {
  defaultPredictionKinds,
  anomalyMetrics,
  type DefaultPredictionKindsOptions,
} from './predictor/default-kinds'
export { anomalyKind, anomalyKindDefaults, type AnomalyKindOptions } from './predictor/anomaly-kind'
export {
  createAnomalyDetector,
  anomalyDetectorDefaults,
  type AnomalyDetector,
  type AnomalyDetectorOptions,
} from './predictor/anomaly/anomaly-detector'
export { createForecaster, type Forecast, type Forecaster } from './predictor/forecast/forecaster'
export { forecasterDefaults, type ForecasterOptions } from './predictor/forecast/forecaster-options'
export {
  createCpuOverloadPredictor,
  cpuOverloadDefaults,
  type CpuOverloadPredictorOptions,
} from './predictor/kinds/cpu-overload'
export {
  createDiskExhaustionPredictor,
  diskExhaustionDefaults,
  type DiskExhaustionOptions,
  type DiskExhaustionPredictor,
} from './predictor/kinds/disk-exhaustion'
export {
  createMemoryLeakPredictor,
  memoryLeakDefaults,
  type MemoryLeakOptions,
  type MemoryLeakPredictor,
} from './predictor/kinds/memory-leak'
export {
  createPerformanceDegradationPredictor,
  performanceDegradationDefaults,
  type PerformanceDegradationOptions,
  type PerformanceDegradationPredictor,
} from './predictor/kinds/performance-degradation'

// Notifiers (Slack, email, webhook, console) and the notification model: listed in notifiers/index.ts.
export * from './notifiers/index'

export type { Alert, AlertSource } from './alerting/alert'
export type { AlertSink } from './alerting/alert-sink'
export { alertFromIssue, alertFromPrediction } from './alerting/alert-from'
export { connectAlerting } from './alerting/connect-alerting'
export { createAlerting, type Alerting, type AlertingOptions } from './alerting/create-alerting'
export {
  createAlertManager,
  type AlertManager,
  type ManagedAlert,
  type AlertManagerStats,
} from './alerting/alert-manager'
export {
  alertManagerDefaults,
  type AlertManagerOptions,
  type AlertRoute,
  type InhibitRule,
} from './alerting/alert-manager-options'
export { createOutbox, type Outbox, type OutboxStats } from './alerting/outbox'
export { outboxDefaults, type OutboxOptions } from './alerting/outbox-options'
export type { OutboxEntry, OutboxEvent, OutboxStatus } from './alerting/outbox-entry'
