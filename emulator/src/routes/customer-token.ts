import { cancelToken, chargeToken, findToken, tokenView } from '../customer-token.js';
import type { Emulator } from '../emulator.js';
import { KlarnaError, notFound } from '../errors.js';
import { readJson, readRequiredJson, sendEmpty, sendJson, type RequestContext } from '../http.js';
import { runIdempotent, sendReply } from '../idempotency.js';
import { callerOf, param } from './payments.js';

/** Klarna Customer Token API v1 (api-reference §5), plus control endpoints to suspend a token. */
export function registerCustomerTokenRoutes(emulator: Emulator): void {
  const { api, root, store } = emulator;
  const TOKENS = '/customer-token/v1/tokens';

  api.get(`${TOKENS}/:token`, (ctx) => {
    const token = findToken(emulator, param(ctx, 'token'), callerOf(ctx));
    if (!token) throw notFound('Invalid customer-token ID');
    sendJson(ctx, 200, tokenView(token));
  });

  api.post(`${TOKENS}/:token/order`, async (ctx) => {
    // The key is optional, as in Klarna's spec: without one the charge is simply not replayable.
    const reply = await runIdempotent(emulator, ctx, readRequiredJson, (body) => ({
      status: 200,
      body: chargeToken(emulator, param(ctx, 'token'), body, callerOf(ctx), ctx).response,
    }));
    sendReply(ctx, reply);
  });

  api.patch(`${TOKENS}/:token/status`, async (ctx) => {
    const body = await readRequiredJson(ctx);
    cancelToken(emulator, param(ctx, 'token'), body, callerOf(ctx), ctx);
    sendEmpty(ctx, 202);
  });

  if (!emulator.config.control) return;

  /** Klarna may suspend a token on its side; tests simulate that here (and lift it again). */
  const setStatus = (status: 'ACTIVE' | 'SUSPENDED') => async (ctx: RequestContext) => {
    await readJson(ctx);
    const token = store.customerTokens.get(param(ctx, 'token'));
    if (!token) throw notFound('Invalid customer-token ID');
    if (token.status === 'CANCELLED') {
      throw new KlarnaError(409, 'CONFLICT', ['A cancelled customer token cannot be changed']);
    }
    token.status = status;
    sendJson(ctx, 200, { token_id: token.tokenId, status: token.status });
  };
  root.post('/_emulator/tokens/:token/suspend', setStatus('SUSPENDED'));
  root.post('/_emulator/tokens/:token/reactivate', setStatus('ACTIVE'));
}
