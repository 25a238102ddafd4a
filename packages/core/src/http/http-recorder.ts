import type { CollectContext, MetricsSource } from '../metrics/metrics-source'
import type { Sample } from '../metrics/sample'
import { invalidOption } from '../errors/codes'

/** One finished request, as an adapter reports it. */
export interface RequestTiming {
  readonly method: string
  /** The route template (`/users/:id`), never the raw URL, so series stay bounded. */
  readonly route: string
  readonly statusCode: number
  readonly durationMs: number
}

/** Options for {@link createHttpRecorder}. */
export interface HttpRecorderOptions {
  /** Distinct routes tracked; later ones are grouped under `OTHER`. Default 200. */
  maxRoutes?: number
  /** Durations kept per route per sampling window (reservoir sampled beyond). Default 1024. */
  maxDurationsPerWindow?: number
}

/** The HTTP metrics source; unlike other sources it collects synchronously. */
export interface HttpMetricsSource extends MetricsSource {
  collect(context: CollectContext): Sample[]
}

/** Records request timings on the hot path in O(1) and turns them into samples once per interval. */
export interface HttpRecorder {
  record(timing: RequestTiming): void
  /** The `http.*` metrics source fed by this recorder (it collects synchronously). */
  readonly source: HttpMetricsSource
  /** Routes seen so far (`GET /users/:id`). */
  routes(): string[]
}

/** The label for requests that matched no route of the host. */
export const unmatchedRoute = 'UNMATCHED'
const overflowRoute = 'OTHER'

interface Window {
  /** The `route` label: `GET /users/:id`. */
  readonly label: string
  count: number
  errors: number
  durations: Float64Array
  filled: number
}

export const httpRecorderDefaults = Object.freeze({ maxRoutes: 200, maxDurationsPerWindow: 1024 })

/**
 * Creates the recorder the adapters feed. Sampling is cheap: `record` writes into a fixed array;
 * sorting for percentiles happens in `collect`, off the request path.
 *
 * @example
 * const recorder = createHttpRecorder()
 * recorder.record({ method: 'GET', route: '/users/:id', statusCode: 200, durationMs: 12.5 })
 */
export function createHttpRecorder(options: HttpRecorderOptions = {}): HttpRecorder {
  const maxRoutes = options.maxRoutes ?? httpRecorderDefaults.maxRoutes
  const maxDurations = options.maxDurationsPerWindow ?? httpRecorderDefaults.maxDurationsPerWindow
  if (!Number.isInteger(maxRoutes) || maxRoutes < 1)
    throw invalidOption('HttpRecorderOptions.maxRoutes', 'a positive integer', maxRoutes)
  if (!Number.isInteger(maxDurations) || maxDurations < 16)
    throw invalidOption('HttpRecorderOptions.maxDurationsPerWindow', 'an integer ≥ 16', maxDurations)

  // Keyed by method, then route template: both strings come from the framework's route table, so
  // lookups hash no new string on the request path.
  const windows = new Map<string, Map<string, Window>>()
  let routeCount = 0
  let overflow: Window | undefined
  const overall = newWindow('', maxDurations)
  let lastCollect: number | undefined
  let recorded = false

  const windowFor = (method: string, route: string): Window => {
    let routes = windows.get(method)
    const found = routes?.get(route)
    if (found) return found
    const upper = method.toUpperCase()
    if (!routes) {
      // 'get' and 'GET' share one map, keyed under both spellings.
      routes = windows.get(upper) ?? new Map<string, Window>()
      windows.set(upper, routes)
      windows.set(method, routes)
    }
    const existing = routes.get(route)
    if (existing) return existing
    if (routeCount >= maxRoutes) return (overflow ??= newWindow(overflowRoute, maxDurations))
    const window = newWindow(`${upper} ${route}`, maxDurations)
    routes.set(route, window)
    routeCount++
    return window
  }

  const allWindows = (): Window[] => {
    const list: Window[] = []
    for (const routes of new Set(windows.values())) for (const window of routes.values()) list.push(window)
    if (overflow) list.push(overflow)
    return list
  }

  const collect = ({ time }: { time: number }): Sample[] => {
    // Until an adapter records a request, there is no HTTP traffic to describe.
    if (!recorded) return []
    const elapsedSeconds =
      lastCollect === undefined ? undefined : Math.max(0.001, (time - lastCollect) / 1000)
    lastCollect = time
    const samples: Sample[] = []
    const emit = (window: Window, labels?: { route: string }) => {
      if (elapsedSeconds !== undefined) {
        samples.push(sample('http.requests.rate', window.count / elapsedSeconds, time, labels))
        samples.push(sample('http.errors.rate', window.errors / elapsedSeconds, time, labels))
      }
      if (window.filled > 0) {
        const sorted = window.durations.subarray(0, window.filled).sort()
        samples.push(sample('http.latency.p50_ms', quantile(sorted, 0.5), time, labels))
        samples.push(sample('http.latency.p95_ms', quantile(sorted, 0.95), time, labels))
        samples.push(sample('http.latency.p99_ms', quantile(sorted, 0.99), time, labels))
      }
      window.count = 0
      window.errors = 0
      window.filled = 0
    }
    for (const window of allWindows()) emit(window, { route: window.label })
    emit(overall)
    return samples
  }

  return {
    record(timing) {
      if (!Number.isFinite(timing.durationMs)) return
      recorded = true
      const isError = timing.statusCode >= 500
      add(windowFor(timing.method, timing.route), timing.durationMs, isError)
      add(overall, timing.durationMs, isError)
    },
    source: { name: 'http', collect },
    routes: () => allWindows().map((window) => window.label),
  }
}

function newWindow(label: string, size: number): Window {
  return { label, count: 0, errors: 0, durations: new Float64Array(size), filled: 0 }
}

function add(window: Window, durationMs: number, isError: boolean): void {
  window.count++
  if (isError) window.errors++
  if (window.filled < window.durations.length) {
    window.durations[window.filled++] = durationMs
    return
  }
  // Reservoir sampling keeps an unbiased sample of the window in fixed memory.
  const slot = Math.floor(Math.random() * window.count)
  if (slot < window.durations.length) window.durations[slot] = durationMs
}

function quantile(sorted: Float64Array, q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[index] ?? 0
}

function sample(metric: string, value: number, time: number, labels?: { route: string }): Sample {
  return labels ? { metric, value, time, labels } : { metric, value, time }
}
