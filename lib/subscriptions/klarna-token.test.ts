import { describe, expect, test } from 'vitest';
import { KlarnaError } from '../klarna/errors';
import { classifyChargeFailure, describeKlarnaError, describePaymentMethod } from './klarna-token';

function error(status: number | null, code: string, messages: string[] = []): KlarnaError {
  return new KlarnaError({
    status,
    code,
    messages,
    correlationId: null,
    region: 'eu',
    method: 'POST',
    path: '/customer-token/v1/tokens/{token}/order',
  });
}

describe('classifyChargeFailure', () => {
  test.each([
    ['no answer at all', error(null, 'TIMEOUT'), 'unanswered'],
    ['a dropped connection', error(null, 'NETWORK_ERROR'), 'unanswered'],
    ['a 503', error(503, 'SERVICE_UNAVAILABLE'), 'unanswered'],
    ['a 429', error(429, 'TOO_MANY_REQUESTS'), 'unanswered'],
    ['a 2xx we could not read', error(200, 'INVALID_RESPONSE'), 'unanswered'],
    ['a cancelled token', error(403, 'TOKEN_CANCELED'), 'token_cancelled'],
    ['a suspended token', error(403, 'TOKEN_SUSPENDED'), 'token_suspended'],
    ['a token unknown to the region', error(404, 'TOKEN_NOT_FOUND'), 'token_unknown'],
    ['a declined purchase', error(403, 'PAYMENT_METHOD_FAILED'), 'refused'],
    ['a payment method unusable for the currency', error(403, 'UNAVAILABLE_PAYMENT_METHOD'), 'refused'],
    ['a bad request', error(400, 'BAD_VALUE', ['Bad value: order_amount']), 'refused'],
  ])('%s is %s', (_label, failure, kind) => {
    expect(classifyChargeFailure(failure)).toBe(kind);
  });
});

test('describeKlarnaError names the status, code and messages', () => {
  expect(
    describeKlarnaError(error(403, 'PAYMENT_METHOD_FAILED', ['Purchase for payment method failed'])),
  ).toBe('403 PAYMENT_METHOD_FAILED: Purchase for payment method failed');
  expect(describeKlarnaError(error(null, 'TIMEOUT'))).toBe('no answer TIMEOUT');
});

describe('describePaymentMethod', () => {
  test.each([
    [
      'a card shows its brand and last four digits',
      {
        payment_method_type: 'CARD',
        status: 'ACTIVE' as const,
        card: { brand: 'VISA', masked_number: '************1234' },
      },
      'VISA •••• 1234',
    ],
    [
      'direct debit shows its last four digits',
      {
        payment_method_type: 'DIRECT_DEBIT',
        status: 'ACTIVE' as const,
        direct_debit: { masked_number: '**6789' },
      },
      'Direct debit •••• 6789',
    ],
    [
      'anything else shows Klarna’s method type',
      { payment_method_type: 'INVOICE', status: 'ACTIVE' as const },
      'Klarna (invoice)',
    ],
  ])('%s', (_label, token, text) => {
    expect(describePaymentMethod(token)).toBe(text);
  });
});
