import { afterEach, describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import type { CallbackLogEntry } from '../src/store.js';
import {
  KlarnaApi,
  seBillingAddress,
  seCart,
  startReceiver,
  startTestEmulator,
  type Receiver,
} from './helpers.js';

/**
 * The authorization callback (api-reference §3.9): POST {authorization_token, session_id} to
 * merchant_urls.authorization after an approval, at least once, up to 3 attempts with
 * exponential backoff, in the background. A real HTTP receiver on loopback plays the merchant.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(
  statusFor: (attempt: number) => number,
  callbacks: Record<string, number> = { baseDelayMs: 50 },
  receiverOptions: { delayMs?: number; gate?: Promise<void> } = {},
): Promise<{ emulator: RunningEmulator; api: KlarnaApi; receiver: Receiver; sessionId: string }> {
  const receiver = await startReceiver(statusFor, receiverOptions.delayMs, receiverOptions.gate);
  cleanups.push(() => receiver.close());
  const emulator = await startTestEmulator({ callbacks });
  cleanups.push(() => emulator.close());
  const api = new KlarnaApi(emulator);
  const created = await api.createSession(
    seCart({
      billing_address: seBillingAddress(),
      merchant_urls: {
        authorization: `${receiver.url}/api/klarna/authorization?secret=s3cret&session={session.id}`,
      },
    }),
  );
  return { emulator, api, receiver, sessionId: created.json.session_id };
}

function callbackLog(api: KlarnaApi): Promise<CallbackLogEntry[]> {
  return api.callbackLog();
}

/** Polls the callback log until it holds `count` entries. */
async function waitForLog(api: KlarnaApi, count: number): Promise<CallbackLogEntry[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const log = await callbackLog(api);
    if (log.length >= count || Date.now() > deadline) return log;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('authorization callback', () => {
  test('is POSTed once with the token and session id to the URL given, placeholders filled in', async () => {
    const { api, receiver, sessionId } = await setUp(() => 200);
    const approval = await api.approve(sessionId);
    const [request] = await receiver.waitFor(1);
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe(`/api/klarna/authorization?secret=s3cret&session=${sessionId}`);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.body).toEqual({
      authorization_token: approval.json.authorization_token,
      session_id: sessionId,
    });
    await api.emulator.emulator.callbacks.idle();
    const log = await callbackLog(api);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ kind: 'authorization', attempt: 1, status: 200, outcome: 'delivered' });
  });

  test('is retried with exponential backoff until a 2xx', async () => {
    const { api, receiver, sessionId } = await setUp((attempt) => (attempt < 3 ? 500 : 204), {
      baseDelayMs: 100,
    });
    await api.approve(sessionId);
    const requests = await receiver.waitFor(3);
    await api.emulator.emulator.callbacks.idle();
    const log = await callbackLog(api);
    expect(log.map((entry) => [entry.attempt, entry.status, entry.outcome])).toEqual([
      [1, 500, 'retry_scheduled'],
      [2, 500, 'retry_scheduled'],
      [3, 204, 'delivered'],
    ]);
    expect(requests.every((request) => request.body?.session_id === sessionId)).toBe(true);
    // Backoff: base, then twice the base, on the emulator clock.
    const at = log.map((entry) => Date.parse(entry.at));
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(100);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(200);
  });

  test('gives up after 3 attempts', async () => {
    const { emulator, api, receiver, sessionId } = await setUp(() => 503, { baseDelayMs: 20 });
    await api.approve(sessionId);
    await receiver.waitFor(3);
    await emulator.emulator.callbacks.idle();
    expect(emulator.emulator.clock.pending).toBe(0);
    expect(receiver.requests).toHaveLength(3);
    const log = await callbackLog(api);
    expect(log.map((entry) => entry.outcome)).toEqual(['retry_scheduled', 'retry_scheduled', 'gave_up']);
  });

  test('an unreachable merchant counts as a failed attempt', async () => {
    const { emulator, api, receiver, sessionId } = await setUp(() => 200, { baseDelayMs: 20 });
    await receiver.close();
    await api.approve(sessionId);
    const log = await waitForLog(api, 3);
    expect(emulator.emulator.clock.pending).toBe(0);
    expect(log.map((entry) => entry.outcome)).toEqual(['retry_scheduled', 'retry_scheduled', 'gave_up']);
    expect(log[0]!.error).toMatch(/ECONNREFUSED/);
  });

  test('a merchant slower than the timeout counts as a failed attempt', async () => {
    const { emulator, api, receiver, sessionId } = await setUp(
      () => 200,
      { baseDelayMs: 20, timeoutMs: 100 },
      { delayMs: 400 },
    );
    await api.approve(sessionId);
    await receiver.waitFor(2);
    await emulator.emulator.callbacks.idle();
    const log = await callbackLog(api);
    expect(log[0]).toMatchObject({ attempt: 1, outcome: 'retry_scheduled', error: 'timed out' });
  });

  test('the approval answers while the merchant has not answered the callback yet', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { api, receiver, sessionId } = await setUp(() => 200, { baseDelayMs: 20 }, { gate });
    const approval = await api.approve(sessionId);
    expect(approval.json.approved).toBe(true);
    await receiver.waitFor(1);
    // The callback is still waiting on the merchant, and nothing was logged for it yet.
    expect(await callbackLog(api)).toEqual([]);
    open();
    await api.emulator.emulator.callbacks.idle();
    expect((await callbackLog(api))[0]?.outcome).toBe('delivered');
  });

  test('retries wait on the emulator clock: advancing it sends the retry at once', async () => {
    const { emulator, api, receiver, sessionId } = await setUp((attempt) => (attempt === 1 ? 500 : 200), {
      baseDelayMs: 3_600_000,
    });
    await api.approve(sessionId);
    await receiver.waitFor(1);
    await emulator.emulator.callbacks.idle();
    expect(emulator.emulator.clock.pending).toBe(1);
    await api.advanceClock('1h');
    await receiver.waitFor(2);
    await emulator.emulator.callbacks.idle();
    expect((await callbackLog(api)).map((entry) => entry.outcome)).toEqual(['retry_scheduled', 'delivered']);
  });

  test('no callback without merchant_urls.authorization', async () => {
    const emulator = await startTestEmulator();
    cleanups.push(() => emulator.close());
    const api = new KlarnaApi(emulator);
    const { sessionId } = await api.authorizedSession(seCart());
    expect(sessionId).toBeTruthy();
    await emulator.emulator.callbacks.idle();
    expect(await callbackLog(api)).toEqual([]);
  });

  test('reset abandons deliveries in flight and scheduled retries', async () => {
    const { emulator, api, receiver, sessionId } = await setUp(() => 500, { baseDelayMs: 3_600_000 });
    await api.approve(sessionId);
    await receiver.waitFor(1);
    await emulator.emulator.callbacks.idle();
    await api.request('POST', '/_emulator/reset');
    await api.advanceClock('2h');
    await emulator.emulator.callbacks.idle();
    expect(receiver.requests).toHaveLength(1);
    expect(await callbackLog(api)).toEqual([]);
  });
});
