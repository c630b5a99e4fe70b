import type { AuthorizationCallbackResult } from '@/lib/checkout/callbacks/authorization';
import type { NotificationResult } from '@/lib/checkout/callbacks/notification';
import type { StatusCallbackResult } from '@/lib/payment-links/complete';

/*
 * What Klarna is told about its callbacks. A 2xx tells it to stop; a 503 asks it to try again
 * later; anything else is final.
 */

export interface CallbackAnswer {
  status: number;
  body: { status: string; message?: string; order_number?: string; fraud_status?: string };
}

export function authorizationAnswer(result: AuthorizationCallbackResult): CallbackAnswer {
  if (result.ok) {
    return result.outcome === 'placed'
      ? { status: 200, body: { status: 'placed', order_number: result.number } }
      : { status: 200, body: { status: 'subscribed' } };
  }
  switch (result.reason) {
    case 'in_progress':
      return { status: 202, body: { status: 'in_progress' } };
    case 'unavailable':
      return { status: 503, body: { status: 'unavailable', message: result.message } };
    case 'cart_changed':
    case 'authorization_invalid':
    case 'data_mismatch':
    case 'market_changed':
      return { status: 409, body: { status: 'reauthorization_required', message: result.reason } };
    case 'declined':
      return { status: 409, body: { status: 'declined' } };
    case 'not_found':
      return { status: 404, body: { status: 'not_found', message: result.message } };
    case 'unknown_session':
      return { status: 404, body: { status: 'invalid', message: result.message } };
    case 'invalid_body':
    case 'klarna_refused':
      return { status: 400, body: { status: 'invalid', message: result.message } };
    default:
      return { status: 409, body: { status: 'invalid', message: result.message } };
  }
}

export function notificationAnswer(result: NotificationResult): CallbackAnswer {
  if (result.ok) return { status: 200, body: { status: 'ok', fraud_status: result.fraudStatus } };
  switch (result.reason) {
    case 'invalid_body':
      return { status: 400, body: { status: 'invalid', message: result.message } };
    case 'not_found':
      return { status: 404, body: { status: 'not_found', message: result.message } };
    case 'klarna_unavailable':
      return { status: 503, body: { status: 'unavailable', message: result.message } };
  }
}

export function hppStatusAnswer(result: StatusCallbackResult): CallbackAnswer {
  if (result.ok) {
    return result.outcome === 'placed'
      ? { status: 200, body: { status: 'placed', order_number: result.number } }
      : { status: 200, body: { status: 'ok' } };
  }
  switch (result.reason) {
    case 'invalid_body':
      return { status: 400, body: { status: 'invalid', message: result.message } };
    case 'not_found':
    case 'unknown_link':
      return { status: 404, body: { status: 'not_found', message: result.message } };
    case 'replayed':
      return { status: 409, body: { status: 'replayed', message: result.message } };
    case 'in_progress':
      return { status: 202, body: { status: 'in_progress' } };
    case 'unavailable':
    case 'klarna_unavailable':
      return { status: 503, body: { status: 'unavailable', message: result.message } };
    default:
      return { status: 409, body: { status: 'invalid', message: result.message } };
  }
}
