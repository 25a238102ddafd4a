import type { ProactiveRequest } from '../../src/http/route-types'
import { testToken } from './test-proactive'

/** Builds a route-table request from a path with query string, optionally with the test token. */
export function request(
  pathAndQuery: string,
  options: { method?: string; token?: string | false; body?: unknown } = {},
): ProactiveRequest {
  const [path = '/', query = ''] = pathAndQuery.split('?')
  const token = options.token === undefined ? testToken : options.token
  return {
    method: options.method ?? 'GET',
    path,
    query: new URLSearchParams(query),
    headers: token === false ? {} : { authorization: `Bearer ${token}` },
    ...(options.body === undefined ? {} : { body: options.body }),
  }
}
