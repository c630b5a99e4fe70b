import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { MAX_RENDERED_DEPTH } from '../src/redact.js';
import {
  KlarnaApi,
  orderBodyFrom,
  rawRequest,
  seBillingAddress,
  seCart,
  startReceiver,
  startTestEmulator,
} from './helpers.js';

let emulator: RunningEmulator;
let api: KlarnaApi;

beforeAll(async () => {
  emulator = await startTestEmulator();
  api = new KlarnaApi(emulator, 'eu');
});
afterAll(() => emulator.close());

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('the request log answers after any body', () => {
  test('a 50 000-deep JSON body: the log answers', async () => {
    const deep = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
    const refused = await api.request('POST', '/payments/v1/sessions', {
      rawBody: deep,
      headers: JSON_HEADERS,
    });
    expect(refused.status).toBe(400);
    const log = await rawRequest(emulator, 'GET', '/_emulator/requests');
    expect(log.status).toBe(200);
    expect(log.json.requests.at(-1).status).toBe(400);
  });

  test('a 30 000-deep JSON body is shown cut at the render depth', async () => {
    const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    const refused = await api.request('POST', '/payments/v1/sessions', {
      rawBody: deep,
      headers: JSON_HEADERS,
    });
    expect(refused.status).toBe(400);

    const log = await rawRequest(emulator, 'GET', '/_emulator/requests?limit=1');
    expect(log.status).toBe(200);
    let shown: unknown = log.json.requests[0].body;
    let depth = 0;
    while (Array.isArray(shown)) {
      shown = shown[0];
      depth++;
    }
    expect(depth).toBe(MAX_RENDERED_DEPTH);
    expect(shown).toMatch(/nested deeper than/);
  });

  test('a body over 64 KiB is shown cut, as text', async () => {
    await api.createSession(seCart({ merchant_data: 'x'.repeat(70_000) }));
    const [entry] = await api.requestLog(1);
    expect(typeof entry!.body).toBe('string');
    expect(entry!.body as string).toMatch(/… \[cut at 65536 characters\]$/);
  });
});

describe('the control API never shows callback secrets', () => {
  test('merchant URLs are shown with their query values hidden, everywhere', async () => {
    const receiver = await startReceiver();
    try {
      const urls = {
        authorization: `${receiver.url}/cb/authorization?secret=s3cret-value&session={session.id}`,
        notification: `${receiver.url}/cb/notification?secret=s3cret-value`,
        confirmation: 'https://shop.example/thanks',
      };
      const cart = seCart({ billing_address: seBillingAddress(), merchant_urls: urls });
      const created = await api.createSession(cart);
      const sessionId = created.json.session_id;
      const token = (await api.approve(sessionId)).json.authorization_token as string;
      const placed = await api.placeOrder(token, orderBodyFrom(cart, { merchant_urls: urls }));
      expect(placed.status).toBe(200);
      await receiver.waitFor(1, 30_000);
      // The delivery is logged once its answer is in.
      await emulator.emulator.callbacks.idle();
      // The merchant still receives its secret.
      expect(receiver.requests[0]!.path).toBe(`/cb/authorization?secret=s3cret-value&session=${sessionId}`);

      const views = await Promise.all(
        [
          '/_emulator/requests',
          '/_emulator/callbacks',
          `/_emulator/sessions/${sessionId}`,
          `/_emulator/orders/${placed.json.order_id}`,
        ].map((path) => rawRequest(emulator, 'GET', path)),
      );
      for (const view of views) {
        expect(view.status).toBe(200);
        expect(view.text).not.toContain('s3cret-value');
      }
      const session = views[2]!.json;
      expect(session.data.merchant_urls).toEqual({
        authorization: `${receiver.url}/cb/authorization?secret=***&session=***`,
        notification: `${receiver.url}/cb/notification?secret=***`,
        confirmation: 'https://shop.example/thanks',
      });
      expect(views[1]!.json.callbacks[0].url).toBe(`${receiver.url}/cb/authorization?secret=***&session=***`);
    } finally {
      await emulator.emulator.callbacks.idle();
      await receiver.close();
    }
  });
});

describe('control API bad input gets a clear JSON 4xx', () => {
  test.each([
    ['a clock jump past the year 9999', { advance_ms: 1e300 }, 'Bad value: advance_ms'],
    ['a clock advance in days past the year 9999', { advance: '99999999d' }, 'Bad value: advance'],
    ['a clock set before 1970', { set: '1969-12-31T00:00:00Z' }, 'Bad value: set'],
    ['a negative advance', { advance_ms: -1 }, 'Bad value: advance_ms'],
    ['an unknown clock field', { forward: '1h' }, 'Bad value: forward'],
  ])('%s: 400 and the clock keeps working', async (_label, body, message) => {
    const before = (await api.clock()).json.now;
    const response = await api.clock(body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.json.error_messages?.[0]).toBe(message);
    const after = await api.clock();
    expect(after.status).toBe(200);
    expect(Date.parse(after.json.now) - Date.parse(before)).toBeLessThan(60_000);
  });

  test.each([
    ['POST', '/_emulator/clock', '[1]', 400],
    ['POST', '/_emulator/clock', '{"advance":', 400],
    ['POST', '/_emulator/faults', '"reset"', 400],
    ['POST', '/_emulator/sessions/nope/authorize', '{}', 404],
    ['GET', '/_emulator/requests?limit=-1', undefined, 400],
    ['GET', '/_emulator/callbacks?limit=many', undefined, 400],
    ['GET', '/_emulator/orders/nope', undefined, 404],
    ['GET', '/_emulator/sessions/%E0%A4%A', undefined, 404],
    ['DELETE', '/_emulator/faults/nope', undefined, 404],
    ['POST', '/_emulator/tokens/nope/suspend', undefined, 404],
    ['PATCH', '/_emulator/clock', '{}', 405],
  ])('%s %s %s → %i with a JSON error', async (method, path, rawBody, status) => {
    const response = await rawRequest(emulator, method, path, {
      ...(rawBody === undefined ? {} : { rawBody, headers: JSON_HEADERS }),
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.json.error_code).toEqual(expect.any(String));
    expect(response.json.error_messages.length).toBeGreaterThan(0);
  });
});

describe('the control API is described as OpenAPI', () => {
  test('GET /_emulator/openapi.json describes every control route with its methods', async () => {
    const response = await rawRequest(emulator, 'GET', '/_emulator/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const document = response.json as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toMatch(/^3\./);

    // The inspector (/_emulator/ui) is HTML pages for people, not part of the JSON control API.
    const routes = emulator.emulator.root
      .list()
      .filter(
        (route) => route.pattern.startsWith('/_emulator') && !route.pattern.startsWith('/_emulator/ui'),
      );
    expect(routes.length).toBeGreaterThan(15);
    const missing = routes
      .map((route) => `${route.method} ${route.pattern.replace(/:(\w+)/g, '{$1}')}`)
      .filter((route) => {
        const [method, path] = route.split(' ') as [string, string];
        return document.paths[path]?.[method.toLowerCase()] === undefined;
      });
    expect(missing).toEqual([]);

    // And nothing is described that the emulator does not serve.
    const served = new Set(
      routes.map((route) => `${route.method} ${route.pattern.replace(/:(\w+)/g, '{$1}')}`),
    );
    const described = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(described.filter((route) => !served.has(route))).toEqual([]);
  });

  test('every $ref in the document points at a schema it defines', async () => {
    const { text, json } = await rawRequest(emulator, 'GET', '/_emulator/openapi.json');
    const refs = [...text.matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((match) => match[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const name of refs) expect(Object.keys(json.components.schemas)).toContain(name);
  });
});
