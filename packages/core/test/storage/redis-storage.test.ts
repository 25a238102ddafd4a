import { randomBytes } from 'node:crypto'
import { createServer, connect, type Server, type Socket } from 'node:net'
import { Redis } from 'ioredis'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import {
  createRedisStorage,
  redisStorageDefaults,
  type RedisStorage,
  type RedisStorageOptions,
} from '../../src/storage/redis-storage'
import { runStorageConformance } from '../../src/testing'
import { redisUrl, requireServices } from '../support/services'

const run = randomBytes(4).toString('hex')
const nextPrefix = () => `proactive-test:${run}:${randomBytes(4).toString('hex')}:`
const start = Date.parse('2026-01-01T00:00:00Z')

/** A separate client that checks what storage wrote and deletes this run's keys. */
const admin = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
admin.on('error', () => {})
const { redis: reachable } = await requireServices('Redis storage tests', { redis: true })
if (reachable) await admin.connect()

const keysUnder = async (pattern: string) => {
  const found: string[] = []
  let cursor = '0'
  do {
    const [next, batch] = await admin.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000)
    found.push(...batch)
    cursor = next
  } while (cursor !== '0')
  return found.sort()
}

afterAll(async () => {
  if (!reachable) return
  const leftovers = await keysUnder(`proactive-test:${run}:*`)
  if (leftovers.length > 0) await admin.del(...leftovers)
  await admin.quit()
})

/** The rejection of a promise that must reject, or an Error saying it resolved. */
const rejectionOf = (promise: Promise<unknown>) =>
  promise.then(
    () => new Error('resolved'),
    (error: Error & { code?: string }) => error,
  )

describe.skipIf(!reachable)('redis', () => {
  runStorageConformance('redis', () => createRedisStorage({ url: redisUrl, keyPrefix: nextPrefix() }), {
    bounded: true,
  })

  describe('createRedisStorage', () => {
    const opened: RedisStorage[] = []
    const open = async (options: Partial<RedisStorageOptions> = {}) => {
      const storage = createRedisStorage({ url: redisUrl, keyPrefix: nextPrefix(), ...options })
      opened.push(storage)
      await storage.init()
      return storage
    }

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((storage) => storage.close()))
    })

    it('is named redis, exposes its key prefix and uses the documented defaults', () => {
      const storage = createRedisStorage({ url: redisUrl })
      expect(storage).toMatchObject({ name: 'redis', keyPrefix: 'proactive:' })
      expect(redisStorageDefaults).toEqual({
        keyPrefix: 'proactive:',
        maxPointsPerSeries: 10_800,
        maxRecordsPerCollection: 10_000,
        commandTimeoutMs: 5_000,
      })
      expect(Object.isFrozen(redisStorageDefaults)).toBe(true)
    })

    it('keeps samples and records across close and reopen with the same key prefix', async () => {
      const keyPrefix = nextPrefix()
      const first = await open({ keyPrefix })
      await first.appendSamples([
        { metric: 'disk.utilization', value: 71.5, time: start, labels: { mount: '/' } },
        { metric: 'disk.utilization', value: 72, time: start + 1_000, labels: { mount: '/' } },
      ])
      await first.putRecord('alerts', { id: 'disk', time: start, type: 'firing', data: { value: 72 } })
      await first.close()

      const second = await open({ keyPrefix })
      await second.appendSamples([
        { metric: 'disk.utilization', value: 72, time: start + 1_000, labels: { mount: '/' } },
      ])
      expect(await second.querySamples({ metric: 'disk.utilization' })).toEqual([
        {
          metric: 'disk.utilization',
          labels: { mount: '/' },
          points: [
            [start, 71.5],
            [start + 1_000, 72],
            [start + 1_000, 72],
          ],
        },
      ])
      expect(await second.getRecord('alerts', 'disk')).toEqual({
        id: 'disk',
        time: start,
        type: 'firing',
        data: { value: 72 },
      })
    })

    it('keeps every sample that shares a time with another, equal values included', async () => {
      const storage = await open()
      const twice = { metric: 'm', value: 1, time: start }
      await storage.appendSamples([twice, twice, { ...twice, value: 2 }])
      await storage.appendSamples([twice])
      const [series] = await storage.querySamples({ metric: 'm' })
      expect(series?.points.map(([, value]) => value).sort()).toEqual([1, 1, 1, 2])
      const newest = await storage.querySamples({ metric: 'm', limit: 2 })
      expect(newest[0]?.points).toHaveLength(2)
    })

    it('trims each series to maxPointsPerSeries, dropping the oldest points', async () => {
      const storage = await open({ maxPointsPerSeries: 3 })
      await storage.appendSamples(
        [0, 1, 2, 3, 4].map((second) => ({ metric: 'm', value: second, time: start + second })),
      )
      await storage.appendSamples([{ metric: 'm', value: 5, time: start + 5 }])
      const [series] = await storage.querySamples({ metric: 'm' })
      expect(series?.points).toEqual([3, 4, 5].map((second) => [start + second, second]))
    })

    it('evicts the oldest records beyond maxRecordsPerCollection, from the listing and the documents', async () => {
      const storage = await open({ maxRecordsPerCollection: 2 })
      for (const seconds of [3, 1, 2])
        await storage.putRecord('alerts', { id: `r${seconds}`, time: start + seconds, data: seconds })
      expect((await storage.listRecords('alerts')).map((record) => record.id)).toEqual(['r3', 'r2'])
      expect(await storage.getRecord('alerts', 'r1')).toBeUndefined()
      expect(await admin.hlen(`${storage.keyPrefix}r:alerts`)).toBe(2)
    })

    it('writes only keys under its prefix and never sees another prefix', async () => {
      const storage = await open()
      const other = await open()
      await storage.appendSamples([{ metric: 'cpu.utilization', value: 1, time: start }])
      await storage.putRecord('fixes', { id: 'f', time: start, data: null })
      expect(await other.listSeries()).toEqual([])
      expect(await other.getRecord('fixes', 'f')).toBeUndefined()
      const written = await keysUnder(`proactive-test:${run}:*`)
      expect(written.filter((key) => key.startsWith(storage.keyPrefix))).toEqual(
        ['collections', 'm:cpu.utilization', 'r:fixes', 'rt:fixes', 's:cpu.utilization', 'series'].map(
          (key) => storage.keyPrefix + key,
        ),
      )
    })

    it('removes the keys of a series once prune() empties it', async () => {
      const storage = await open()
      await storage.appendSamples([{ metric: 'cpu.utilization', value: 1, time: start }])
      await storage.prune(start + 1)
      expect(await keysUnder(`${storage.keyPrefix}*`)).toEqual([])
    })

    it('uses a client the host provides and leaves it open on close()', async () => {
      const client = new Redis(redisUrl, { lazyConnect: true })
      try {
        const storage = createRedisStorage({ client, keyPrefix: nextPrefix() })
        await storage.init()
        await storage.putRecord('reports', { id: 'daily', time: start, data: { ok: true } })
        await storage.close()
        expect(client.status).toBe('ready')
        expect(await client.ping()).toBe('PONG')
        expect(await client.hget(`${storage.keyPrefix}r:reports`, 'daily')).toContain('"ok":true')
        await expect(storage.ping()).rejects.toMatchObject({ code: 'PROACTIVE_ERR_STORAGE' })
      } finally {
        client.disconnect()
      }
    })

    it('rejects init() quickly with PROACTIVE_ERR_STORAGE when nothing listens at the URL', async () => {
      const began = Date.now()
      const error = await rejectionOf(createRedisStorage({ url: 'redis://127.0.0.1:1' }).init())
      expect(Date.now() - began).toBeLessThan(2_000)
      expect(error).toMatchObject({ code: 'PROACTIVE_ERR_STORAGE' })
      expect(error.message).toBe(
        'redis storage: connecting to redis://127.0.0.1:1 failed: connect ECONNREFUSED 127.0.0.1:1',
      )
    })

    it('never shows the password of the URL in an error message', async () => {
      const refused = await rejectionOf(
        createRedisStorage({ url: 'redis://proactive:s3cr%40t@127.0.0.1:1' }).init(),
      )
      expect(refused.message).toContain('redis://proactive:***@127.0.0.1:1')
      const wrongPassword = new URL(redisUrl)
      wrongPassword.username = 'proactive'
      wrongPassword.password = 's3cr%40t'
      const denied = await rejectionOf(createRedisStorage({ url: wrongPassword.toString() }).init())
      expect(denied).toMatchObject({ code: 'PROACTIVE_ERR_STORAGE' })
      expect(denied.message).toMatch(/WRONGPASS/)
      const invalid = (() => {
        try {
          createRedisStorage({ url: 'http://proactive:s3cr%40t@cache:6379' })
        } catch (error) {
          return error as Error
        }
        return new Error('accepted')
      })()
      expect(invalid.message).toContain('RedisStorageOptions.url must be a redis:// or rediss:// URL')
      for (const message of [refused.message, denied.message, invalid.message]) {
        expect(message).not.toContain('s3cr')
      }
    })

    it('fails calls fast and answers ping() false when the connection drops, then recovers', async () => {
      const proxy = await startProxy(new URL(redisUrl))
      try {
        const storage = await open({ url: `redis://127.0.0.1:${proxy.port}` })
        await storage.appendSamples([{ metric: 'm', value: 1, time: start }])
        proxy.stop()
        const began = Date.now()
        const error = await rejectionOf(storage.appendSamples([{ metric: 'm', value: 2, time: start + 1 }]))
        expect(error).toMatchObject({ code: 'PROACTIVE_ERR_STORAGE' })
        expect(error.message).toMatch(/^redis storage: appendSamples failed: /)
        expect(await storage.ping()).toBe(false)
        expect(Date.now() - began).toBeLessThan(3_000)
        await proxy.resume()
        await vi.waitFor(async () => expect(await storage.ping()).toBe(true), { timeout: 5_000 })
        await storage.appendSamples([{ metric: 'm', value: 3, time: start + 2 }])
        const [series] = await storage.querySamples({ metric: 'm' })
        expect(series?.points).toEqual([
          [start, 1],
          [start + 2, 3],
        ])
      } finally {
        proxy.stop()
      }
    })

    it('rejects methods called before init() with PROACTIVE_ERR_STORAGE', async () => {
      await expect(createRedisStorage({ url: redisUrl }).listSeries()).rejects.toMatchObject({
        code: 'PROACTIVE_ERR_STORAGE',
        message: 'redis storage: used before init()',
      })
    })

    it('rejects bad options at construction, naming the option and the value', () => {
      const cases: [RedisStorageOptions, string][] = [
        [{}, 'RedisStorageOptions must be either url or client (not both), received "neither"'],
        [{ url: redisUrl, client: new Redis({ lazyConnect: true }) }, 'received "both"'],
        [
          { url: 'redis://' },
          'RedisStorageOptions.url must be a redis:// or rediss:// URL, received "redis://"',
        ],
        [{ client: {} as never }, 'RedisStorageOptions.client must be an ioredis client, received "object"'],
        [
          { url: redisUrl, keyPrefix: '' },
          'RedisStorageOptions.keyPrefix must be a non-empty string, received ""',
        ],
        [
          { url: redisUrl, maxPointsPerSeries: 0 },
          'RedisStorageOptions.maxPointsPerSeries must be a positive integer, received 0',
        ],
        [
          { url: redisUrl, maxRecordsPerCollection: 1.5 },
          'RedisStorageOptions.maxRecordsPerCollection must be a positive integer, received 1.5',
        ],
        [
          { url: redisUrl, commandTimeoutMs: -1 },
          'RedisStorageOptions.commandTimeoutMs must be a positive integer, received -1',
        ],
      ]
      for (const [options, message] of cases) expect(() => createRedisStorage(options)).toThrow(message)
    })
  })
})

describe('createRedisStorage without its optional peer dependency', () => {
  afterEach(() => {
    vi.doUnmock('ioredis')
    vi.resetModules()
  })

  it('rejects init() with PROACTIVE_ERR_MISSING_DEPENDENCY naming ioredis', async () => {
    vi.resetModules()
    vi.doMock('ioredis', () => {
      throw Object.assign(new Error("Cannot find package 'ioredis'"), { code: 'ERR_MODULE_NOT_FOUND' })
    })
    const { createRedisStorage: create } = await import('../../src/storage/redis-storage')
    await expect(create({ url: 'redis://127.0.0.1:6379' }).init()).rejects.toMatchObject({
      code: 'PROACTIVE_ERR_MISSING_DEPENDENCY',
      message: 'Redis storage needs ioredis; install it with `npm install ioredis`',
    })
  })
})

/** A TCP proxy to Redis that the test can cut (closing every connection and refusing new ones) and restore. */
async function startProxy(target: URL) {
  const sockets = new Set<Socket>()
  let server: Server | undefined
  let port = 0
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((incoming) => {
        const outgoing = connect(Number(target.port || 6379), target.hostname)
        for (const socket of [incoming, outgoing]) {
          sockets.add(socket)
          socket.on('error', () => {})
          socket.on('close', () => sockets.delete(socket))
        }
        incoming.pipe(outgoing).pipe(incoming)
      })
      server.listen(port, '127.0.0.1', () => {
        port = (server?.address() as { port: number }).port
        resolve()
      })
    })
  await listen()
  return {
    get port() {
      return port
    },
    stop() {
      server?.close()
      server = undefined
      for (const socket of sockets) socket.destroy()
    },
    resume: listen,
  }
}
