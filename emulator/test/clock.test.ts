import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Clock, parseDuration } from '../src/clock.js';
import type { RunningEmulator } from '../src/index.js';
import { KlarnaApi, startTestEmulator } from './helpers.js';

describe('Clock', () => {
  test('advancing runs the tasks that became due, in time order, and only those', () => {
    const clock = new Clock({ start: new Date('2030-01-01T00:00:00Z') });
    const ran: string[] = [];
    clock.scheduleIn(30 * 60_000, () => ran.push('30m'));
    clock.scheduleIn(5 * 60_000, () => ran.push('5m'));
    clock.scheduleIn(2 * 3_600_000, () => ran.push('2h'));
    clock.advance(45 * 60_000);
    expect(ran).toEqual(['5m', '30m']);
    expect(clock.pending).toBe(1);
    clock.dispose();
  });

  test('a task scheduled by a task that is already due runs in the same advance', () => {
    const clock = new Clock();
    const ran: number[] = [];
    clock.scheduleIn(1000, () => {
      ran.push(1);
      clock.scheduleIn(1000, () => ran.push(2));
    });
    clock.advance(10_000);
    expect(ran).toEqual([1, 2]);
    clock.dispose();
  });

  test('set jumps to an absolute time; cancel and reset drop tasks', () => {
    const clock = new Clock();
    const ran: string[] = [];
    const cancelled = clock.scheduleAt(Date.parse('2031-01-01T00:00:00Z'), () => ran.push('cancelled'));
    clock.scheduleAt(Date.parse('2031-06-01T00:00:00Z'), () => ran.push('reset'));
    cancelled.cancel();
    clock.set(new Date('2031-02-01T00:00:00Z'));
    expect(clock.nowDate().toISOString().slice(0, 10)).toBe('2031-02-01');
    expect(ran).toEqual([]);
    clock.reset();
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(1000);
    clock.advance(10 * 365 * 86_400_000);
    expect(ran).toEqual([]);
    clock.dispose();
  });

  test('tasks also fire as real time passes', async () => {
    const clock = new Clock();
    const fired = new Promise<string>((resolve) => clock.scheduleIn(20, () => resolve('fired')));
    await expect(fired).resolves.toBe('fired');
    clock.dispose();
  });

  test('the clock only advances forwards', () => {
    const clock = new Clock();
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});

describe('parseDuration', () => {
  test.each([
    ['1500ms', 1500],
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['48h', 172_800_000],
    ['28d', 2_419_200_000],
    ['1.5h', 5_400_000],
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['', '10', 'soon', '-5m', '5 minutes', '5w'])('"%s" is not a duration', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe('clock control API', () => {
  let emulator: RunningEmulator;
  let api: KlarnaApi;
  beforeAll(async () => {
    emulator = await startTestEmulator();
    api = new KlarnaApi(emulator);
  });
  afterAll(() => emulator.close());

  test('GET reads the emulator time; POST advances by {advance_ms} or {advance}, or sets {set}', async () => {
    const set = await api.request('POST', '/_emulator/clock', { body: { set: '2030-05-01T12:00:00Z' } });
    expect(set.status).toBe(200);
    expect(set.json.now.startsWith('2030-05-01T12:00:0')).toBe(true);

    const byMs = await api.request('POST', '/_emulator/clock', { body: { advance_ms: 3_600_000 } });
    expect(byMs.json.now.startsWith('2030-05-01T13:00:0')).toBe(true);

    const byText = await api.advanceClock('30m');
    expect(byText.json.now.startsWith('2030-05-01T13:30:0')).toBe(true);

    const read = await api.request('GET', '/_emulator/clock');
    expect(read.json.now.startsWith('2030-05-01T13:30:0')).toBe(true);
    expect(read.json.offset_ms).toBeGreaterThan(0);
  });

  test.each([
    [{ advance: 'soon' }, 'Bad value: advance'],
    [{ advance_ms: -5 }, 'Bad value: advance_ms'],
    [{ advance_ms: '5' }, 'Bad value: advance_ms'],
    [{ set: 'yesterday' }, 'Bad value: set'],
    [{ rewind: '5m' }, 'Bad value: rewind'],
  ])('%j is a 400', async (body, message) => {
    const response = await api.request('POST', '/_emulator/clock', { body });
    expect(response.status).toBe(400);
    expect(response.json.error_messages).toEqual([message]);
  });

  test('two instructions at once are refused', async () => {
    const response = await api.request('POST', '/_emulator/clock', {
      body: { advance: '1m', set: '2030-01-01T00:00:00Z' },
    });
    expect(response.status).toBe(400);
  });

  test('reset puts the clock back to real time', async () => {
    await api.advanceClock('10d');
    await api.request('POST', '/_emulator/reset');
    const read = await api.request('GET', '/_emulator/clock');
    expect(Math.abs(Date.parse(read.json.now) - Date.now())).toBeLessThan(5000);
  });
});
