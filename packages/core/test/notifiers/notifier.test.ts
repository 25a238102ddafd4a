import { describe, expect, it } from 'vitest'
import { ProactiveError } from '../../src/errors/proactive-error'
import {
  classifyDeliveryError,
  deliveryFailure,
  maskUrl,
  notifierDefaults,
} from '../../src/notifiers/notifier'
import { parseRetryAfter } from '../../src/notifiers/http-delivery'
import { start } from './fixtures'

describe('deliveryFailure', () => {
  it('makes a ProactiveError that says whether and when to retry', () => {
    const cause = new Error('socket hang up')
    const error = deliveryFailure('slack', 'rate limited', { retryable: true, retryAfterMs: 2_000, cause })
    expect(error).toBeInstanceOf(ProactiveError)
    expect(error).toMatchObject({
      code: 'PROACTIVE_ERR_DELIVERY',
      statusCode: 502,
      message: 'slack notifier: rate limited',
      retryable: true,
      retryAfterMs: 2_000,
      cause,
    })
    expect(error.details).toEqual({ notifier: 'slack', retryable: true, retryAfterMs: 2_000 })
  })
})

describe('classifyDeliveryError', () => {
  it('reads the contract from delivery errors', () => {
    expect(classifyDeliveryError(deliveryFailure('x', 'bad', { retryable: false }))).toEqual({
      retryable: false,
    })
  })

  it('treats errors from third-party notifiers without the contract as retryable', () => {
    expect(classifyDeliveryError(new Error('boom'))).toEqual({ retryable: true })
    expect(classifyDeliveryError(undefined)).toEqual({ retryable: true })
  })
})

describe('maskUrl', () => {
  it('keeps only the host, the first path segment and one character of the next', () => {
    expect(maskUrl('https://hooks.slack.com/services/T000/B000/XXXX')).toBe(
      'https://hooks.slack.com/services/T***',
    )
    expect(maskUrl('https://user:pw@example.com/hook?token=abc')).toBe('https://example.com/h***')
    expect(maskUrl('https://example.com/?token=abc')).toBe('https://example.com/?***')
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores what it cannot read', () => {
    expect(parseRetryAfter('2', start)).toBe(2_000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', start)).toBe(30_000)
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', start)).toBe(0)
    expect(parseRetryAfter('soon', start)).toBeUndefined()
    expect(parseRetryAfter(null, start)).toBeUndefined()
  })
})

describe('notifierDefaults', () => {
  it('is frozen with a ten-second timeout', () => {
    expect(notifierDefaults).toEqual({ timeoutMs: 10_000 })
    expect(Object.isFrozen(notifierDefaults)).toBe(true)
  })
})
