import { readFileSync } from 'node:fs';
import type { Emulator } from '../emulator.js';
import { KlarnaError } from '../errors.js';
import { escapeHtml } from '../html.js';
import { endReply, sendEmpty, sendJsonText } from '../http.js';
import { canonicalLocale, regionOf } from '../markets.js';
import {
  messagingContent,
  messagingMarket,
  PLACEMENT_KEYS,
  type MessagingRequest,
  type PlacementKey,
} from '../messaging.js';
import { REGIONS, type Region } from '../types.js';

/**
 * On-site messaging, both ways Klarna offers it:
 * - the API, `GET /{region}/messaging/v3?client_id=…&placement_key=…&locale=…&purchase_amount=…`,
 *   which a server calls to render the message itself (no Basic auth: a `client_id` identifies the
 *   store, as at Klarna, and browsers may call it too);
 * - the library, `/osm/lib.js`, which turns `<klarna-placement>` elements into messages in the
 *   browser, and the learn-more page its link opens.
 */

/** How long a client may keep an answer: Klarna's messaging changes with the merchant's settings only. */
const CACHE_CONTROL = 'public, max-age=300';

const LIBRARY = readFileSync(new URL('../sdk/osm.js', import.meta.url));

export function registerMessagingRoutes(emulator: Emulator): void {
  const { root } = emulator;

  root.get('/:region/messaging/v3', (ctx) => {
    const region = ctx.params.region as Region;
    if (!REGIONS.includes(region)) throw new KlarnaError(404, 'NOT_FOUND', [`No such resource: ${ctx.path}`]);
    // Klarna refuses a request without a User-Agent (403); browsers and HTTP libraries all send one.
    if (!ctx.req.headers['user-agent']) {
      throw new KlarnaError(403, 'FORBIDDEN', ['A User-Agent header is required']);
    }
    const request = readMessagingRequest(ctx.url.searchParams, region);
    const content = messagingContent(request, ctx.origin);
    const headers = { 'Cache-Control': CACHE_CONTROL, 'Access-Control-Allow-Origin': '*' };
    if (!content) return sendEmpty(ctx, 204, headers);
    sendJsonText(ctx, 200, JSON.stringify(content), headers);
  });

  root.get('/osm/lib.js', (ctx) => {
    ctx.res.writeHead(200, {
      'Content-Type': 'application/javascript; charset=utf-8',
      'Cache-Control': CACHE_CONTROL,
      'Access-Control-Allow-Origin': '*',
    });
    endReply(ctx, LIBRARY);
  });

  root.get('/osm/learn-more', (ctx) => {
    const query = ctx.url.searchParams;
    const locale = canonicalLocale(query.get('locale') ?? 'en-US');
    const market = messagingMarket(locale);
    const request = market && readMessagingRequest(query, regionOf(market.country));
    const text = request && messagingContent(request, ctx.origin)?.content.nodes[0].value;
    const body =
      `<!doctype html><html lang="${escapeHtml(locale.slice(0, 2))}"><head><meta charset="utf-8">` +
      '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Klarna</title></head>' +
      `<body><h1>Klarna</h1><p>${escapeHtml(text ?? 'Pay later with Klarna.')}</p>` +
      "<p>This page stands in for the explanation Klarna shows when a shopper follows a message's " +
      'link: the terms of each offer are set in the Klarna merchant agreement.</p></body></html>';
    ctx.res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'none'",
    });
    endReply(ctx, body);
  });
}

/** The query of a messaging call, checked as Klarna checks it: each problem is a 400 naming the parameter. */
function readMessagingRequest(query: URLSearchParams, region: Region): MessagingRequest {
  const problems: string[] = [];
  const clientId = query.get('client_id');
  if (!clientId?.trim()) problems.push('client_id is required');
  const placementKey = query.get('placement_key') ?? '';
  if (!PLACEMENT_KEYS.includes(placementKey as PlacementKey)) {
    problems.push(`placement_key must be one of ${PLACEMENT_KEYS.join(', ')}`);
  }
  const locale = canonicalLocale(query.get('locale') ?? '');
  const market = messagingMarket(locale);
  if (!market) problems.push(`locale "${query.get('locale') ?? ''}" is not one Klarna serves`);
  else if (regionOf(market.country) !== region) {
    problems.push(`locale ${locale} belongs to the ${regionOf(market.country)} region, not ${region}`);
  }
  const amountText = query.get('purchase_amount');
  let purchaseAmount: number | undefined;
  if (amountText !== null && amountText !== '') {
    purchaseAmount = Number(amountText);
    if (!/^\d+$/.test(amountText) || !Number.isSafeInteger(purchaseAmount)) {
      problems.push('purchase_amount must be a whole number of minor units, e.g. 12000 for 120.00');
    }
  }
  if (problems.length > 0) throw new KlarnaError(400, 'BAD_REQUEST', problems);
  return { clientId: clientId as string, placementKey: placementKey as PlacementKey, locale, purchaseAmount };
}
