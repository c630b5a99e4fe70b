import 'server-only';

import { z } from 'zod';
import { klarnaUrl, type KlarnaConfig, type KlarnaRegion } from './config';
import { KlarnaError } from './errors';

/**
 * Klarna's On-site messaging API: the offer line for an amount ("Pay in 3 interest-free payments
 * of 433,00 kr"), as `GET {region base URL}/messaging/v3`. It identifies the store by its public
 * `client_id`, not by the merchant credentials, and answers 204 when Klarna shows nothing for the
 * amount (outside every offer's limits).
 */

/** The two placements Klarna's API serves: a line under a price, and a site-wide strip (no amount). */
export type MessagingPlacement = 'credit-promotion-badge' | 'top-strip-promotion-badge';

/** What a placement shows, in the locale it was asked for. */
export interface KlarnaMessage {
  text: string;
  learnMore: { url: string; label: string };
}

export interface MessagingRequest {
  region: KlarnaRegion;
  placement: MessagingPlacement;
  /** A Klarna locale of the market (`sv-SE`): the message's language and money format. */
  locale: string;
  /** Minor units of the market's currency; left out for the strip. */
  purchaseAmount?: number;
}

export interface MessagingOptions {
  config: Pick<KlarnaConfig, 'regions'>;
  clientId: string;
  /** The whole call, body included. Short: a page is waiting, and no message is a fine answer. */
  timeoutMs: number;
}

const textNode = z.object({ name: z.literal('TEXT_MAIN'), value: z.string().min(1) });
const learnMoreNode = z.object({
  name: z.literal('ACTION_LEARN_MORE'),
  url: z.url({ protocol: /^https?$/ }),
  label: z.string().min(1),
});
const messagingResponse = z.object({
  content: z.object({ nodes: z.array(z.object({ name: z.string() }).loose()) }),
});

/** Klarna refuses a call without a User-Agent (403). */
const USER_AGENT = 'NordlysStore/1.0 (+on-site-messaging)';

/**
 * The message for one placement, or null when Klarna shows none for it (204). Throws a
 * {@link KlarnaError} when Klarna cannot be reached in time or answers anything else, so that a
 * cache never keeps a failure.
 */
export async function fetchKlarnaMessage(
  request: MessagingRequest,
  options: MessagingOptions,
): Promise<KlarnaMessage | null> {
  const query = new URLSearchParams({
    client_id: options.clientId,
    placement_key: request.placement,
    locale: request.locale,
  });
  if (request.purchaseAmount !== undefined) query.set('purchase_amount', String(request.purchaseAmount));
  const path = `/messaging/v3?${query.toString()}`;
  const failure = (status: number | null, code: string, messages: string[], cause?: unknown) =>
    new KlarnaError({
      status,
      code,
      messages,
      correlationId: null,
      region: request.region,
      method: 'GET',
      path,
      cause,
    });

  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  let body: unknown;
  try {
    response = await fetch(klarnaUrl(options.config.regions[request.region], path), {
      headers: { Accept: 'application/json', 'User-Agent': USER_AGENT },
      signal,
      cache: 'no-store',
    });
    if (response.status === 204) return null;
    if (!response.ok) {
      await response.body?.cancel();
      throw failure(response.status, `HTTP_${response.status}`, []);
    }
    body = await response.json();
  } catch (error) {
    if (error instanceof KlarnaError) throw error;
    if (error instanceof SyntaxError) throw failure(200, 'INVALID_RESPONSE', ['the body is not JSON'], error);
    throw failure(null, signal.aborted ? 'TIMEOUT' : 'NETWORK_ERROR', [], error);
  }

  const parsed = messagingResponse.safeParse(body);
  const nodes = parsed.success ? parsed.data.content.nodes : [];
  const text = textNode.safeParse(nodes.find((node) => node.name === 'TEXT_MAIN'));
  const learnMore = learnMoreNode.safeParse(nodes.find((node) => node.name === 'ACTION_LEARN_MORE'));
  if (!text.success || !learnMore.success) {
    throw failure(response.status, 'INVALID_RESPONSE', ['the message has no text or learn-more link']);
  }
  return {
    text: text.data.value,
    learnMore: { url: learnMore.data.url, label: learnMore.data.label },
  };
}
