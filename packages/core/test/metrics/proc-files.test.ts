import { describe, expect, it } from 'vitest'
import {
  mountPointOf,
  parseMeminfo,
  parseMountinfo,
  parseNetDev,
  parseProcStat,
} from '../../src/metrics/proc-files'

describe('parseProcStat', () => {
  it('counts everything but idle and iowait as busy, over the first eight fields', () => {
    // user nice system idle iowait irq softirq steal guest guest_nice
    expect(parseProcStat('cpu  100 10 50 800 40 5 5 10 30 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n')).toEqual({
      busy: 180,
      total: 1020,
    })
  })

  it('returns undefined for text without an aggregate cpu line', () => {
    expect(parseProcStat('cpu0 1 2 3 4\n')).toBeUndefined()
    expect(parseProcStat('')).toBeUndefined()
    expect(parseProcStat('cpu  1 x 3 4\n')).toBeUndefined()
  })
})

describe('parseMeminfo', () => {
  it('reads MemTotal and MemAvailable in bytes', () => {
    const text = 'MemTotal:       24684092 kB\nMemFree:        23922860 kB\nMemAvailable:   24024356 kB\n'
    expect(parseMeminfo(text)).toEqual({ totalBytes: 24684092 * 1024, availableBytes: 24024356 * 1024 })
  })

  it('adds free, buffers and cached on kernels without MemAvailable', () => {
    const text = 'MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 20 kB\nCached: 30 kB\n'
    expect(parseMeminfo(text)).toEqual({ totalBytes: 1000 * 1024, availableBytes: 150 * 1024 })
  })

  it('returns undefined without MemTotal', () => {
    expect(parseMeminfo('MemFree: 100 kB\n')).toBeUndefined()
  })
})

describe('parseNetDev', () => {
  it('reads received and transmitted bytes per interface and leaves out loopback', () => {
    const text = [
      'Inter-|   Receive                                                |  Transmit',
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      '    lo:   40748     561    0    0    0     0          0         0    40748     561    0    0    0     0       0          0',
      '  eth0: 280472590    8545    0    0    0     0          0         0   744628    6208    0    0    0     0       0          0',
      'veth1a2b:12 1 0 0 0 0 0 0 34 1 0 0 0 0 0 0',
    ].join('\n')
    expect([...parseNetDev(text)]).toEqual([
      ['eth0', { receiveBytes: 280472590, transmitBytes: 744628 }],
      ['veth1a2b', { receiveBytes: 12, transmitBytes: 34 }],
    ])
  })
})

describe('parseMountinfo', () => {
  it('reads the mount point field and decodes octal escapes', () => {
    const text = [
      '22 27 0:21 / /proc rw,relatime - proc proc rw',
      '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw',
      '40 27 8:1 / /mnt/my\\040disk rw,relatime - ext4 /dev/sdb1 rw',
      '',
    ].join('\n')
    expect(parseMountinfo(text)).toEqual(['/proc', '/', '/mnt/my disk'])
  })
})

describe('mountPointOf', () => {
  const mounts = ['/', '/var', '/var/lib/data2', '/mnt']

  it('picks the longest mount point that contains the path', () => {
    expect(mountPointOf('/var/lib/data', mounts)).toBe('/var')
    expect(mountPointOf('/var/lib/data2/db', mounts)).toBe('/var/lib/data2')
    expect(mountPointOf('/var', mounts)).toBe('/var')
  })

  it('matches whole path segments only', () => {
    expect(mountPointOf('/mntx/data', mounts)).toBe('/')
  })

  it('returns undefined when no mount point contains the path', () => {
    expect(mountPointOf('/data', ['/var'])).toBeUndefined()
  })
})
