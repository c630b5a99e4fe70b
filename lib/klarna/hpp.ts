import 'server-only';

import { klarnaRequest, type KlarnaCallOptions } from './client';
import { getKlarnaConfig, klarnaUrl, type KlarnaRegion } from './config';
import {
  hppSessionCreatedSchema,
  hppSessionReadSchema,
  type HppSessionCreateRequest,
  type HppSessionCreated,
  type HppSessionRead,
} from './schemas/hpp';

/* Hosted Payment Page API v1 (HPP): a Klarna-hosted page where the shopper pays for a Payments session. */

const segment = encodeURIComponent;

/** The URL of a Payments session in `region`, as HPP's `payment_session_url` names it. */
export function paymentSessionUrl(
  region: KlarnaRegion,
  sessionId: string,
  options: KlarnaCallOptions = {},
): string {
  const config = options.config ?? getKlarnaConfig();
  return klarnaUrl(config.regions[region], `/payments/v1/sessions/${segment(sessionId)}`);
}

/** Opens a hosted page for a Payments session of the same region. */
export async function createHppSession(
  region: KlarnaRegion,
  request: HppSessionCreateRequest,
  options: KlarnaCallOptions = {},
): Promise<HppSessionCreated> {
  const { data } = await klarnaRequest({
    ...options,
    region,
    method: 'POST',
    path: '/hpp/v1/sessions',
    body: request,
    schema: hppSessionCreatedSchema,
  });
  return data;
}

/** Reads a hosted page's status; 404 once it expired (48 hours). */
export async function readHppSession(
  region: KlarnaRegion,
  hppSessionId: string,
  options: KlarnaCallOptions = {},
): Promise<HppSessionRead> {
  const { data } = await klarnaRequest({
    ...options,
    region,
    method: 'GET',
    path: `/hpp/v1/sessions/${segment(hppSessionId)}`,
    schema: hppSessionReadSchema,
  });
  return data;
}

/** Disables a hosted page: its link stops working (refused once it was completed). */
export async function disableHppSession(
  region: KlarnaRegion,
  hppSessionId: string,
  options: KlarnaCallOptions = {},
): Promise<void> {
  await klarnaRequest({
    ...options,
    region,
    method: 'DELETE',
    path: `/hpp/v1/sessions/${segment(hppSessionId)}`,
  });
}
