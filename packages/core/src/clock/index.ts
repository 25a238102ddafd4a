export type { Clock, TimerHandle } from './clock'
export { realClock } from './real-clock'
export { createFakeClock, type FakeClock, type FakeClockOptions } from './fake-clock'
