import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  cancelKey,
  captureKey,
  deterministicKey,
  extendAuthorizationKey,
  looksLikeDeterministicKey,
  merchantReferencesKey,
  refundKey,
  releaseRemainingKey,
} from './idempotency-keys';

const ORDER = '0b9d8f4e-6c1a-4c59-9a53-1f3f2f4c1a10';
const OTHER = '5f0e0c3a-2b7d-4e8e-8f6a-0d4f7b9a1c22';
const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('deterministic Klarna-Idempotency-Keys', () => {
  test('the same intent gives the same key, shaped as a version 8 UUID', () => {
    expect(captureKey(ORDER, 24900)).toBe(captureKey(ORDER, 24900));
    expect(captureKey(ORDER, 24900)).toMatch(UUID_V8);
  });

  test.each([
    {
      label: 'the next partial capture (another captured total)',
      a: captureKey(ORDER, 24900),
      b: captureKey(ORDER, 33800),
    },
    { label: 'the same total on another order', a: captureKey(ORDER, 24900), b: captureKey(OTHER, 24900) },
    {
      label: 'a refund to the same total as a capture',
      a: captureKey(ORDER, 24900),
      b: refundKey(ORDER, 24900),
    },
    {
      label: 'a release after the same captured total',
      a: captureKey(ORDER, 24900),
      b: releaseRemainingKey(ORDER, 24900),
    },
    {
      label: 'extending again once the expiry moved',
      a: extendAuthorizationKey(ORDER, '2026-12-20T00:00:00.000Z'),
      b: extendAuthorizationKey(ORDER, '2027-01-17T00:00:00.000Z'),
    },
    { label: 'cancelling two orders', a: cancelKey(ORDER), b: cancelKey(OTHER) },
  ])('$label gets a different key', ({ a, b }) => {
    expect(a).not.toBe(b);
  });

  test('parts are joined unambiguously', () => {
    expect(deterministicKey('ab', 'c')).not.toBe(deterministicKey('a', 'bc'));
    expect(deterministicKey('capture', 1)).not.toBe(deterministicKey('capture', '1 '));
  });

  test('merchant references A → B again later is a new write, not a replay of the first one', () => {
    const a = { reference1: 'PO-1', reference2: '' };
    const b = { reference1: 'PO-2', reference2: '' };
    expect(merchantReferencesKey(ORDER, 0, a, b)).not.toBe(merchantReferencesKey(ORDER, 2, a, b));
    expect(merchantReferencesKey(ORDER, 0, a, b)).toBe(merchantReferencesKey(ORDER, 0, a, b));
  });

  test('recognises its own keys among capture references, not random UUIDs or free text', () => {
    expect(looksLikeDeterministicKey(refundKey(ORDER, 100))).toBe(true);
    expect(looksLikeDeterministicKey(randomUUID())).toBe(false);
    expect(looksLikeDeterministicKey('INV-2026-001')).toBe(false);
    expect(looksLikeDeterministicKey(undefined)).toBe(false);
  });
});
