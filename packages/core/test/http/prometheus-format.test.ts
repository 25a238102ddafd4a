import { describe, expect, it } from 'vitest'
import { prometheusName, renderPrometheus } from '../../src/http/prometheus-format'

describe('prometheusName', () => {
  it('prefixes proactive_ and turns dots into underscores', () => {
    expect(prometheusName('cpu.utilization')).toBe('proactive_cpu_utilization')
    expect(prometheusName('eventloop.delay.p99_ms')).toBe('proactive_eventloop_delay_p99_ms')
  })
})

describe('renderPrometheus', () => {
  it('writes HELP and TYPE once per metric, then one line per series, sorted by metric', () => {
    const text = renderPrometheus([
      { metric: 'disk.utilization', value: 71, time: 0, labels: { mount: '/' } },
      { metric: 'cpu.utilization', value: 42.5, time: 0 },
      { metric: 'disk.utilization', value: 12, time: 0, labels: { mount: '/data' } },
    ])
    expect(text).toBe(
      [
        '# HELP proactive_cpu_utilization CPU used, as % of the CPU available to this container or host',
        '# TYPE proactive_cpu_utilization gauge',
        'proactive_cpu_utilization 42.5',
        '# HELP proactive_disk_utilization Disk space used, as % of the space available to unprivileged users, per mount',
        '# TYPE proactive_disk_utilization gauge',
        'proactive_disk_utilization{mount="/"} 71',
        'proactive_disk_utilization{mount="/data"} 12',
        '',
      ].join('\n'),
    )
  })

  it('escapes label values and describes metrics it does not know', () => {
    const text = renderPrometheus([
      { metric: 'queue.depth', value: 3, time: 0, labels: { route: 'GET /a"b\\c\nd' } },
    ])
    expect(text).toContain('# HELP proactive_queue_depth Proactive metric queue.depth\n')
    expect(text).toContain('proactive_queue_depth{route="GET /a\\"b\\\\c\\nd"} 3\n')
  })

  it('writes special values the way Prometheus reads them', () => {
    expect(renderPrometheus([{ metric: 'a', value: Infinity, time: 0 }])).toContain('proactive_a +Inf')
  })

  it('is empty when nothing was sampled', () => {
    expect(renderPrometheus([])).toBe('')
  })
})
