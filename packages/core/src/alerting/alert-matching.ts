import { createHash } from 'node:crypto'
import { labelsMatch, type Labels } from '../metrics/sample'
import type { AlertRoute, InhibitRule } from './alert-manager-options'

/**
 * The identity of an alert: a hash of its sorted labels. The same labels are the same alert.
 *
 * @example
 * alertFingerprint({ alertname: 'cpu:utilization', severity: 'critical' }) // 'a1b2c3d4e5f60718'
 */
export function alertFingerprint(labels: Labels): string {
  const text = Object.keys(labels)
    .sort()
    .map((key) => `${key}=${JSON.stringify(labels[key])}`)
    .join(',')
  return createHash('sha256').update(text).digest('hex').slice(0, 16)
}

/**
 * The receivers of an alert: routes are checked in order, the first match wins unless it says
 * `continue`; no match goes to `fallback`.
 *
 * @example
 * routeReceivers({ severity: 'critical' }, [{ match: { severity: 'critical' }, receivers: ['pager'] }], 'default') // ['pager']
 */
export function routeReceivers(labels: Labels, routes: readonly AlertRoute[], fallback: string): string[] {
  const receivers = new Set<string>()
  let matched = false
  for (const route of routes) {
    if (!labelsMatch(labels, route.match)) continue
    matched = true
    for (const receiver of route.receivers) receivers.add(receiver)
    if (route.continue !== true) break
  }
  return matched ? [...receivers] : [fallback]
}

/** The key of the group an alert joins for one receiver: the receiver plus the `groupBy` label values. */
export function groupKeyOf(receiver: string, labels: Labels, groupBy: readonly string[]): string {
  return `${receiver}:{${groupBy.map((key) => `${key}=${JSON.stringify(labels[key] ?? '')}`).join(',')}}`
}

/** The `groupBy` labels an alert has, as the group's labels. */
export function groupLabelsOf(labels: Labels, groupBy: readonly string[]): Labels {
  const picked: Record<string, string> = {}
  for (const key of groupBy) {
    const value = labels[key]
    if (value !== undefined) picked[key] = value
  }
  return picked
}

/**
 * Firing alerts that match an inhibit rule's source, indexed by their `equal` label values, so an
 * alert's inhibition is answered with one lookup per rule instead of a scan of all alerts.
 */
export class InhibitionIndex {
  private readonly sources: Map<string, Set<string>>[]

  constructor(private readonly rules: readonly InhibitRule[]) {
    this.sources = rules.map(() => new Map())
  }

  /** Records a firing alert as a possible source. */
  add(fingerprint: string, labels: Labels): void {
    this.rules.forEach((rule, index) => {
      if (!labelsMatch(labels, rule.sourceMatch)) return
      const key = equalKey(labels, rule.equal)
      const bucket = this.sources[index] as Map<string, Set<string>>
      const set = bucket.get(key) ?? new Set<string>()
      set.add(fingerprint)
      bucket.set(key, set)
    })
  }

  /** Forgets an alert that resolved or was dropped. */
  remove(fingerprint: string, labels: Labels): void {
    this.rules.forEach((rule, index) => {
      const bucket = this.sources[index] as Map<string, Set<string>>
      const key = equalKey(labels, rule.equal)
      const set = bucket.get(key)
      if (!set?.delete(fingerprint)) return
      if (set.size === 0) bucket.delete(key)
    })
  }

  /** True when a firing alert other than this one inhibits it. */
  inhibits(fingerprint: string, labels: Labels): boolean {
    return this.rules.some((rule, index) => {
      if (!labelsMatch(labels, rule.targetMatch)) return false
      const set = this.sources[index]?.get(equalKey(labels, rule.equal))
      if (!set) return false
      return set.size > 1 || !set.has(fingerprint)
    })
  }
}

function equalKey(labels: Labels, equal: readonly string[]): string {
  return equal.map((key) => JSON.stringify(labels[key] ?? '')).join(',')
}
