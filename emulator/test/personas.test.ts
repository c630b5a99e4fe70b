import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { personaFor } from '../src/personas.js';
import {
  KlarnaApi,
  orderBodyFrom,
  startReceiver,
  startTestEmulator,
  usCart,
  type Receiver,
} from './helpers.js';

describe('personaFor: Klarna playground emails in both spellings', () => {
  test.each([
    ['customer@email.us', 'approved', false, undefined],
    ['customer+us@klarna.com', 'approved', false, undefined],
    ['customer+denied@email.us', 'denied', false, undefined],
    ['customer+us+denied@klarna.com', 'denied', false, undefined],
    ['Customer+DENIED@email.de', 'denied', false, undefined],
    ['customer+reject_reason_high_risk@email.us', 'denied', false, undefined],
    ['username+red@domain.com', 'red', false, undefined],
    ['customer+se+red@klarna.com', 'red', false, undefined],
    ['username+require_signup@domain.com', 'approved', true, undefined],
    ['customer+new_user@email.se', 'approved', true, undefined],
    ['customer+pend-accept-05@email.us', 'approved', false, { decision: 'ACCEPTED', afterMinutes: 5 }],
    ['customer+us+pend-reject-30@klarna.com', 'approved', false, { decision: 'REJECTED', afterMinutes: 30 }],
    ['someone@example.com', 'approved', false, undefined],
  ] as const)('%s → %s', (email, outcome, signup, pending) => {
    const persona = personaFor(email);
    expect(persona.outcome).toBe(outcome);
    expect(persona.signup).toBe(signup);
    expect(persona.pending).toEqual(pending);
  });
});

let emulator: RunningEmulator;
let na: KlarnaApi;
let receiver: Receiver;
let notificationStatus: (attempt: number) => number;

beforeAll(async () => {
  emulator = await startTestEmulator();
  na = new KlarnaApi(emulator, 'na');
  receiver = await startReceiver((attempt) => notificationStatus(attempt));
});
beforeEach(() => {
  emulator.reset();
  receiver.requests.length = 0;
  notificationStatus = () => 200;
});
afterAll(async () => {
  await receiver.close();
  await emulator.close();
});

function usAddress(email: string): Record<string, string> {
  return {
    given_name: 'Test',
    family_name: 'Person-us',
    email,
    street_address: '509 Amsterdam Ave',
    postal_code: '10024-3941',
    city: 'New York',
    region: 'NY',
    country: 'US',
  };
}

async function orderFor(email: string) {
  const cart = usCart({
    billing_address: usAddress(email),
    merchant_urls: { notification: `${receiver.url}/api/klarna/notification?order={order.id}` },
  });
  const created = await na.createSession(cart);
  const approval = await na.approve(created.json.session_id, { email });
  const placed = await na.placeOrder(approval.json.authorization_token!, orderBodyFrom(cart));
  expect(placed.status).toBe(200);
  return placed.json as { order_id: string; fraud_status: string };
}

async function fraudStatus(orderId: string): Promise<string> {
  return (await na.request('GET', `/_emulator/orders/${orderId}`)).json.fraudStatus;
}

describe('approval outcomes by persona', () => {
  test('+denied is declined: approved false, show_form false, no token', async () => {
    const created = await na.createSession(
      usCart({ billing_address: usAddress('customer+denied@email.us') }),
    );
    const approval = await na.approve(created.json.session_id, { email: 'customer+denied@email.us' });
    expect(approval.json).toEqual({ approved: false, show_form: false });
    expect((await na.readSession(created.json.session_id)).json.authorization_token).toBeUndefined();
  });

  test('+red is not offered Klarna: show_form false', async () => {
    const created = await na.createSession(usCart({ billing_address: usAddress('customer+red@email.us') }));
    const approval = await na.approve(created.json.session_id, { email: 'customer+red@email.us' });
    expect(approval.json).toEqual({ approved: false, show_form: false });
  });

  test('an approved persona gets a token and an ACCEPTED order', async () => {
    const order = await orderFor('customer@email.us');
    expect(order.fraud_status).toBe('ACCEPTED');
  });
});

describe('pending orders: +pend-accept-NN / +pend-reject-NN', () => {
  test('the order starts PENDING and is accepted after NN minutes, with a notification', async () => {
    const order = await orderFor('customer+pend-accept-05@email.us');
    expect(order.fraud_status).toBe('PENDING');
    await na.advanceClock('4m');
    expect(await fraudStatus(order.order_id)).toBe('PENDING');
    expect(receiver.requests).toHaveLength(0);
    await na.advanceClock('1m');
    expect(await fraudStatus(order.order_id)).toBe('ACCEPTED');
    const [notification] = await receiver.waitFor(1);
    expect(notification!.path).toBe(`/api/klarna/notification?order=${order.order_id}`);
    expect(notification!.body).toEqual({ order_id: order.order_id, event_type: 'FRAUD_RISK_ACCEPTED' });
  });

  test('the legacy spelling is rejected after NN minutes', async () => {
    const order = await orderFor('customer+us+pend-reject-10@klarna.com');
    expect(order.fraud_status).toBe('PENDING');
    await na.advanceClock('10m');
    expect(await fraudStatus(order.order_id)).toBe('REJECTED');
    const [notification] = await receiver.waitFor(1);
    expect(notification!.body).toEqual({ order_id: order.order_id, event_type: 'FRAUD_RISK_REJECTED' });
  });

  test('the notification is re-sent every 10 minutes until the merchant answers 2xx', async () => {
    notificationStatus = (attempt) => (attempt <= 2 ? 503 : 200);
    const order = await orderFor('customer+pend-accept-01@email.us');
    await na.advanceClock('1m');
    await receiver.waitFor(1);
    await emulator.emulator.callbacks.idle();
    await na.advanceClock('9m');
    await emulator.emulator.callbacks.idle();
    expect(receiver.requests).toHaveLength(1);
    await na.advanceClock('1m');
    await receiver.waitFor(2);
    await emulator.emulator.callbacks.idle();
    await na.advanceClock('10m');
    await receiver.waitFor(3);
    await emulator.emulator.callbacks.idle();
    await na.advanceClock('1h');
    await emulator.emulator.callbacks.idle();
    expect(receiver.requests).toHaveLength(3);
    const log = await na.callbackLog();
    expect(log.map((entry) => [entry.kind, entry.status, entry.outcome])).toEqual([
      ['notification', 503, 'retry_scheduled'],
      ['notification', 503, 'retry_scheduled'],
      ['notification', 200, 'delivered'],
    ]);
    expect(receiver.requests.every((request) => request.body?.order_id === order.order_id)).toBe(true);
  });
});
