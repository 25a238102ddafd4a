import { createErrorCode } from './error-codes'

const describe = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value)
  if (value === undefined) return 'undefined'
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/** An option passed in code was invalid. */
export const invalidOption = createErrorCode(
  'PROACTIVE_ERR_INVALID_OPTION',
  500,
  'An option passed in code has a wrong type or value.',
  (name: string, expected: string, received: unknown) =>
    `${name} must be ${expected}, received ${describe(received)}`,
)

/** An environment variable (or `.env` entry) was invalid; start-up stops. */
export const invalidEnv = createErrorCode(
  'PROACTIVE_ERR_INVALID_ENV',
  500,
  'An environment variable or `.env` entry has a wrong value; start-up stops.',
  (variable: string, expected: string, received: string) =>
    `${variable} must be ${expected}, received ${describe(received)}`,
)

/** A request to a Proactive endpoint had a bad query parameter or body. */
export const badRequest = createErrorCode(
  'PROACTIVE_ERR_BAD_REQUEST',
  400,
  'A query parameter or request body is missing or malformed; the message names it.',
  (parameter: string, problem: string) => `${parameter}: ${problem}`,
)

/** A protected endpoint was called without the bearer token. */
export const unauthorized = createErrorCode(
  'PROACTIVE_ERR_UNAUTHORIZED',
  401,
  'A protected endpoint was called without `Authorization: Bearer <PROACTIVE_TOKEN>` or with a wrong token.',
  (reason: string) => reason,
)

/** A mutating endpoint was called while no token is configured. */
export const mutationsDisabled = createErrorCode(
  'PROACTIVE_ERR_MUTATIONS_DISABLED',
  403,
  'Mutating endpoints are off until a token (PROACTIVE_TOKEN) is configured.',
  (route: string) => `${route} changes state and is disabled until PROACTIVE_TOKEN is set`,
)

/** No route matched. */
export const routeNotFound = createErrorCode(
  'PROACTIVE_ERR_NOT_FOUND',
  404,
  'No Proactive endpoint has this path.',
  (method: string, path: string) => `no Proactive endpoint answers ${method} ${path}`,
)

/** A route exists for the path but not for the method. */
export const methodNotAllowed = createErrorCode(
  'PROACTIVE_ERR_METHOD_NOT_ALLOWED',
  405,
  'The endpoint exists but does not accept this HTTP method.',
  (method: string, path: string, allowed: readonly string[]) =>
    `${method} is not allowed on ${path}; use ${allowed.join(', ')}`,
)

/** A metric that was asked for has never been sampled. */
export const unknownMetric = createErrorCode(
  'PROACTIVE_ERR_UNKNOWN_METRIC',
  404,
  'The metric named in the request has no stored samples.',
  (metric: string, known: readonly string[]) =>
    `metric ${describe(metric)} has no samples; known metrics: ${known.join(', ') || '(none yet)'}`,
)

/** A storage backend failed or was used after close. */
export const storageFailure = createErrorCode(
  'PROACTIVE_ERR_STORAGE',
  503,
  'The storage backend failed or was used after it was closed.',
  (backend: string, problem: string) => `${backend} storage: ${problem}`,
)

/** An optional peer dependency needed by the chosen feature is not installed. */
export const missingDependency = createErrorCode(
  'PROACTIVE_ERR_MISSING_DEPENDENCY',
  500,
  'A feature needs an optional peer dependency that is not installed.',
  (packages: string, feature: string) =>
    `${feature} needs ${packages}; install it with \`npm install ${packages}\``,
)

/** A component was used in a state that does not allow it (for example started twice or after close). */
export const invalidState = createErrorCode(
  'PROACTIVE_ERR_INVALID_STATE',
  500,
  'A component was used in a state that does not allow it, such as after close().',
  (component: string, problem: string) => `${component}: ${problem}`,
)

/** The standalone server could not listen. */
export const listenFailed = createErrorCode(
  'PROACTIVE_ERR_LISTEN',
  500,
  'The standalone server could not bind its host and port.',
  (host: string, port: number, reason: string) => `cannot listen on ${host}:${port}: ${reason}`,
)

/** A command-line argument was wrong. */
export const badCliUsage = createErrorCode(
  'PROACTIVE_ERR_CLI_USAGE',
  2,
  'The command line had an unknown command or option, or an option without its value.',
  (problem: string) => problem,
)

/** A recorded input file (for `proactive backtest`) could not be read or has a bad line. */
export const badInputFile = createErrorCode(
  'PROACTIVE_ERR_BAD_INPUT_FILE',
  400,
  'An input file could not be read or has a malformed line; the message names the file and line.',
  (path: string, line: number | undefined, problem: string) =>
    `${path}${line === undefined ? '' : `:${line}`}: ${problem}`,
)

/** A notifier could not deliver a notification; `details.retryable` says whether to try again. */
export const deliveryFailed = createErrorCode(
  'PROACTIVE_ERR_DELIVERY',
  502,
  'A notifier (Slack, email, webhook) could not deliver; details say whether it is worth retrying and when.',
  (notifier: string, problem: string) => `${notifier}: ${problem}`,
)
