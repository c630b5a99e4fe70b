import { z } from 'zod';
import { responseObject } from './common';

/* Hosted Payment Page API v1: a Klarna-hosted page for one Payments session, reached by a link. */

export const hppStatuses = [
  'WAITING',
  'BACK',
  'IN_PROGRESS',
  'MANUAL_ID_CHECK',
  'COMPLETED',
  'CANCELLED',
  'FAILED',
  'DISABLED',
  'ERROR',
] as const;
export type HppStatus = (typeof hppStatuses)[number];

const hppUrl = z.string().max(2000);

/** `SessionCreationRequestV1`: the page for an existing Payments session, and where it sends the shopper. */
export const hppSessionCreateRequestSchema = z.object({
  payment_session_url: hppUrl,
  merchant_urls: z
    .object({
      back: hppUrl.optional(),
      cancel: hppUrl.optional(),
      error: hppUrl.optional(),
      failure: hppUrl.optional(),
      status_update: hppUrl.optional(),
      success: hppUrl.optional(),
    })
    .optional(),
  options: z
    .object({
      page_title: z.string().max(200).optional(),
      place_order_mode: z.enum(['NONE', 'PLACE_ORDER', 'CAPTURE_ORDER']).optional(),
      purchase_type: z.enum(['BUY', 'RENT', 'BOOK', 'SUBSCRIBE', 'DOWNLOAD', 'ORDER', 'CONTINUE']).optional(),
    })
    .optional(),
});
export type HppSessionCreateRequest = z.infer<typeof hppSessionCreateRequestSchema>;

/** `SessionCreationResponseV1`: the page's URL is `redirect_url`. */
export const hppSessionCreatedSchema = responseObject({
  session_id: z.string().min(1),
  redirect_url: z.string().min(1),
  session_url: z.string().optional(),
  distribution_url: z.string().optional(),
  expires_at: z.string(),
});
export type HppSessionCreated = z.infer<typeof hppSessionCreatedSchema>;

/** `SessionResponseV1`, also the `session` of a `status_update` callback. */
export const hppSessionReadSchema = responseObject({
  session_id: z.string().min(1),
  status: z.enum(hppStatuses),
  updated_at: z.string().optional(),
  expires_at: z.string().optional(),
  /** Set once the shopper is approved (place_order_mode NONE): the merchant places the order. */
  authorization_token: z.string().optional(),
  order_id: z.string().optional(),
  klarna_reference: z.string().optional(),
});
export type HppSessionRead = z.infer<typeof hppSessionReadSchema>;

/** The body Klarna POSTs to `merchant_urls.status_update`: never trusted, only its ids are used. */
export const hppStatusCallbackSchema = z.object({
  event_id: z.string().min(1).max(200),
  session: z.object({ session_id: z.string().min(1).max(200) }).loose(),
});
