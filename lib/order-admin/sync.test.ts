import type { MerchantOrder } from '@/lib/klarna';
import { describe, expect, test } from 'vitest';
import { describeDifferences, mirrorOf, type LocalMirror } from './sync';

function klarnaOrder(overrides: Partial<MerchantOrder> = {}): MerchantOrder {
  return {
    order_id: '0b9d8f4e-6c1a-4c59-9a53-1f3f2f4c1a10',
    status: 'AUTHORIZED',
    fraud_status: 'ACCEPTED',
    order_amount: 33800,
    captured_amount: 0,
    refunded_amount: 0,
    remaining_authorized_amount: 33800,
    purchase_currency: 'SEK',
    order_lines: [],
    captures: [],
    refunds: [],
    shipping_info: [],
    klarna_reference: 'K4MADNY',
    merchant_reference1: '',
    expires_at: '2026-12-20T00:00:00.000Z',
    ...overrides,
  };
}

describe('mirrorOf: the status is Klarna’s, refunds are amounts beside it', () => {
  test.each([
    { label: 'authorized', status: 'AUTHORIZED', captured: 0, refunded: 0 },
    {
      label: 'part captured, that capture refunded in full',
      status: 'PART_CAPTURED',
      captured: 4490,
      refunded: 4490,
    },
    { label: 'captured, part refunded', status: 'CAPTURED', captured: 33800, refunded: 8900 },
    { label: 'captured, refunded in full', status: 'CAPTURED', captured: 33800, refunded: 33800 },
    { label: 'closed after a release, refunded in full', status: 'CLOSED', captured: 8900, refunded: 8900 },
    { label: 'expired', status: 'EXPIRED', captured: 0, refunded: 0 },
  ] as const)('$label → $status', ({ status, captured, refunded }) => {
    const mirror = mirrorOf(klarnaOrder({ status, captured_amount: captured, refunded_amount: refunded }));
    expect(mirror).toMatchObject({
      status,
      klarnaStatus: status,
      capturedAmount: captured,
      refundedAmount: refunded,
    });
  });
});

describe('mirrorOf and describeDifferences', () => {
  test('maps Klarna fields onto the row; empty references become null', () => {
    expect(mirrorOf(klarnaOrder({ merchant_reference2: 'B-7' }))).toEqual({
      status: 'AUTHORIZED',
      klarnaStatus: 'AUTHORIZED',
      fraudStatus: 'ACCEPTED',
      orderAmount: 33800,
      capturedAmount: 0,
      refundedAmount: 0,
      authorizationExpiresAt: new Date('2026-12-20T00:00:00.000Z'),
      klarnaReference: 'K4MADNY',
      merchantReference1: null,
      merchantReference2: 'B-7',
    });
  });

  test('names each field that differs, with money in the order currency', () => {
    const local: LocalMirror = { ...mirrorOf(klarnaOrder()), klarnaStatus: null };
    const klarna = mirrorOf(
      klarnaOrder({
        status: 'PART_CAPTURED',
        captured_amount: 24900,
        expires_at: '2027-01-17T00:00:00.000Z',
        merchant_reference1: 'PO-1',
      }),
    );

    expect(describeDifferences(local, klarna, 'SEK')).toEqual([
      'status AUTHORIZED → PART_CAPTURED',
      'captured SEK 0.00 → SEK 249.00',
      'authorization expiry 2026-12-20 00:00 UTC → 2027-01-17 00:00 UTC',
      'merchant reference 1 "" → "PO-1"',
    ]);
    expect(describeDifferences(local, mirrorOf(klarnaOrder()), 'SEK')).toEqual([]);
    // The checkout's own estimate of the expiry, milliseconds off Klarna's, is not a difference.
    const estimate = { ...local, authorizationExpiresAt: new Date('2026-12-20T00:00:00.734Z') };
    expect(describeDifferences(estimate, mirrorOf(klarnaOrder()), 'SEK')).toEqual([]);
  });
});
