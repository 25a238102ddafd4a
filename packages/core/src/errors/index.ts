export { ProactiveError } from './proactive-error'
export { createErrorCode, listErrorCodes, type ErrorCode } from './error-codes'
export * as errors from './codes'
