// `@proactive/core/testing`: what tests of Proactive itself, of its plugins and of host applications
// share. Needs vitest (an optional peer dependency) for the conformance suite.
export { runStorageConformance, type StorageConformanceOptions } from './storage-conformance'
export { createFakeClock, type FakeClock, type FakeClockOptions } from '../clock/fake-clock'
export {
  createFakeMetricsSource,
  type FakeMetricsSource,
  type FakeMetricsSourceOptions,
  type FakeSeries,
  type FakeSeriesDefinition,
} from '../metrics/fake-metrics-source'
