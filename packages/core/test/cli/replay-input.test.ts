import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readReplayFile } from '../../src/cli/replay-input'

const dir = mkdtempSync(join(tmpdir(), 'proactive-replay-'))
const file = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

describe('readReplayFile', () => {
  it('reads NAB-style CSV with UTC timestamps and names the metric from --metric', async () => {
    const rows = await readReplayFile(
      file('cpu.csv', 'timestamp,value\n2014-02-14 14:30:00,40.5\n2014-02-14 14:35:00,41\n'),
      {
        metric: 'cpu.utilization',
      },
    )
    expect(rows).toEqual([
      {
        time: Date.parse('2014-02-14T14:30:00Z'),
        metric: 'cpu.utilization',
        value: 40.5,
        timestampText: '2014-02-14 14:30:00',
      },
      {
        time: Date.parse('2014-02-14T14:35:00Z'),
        metric: 'cpu.utilization',
        value: 41,
        timestampText: '2014-02-14 14:35:00',
      },
    ])
  })

  it('names the metric after the file when --metric is absent, and accepts epoch seconds and milliseconds', async () => {
    const rows = await readReplayFile(file('queue.depth.csv', '1767225600,1\n1767225600000,2\n'))
    expect(rows.map((r) => [r.metric, r.time])).toEqual([
      ['queue.depth', 1767225600000],
      ['queue.depth', 1767225600000],
    ])
  })

  it('reads JSONL with labels', async () => {
    const rows = await readReplayFile(
      file(
        's.jsonl',
        '{"time":"2026-03-02T03:00:00Z","metric":"disk.utilization","value":71,"labels":{"mount":"/"}}\n',
      ),
    )
    expect(rows[0]).toMatchObject({ metric: 'disk.utilization', value: 71, labels: { mount: '/' } })
  })

  it.each([
    ['bad.csv', 'timestamp,value\n2014-02-14 14:30:00,abc\n', 'bad.csv:2: value "abc" is not a number'],
    ['when.csv', 'timestamp,value\nyesterday,1\n', 'when.csv:2: timestamp "yesterday" is not ISO 8601'],
    ['header.csv', 'time,val\n1767225600,1\n', 'header.csv:1: expected the header timestamp,value'],
    ['short.csv', 'timestamp,value\n1767225600\n', 'short.csv:2: expected timestamp,value'],
    ['broken.jsonl', '{"time":1,"metric":"a","value":1}\n{nope\n', 'broken.jsonl:2: not valid JSON'],
    [
      'value.jsonl',
      '{"time":1,"metric":"a","value":"1"}\n',
      'value.jsonl:1: "value" must be a finite number',
    ],
    ['metric.jsonl', '{"time":1,"value":1}\n', 'metric.jsonl:1: "metric" must be a non-empty string'],
  ])('rejects %s naming the file and line', async (name, text, message) => {
    await expect(readReplayFile(file(name, text))).rejects.toThrow(message)
  })

  it('names a file it cannot read', async () => {
    await expect(readReplayFile(join(dir, 'missing.csv'))).rejects.toThrow(
      'missing.csv: cannot read (ENOENT)',
    )
  })
})
