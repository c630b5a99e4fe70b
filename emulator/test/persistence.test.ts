import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { RunningEmulator, StartEmulatorOptions } from '../src/index.js';
import { snapshotJsonChunks, takeSnapshot } from '../src/snapshot.js';
import { orderBodyFrom, rawRequest, seCart, seShippingAddress, startTestEmulator } from './helpers.js';
import { orderApi, TOKEN_CHARGE } from './order-management-helpers.js';

/**
 * State kept in a data directory across restarts, and snapshots exported and imported through the
 * control API. Each test starts real emulators on loopback and restarts them on the same folder.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function dataFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'klarna-emulator-data-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const running = new Set<RunningEmulator>();
afterEach(async () => {
  for (const emulator of running) await emulator.close();
  running.clear();
});

async function start(options: StartEmulatorOptions): Promise<RunningEmulator> {
  const emulator = await startTestEmulator(options);
  running.add(emulator);
  return emulator;
}

/** Stops an emulator the way a restart does: `close()` writes the data directory. */
async function stop(emulator: RunningEmulator): Promise<void> {
  running.delete(emulator);
  await emulator.close();
}

/** A snapshot document as written (version 3): tables whose reference cells point into `values`. */
interface Document extends Record<string, unknown> {
  values: unknown[];
}

interface Table {
  columns: string[];
  refs: string[];
  nested?: Record<string, { columns: string[]; refs: string[] }>;
  rows: unknown[][];
}

/**
 * The records of one of the document's tables, read as the format describes them: a field per
 * column, a reference cell replaced by its entry in `values`. Nested rows are left as rows.
 */
function tableRecords(document: Document, key: string): Record<string, unknown>[] {
  const { columns, refs, rows } = document[key] as Table;
  return rows.map((row) =>
    Object.fromEntries(
      columns.flatMap((name, i) => {
        const cell = row[i];
        if (cell === null || cell === undefined) return [];
        return [[name, refs.includes(name) ? document.values[cell as number] : cell]];
      }),
    ),
  );
}

/** The index in `values` a reference cell of a table's row holds. */
function refOf(table: Pick<Table, 'columns'>, row: unknown[], name: string): unknown {
  return row[table.columns.indexOf(name)];
}

describe('a data directory', () => {
  test('orders, captures, tokens and HPP sessions are still there after a restart, and a keyed retry replays', async () => {
    const dir = dataFolder();
    const first = await start({ dataDir: dir });
    const api = orderApi(first);
    const orderId = await api.placedOrder();
    const key = randomUUID();
    const capture = await api.capture(orderId, { captured_amount: 5000 }, key);
    expect(capture.status).toBe(201);
    const tokenId = await api.customerToken();
    const sessionId = (await api.createSession(seCart())).json.session_id;
    const hpp = await api.request('POST', '/hpp/v1/sessions', {
      body: { payment_session_url: `https://api.klarna.com/payments/v1/sessions/${sessionId}` },
    });
    await api.advanceClock('2h');
    const clockBefore = Date.parse((await api.clock()).json.now);
    await stop(first);

    const second = await start({ dataDir: dir });
    expect(second.emulator.persistence?.startedWith).toBe('saved-state');
    const again = orderApi(second);
    const order = await again.getOrder(orderId);
    expect(order.status).toBe(200);
    expect(order.json).toMatchObject({ status: 'PART_CAPTURED', captured_amount: 5000 });
    expect(order.json.captures).toHaveLength(1);
    // The same key after the restart replays the first answer instead of capturing twice.
    const retried = await again.capture(orderId, { captured_amount: 5000 }, key);
    expect(retried.headers.get('capture-id')).toBe(capture.headers.get('capture-id'));
    expect((await again.getOrder(orderId)).json.captured_amount).toBe(5000);
    expect((await again.request('GET', `/customer-token/v1/tokens/${tokenId}`)).json.status).toBe('ACTIVE');
    expect((await again.chargeToken(tokenId, TOKEN_CHARGE)).status).toBe(200);
    expect((await again.readSession(sessionId)).status).toBe(200);
    expect((await again.request('GET', `/hpp/v1/sessions/${hpp.json.session_id}`)).json.status).toBe(
      'WAITING',
    );
    // The emulator clock keeps its lead over real time.
    expect(Date.parse((await again.clock()).json.now)).toBeGreaterThanOrEqual(clockBefore);
    expect((await again.requestLog()).some((entry) => entry.path.endsWith('/captures'))).toBe(true);
  });

  test('an authorization not used yet still places its order after a restart; a spent one keeps no copy of the cart', async () => {
    const dir = dataFolder();
    const first = await start({ dataDir: dir });
    const api = orderApi(first);
    const spent = await api.placedOrder();
    const { token } = await api.authorizedSession();
    await stop(first);
    const saved = JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8')) as Document;
    const authorizations = tableRecords(saved, 'authorizations');
    expect(authorizations.find((entry) => entry.orderId === spent)?.authorized).toBeUndefined();
    expect(authorizations.find((entry) => entry.token === token)?.authorized).toBeDefined();

    const second = await start({ dataDir: dir });
    const placed = await orderApi(second).placeOrder(token, orderBodyFrom(seCart()));
    expect(placed.status).toBe(200);
    // Saved again and loaded once more, the spent authorizations still load.
    await stop(second);
    const third = await start({ dataDir: dir });
    expect(third.emulator.persistence?.startedWith).toBe('saved-state');
    expect(third.emulator.store.orders.size).toBe(2);
  });

  test('state is written while the emulator runs, not only on close', async () => {
    const dir = dataFolder();
    const emulator = await start({ dataDir: dir, dataDirTiming: { idleMs: 20, pollMs: 10 } });
    const orderId = await orderApi(emulator).placedOrder();
    const file = path.join(dir, 'state.json');
    await expect
      .poll(() => (existsSync(file) ? readFileSync(file, 'utf8') : ''), { timeout: 10_000 })
      .toContain(orderId);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test('reading the inspector or health does not make it write again', async () => {
    const dir = dataFolder();
    const emulator = await start({ dataDir: dir, dataDirTiming: { idleMs: 20, pollMs: 10 } });
    const orderId = await orderApi(emulator).placedOrder();
    await expect.poll(() => emulator.emulator.persistence?.lastSavedAt, { timeout: 10_000 }).toBeDefined();
    await expect
      .poll(() => readFileSync(path.join(dir, 'state.json'), 'utf8'), { timeout: 10_000 })
      .toContain(orderId);
    const saved = emulator.emulator.persistence?.lastSavedAt;
    for (const target of ['/_emulator/ui', '/_emulator/health', `/_emulator/ui/orders/${orderId}`]) {
      expect((await rawRequest(emulator, 'GET', target)).status).toBe(200);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(emulator.emulator.persistence?.lastSavedAt).toBe(saved);
  });

  test('EMULATOR_DATA_DIR names the folder too', async () => {
    const dir = dataFolder();
    const first = await start({ env: { EMULATOR_DATA_DIR: dir } });
    const orderId = await orderApi(first).placedOrder();
    await stop(first);
    const second = await start({ env: { EMULATOR_DATA_DIR: dir } });
    expect((await orderApi(second).getOrder(orderId)).status).toBe(200);
  });

  test('a corrupt state file is refused with a clear message: the emulator starts empty and keeps the file', async () => {
    const dir = dataFolder();
    writeFileSync(path.join(dir, 'state.json'), '{"format":"klarna-emulator-snapshot","version":1,');
    const emulator = await start({ dataDir: dir });
    const status = emulator.emulator.persistence;
    expect(status?.startedWith).toBe('refused-state');
    expect(status?.loadError).toMatch(/not JSON/);
    expect(readFileSync(status?.refusedFileKeptAs as string, 'utf8')).toContain('klarna-emulator-snapshot');
    expect((await orderApi(emulator).createSession()).status).toBe(200);
  });

  test('a snapshot broken half-way loads nothing, not the half before the fault', async () => {
    const dir = dataFolder();
    const first = await start({ dataDir: dir });
    const api = orderApi(first);
    const goodOrder = await api.placedOrder();
    await api.placedOrder();
    await stop(first);
    const file = path.join(dir, 'state.json');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { orders: Table };
    (saved.orders.rows[1] as unknown[])[saved.orders.columns.indexOf('orderAmount')] = 'lots';
    writeFileSync(file, JSON.stringify(saved));

    const second = await start({ dataDir: dir });
    expect(second.emulator.persistence?.loadError).toBe(
      'Not a valid emulator snapshot: orders[1].orderAmount must be an integer',
    );
    expect(second.emulator.store.sessions.size).toBe(0);
    expect((await orderApi(second).getOrder(goodOrder)).status).toBe(404);
  });

  test('a fraud decision still pending at the restart arrives after it', async () => {
    const dir = dataFolder();
    const first = await start({ dataDir: dir });
    const orderId = await orderApi(first).placedOrder(seCart(), 'customer+pend-accept-05@email.se');
    await stop(first);
    const second = await start({ dataDir: dir });
    const api = orderApi(second);
    expect((await api.getOrder(orderId)).json.fraud_status).toBe('PENDING');
    await api.advanceClock('5m');
    expect((await api.getOrder(orderId)).json.fraud_status).toBe('ACCEPTED');
  });
});

describe('snapshots through the control API', () => {
  test('export, reset and import bring the orders back', async () => {
    const emulator = await start({});
    const api = orderApi(emulator);
    const orderId = await api.placedOrder();
    const amount = seCart().order_amount as number;
    await api.capture(orderId, { captured_amount: amount });
    const exported = await rawRequest(emulator, 'GET', '/_emulator/snapshot');
    expect(exported.status).toBe(200);
    expect(exported.json).toMatchObject({ format: 'klarna-emulator-snapshot', version: 3 });

    await rawRequest(emulator, 'POST', '/_emulator/reset');
    expect((await api.getOrder(orderId)).status).toBe(404);
    const imported = await rawRequest(emulator, 'PUT', '/_emulator/snapshot', { rawBody: exported.text });
    expect(imported.status).toBe(200);
    expect(imported.json).toMatchObject({
      ok: true,
      restored: { orders: 1, sessions: 1, authorizations: 1 },
    });
    const order = await api.getOrder(orderId);
    expect(order.json).toMatchObject({ status: 'CAPTURED', captured_amount: amount });
    expect((await api.refund(orderId, { refunded_amount: 2500 })).status).toBe(201);
  });

  test('a bad snapshot is refused with a clear message and changes nothing', async () => {
    const emulator = await start({});
    const api = orderApi(emulator);
    const orderId = await api.placedOrder();
    const exported = JSON.parse((await rawRequest(emulator, 'GET', '/_emulator/snapshot')).text) as Record<
      string,
      unknown
    >;
    const cases: [string, string][] = [
      ['{"format":', 'Not a valid emulator snapshot: the body is not JSON'],
      ['[]', 'Not a valid emulator snapshot: expected a JSON object'],
      [
        JSON.stringify({ ...exported, version: 7 }),
        'Unsupported emulator snapshot version 7 (this emulator reads versions 1, 2 and 3)',
      ],
      [
        JSON.stringify({ ...exported, orders: 'none' }),
        'Not a valid emulator snapshot: orders must be a list',
      ],
      [
        JSON.stringify({ ...exported, sessions: [{ id: 'x' }] }),
        'Not a valid emulator snapshot: sessions[0].region must be a string',
      ],
      ['', 'Send the snapshot as the request body'],
    ];
    for (const [body, message] of cases) {
      const refused = await rawRequest(emulator, 'PUT', '/_emulator/snapshot', { rawBody: body });
      expect(refused.status, body.slice(0, 40)).toBe(400);
      expect(refused.json).toMatchObject({ error_code: 'BAD_SNAPSHOT', error_messages: [message] });
    }
    expect((await api.getOrder(orderId)).status).toBe(200);
  });
  /** An emulator holding an order and `redirects` more records: a snapshot of megabytes. */
  async function largeState(redirects: number): Promise<{ emulator: RunningEmulator; orderId: string }> {
    const emulator = await start({});
    const orderId = await orderApi(emulator).placedOrder();
    for (let i = 0; i < redirects; i++) {
      emulator.emulator.store.redirects.set(`id-${i}`, `https://shop.example/return/${i}`);
    }
    return { emulator, orderId };
  }

  /** A PUT of `body` without Content-Length, in pieces of 64 KB (HTTP chunked transfer encoding). */
  function putChunked(emulator: RunningEmulator, body: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        `${emulator.url}/_emulator/snapshot`,
        { method: 'PUT', headers: { 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      for (let at = 0; at < body.length; at += 65536) req.write(body.slice(at, at + 65536));
      req.end();
    });
  }

  test('a snapshot of megabytes imports whole, with a Content-Length or sent in chunks', async () => {
    const { emulator, orderId } = await largeState(40_000);
    const exported = await rawRequest(emulator, 'GET', '/_emulator/snapshot');
    expect(exported.text.length).toBeGreaterThan(1_500_000);
    const orderBefore = (await orderApi(emulator).getOrder(orderId)).json;
    const withoutTime = (text: string) => ({ ...(JSON.parse(text) as object), saved_at: '' });

    const target = await start({});
    const sized = await rawRequest(target, 'PUT', '/_emulator/snapshot', { rawBody: exported.text });
    expect(sized.status).toBe(200);
    expect(target.emulator.store.redirects.size).toBe(40_000);
    expect(withoutTime((await rawRequest(target, 'GET', '/_emulator/snapshot')).text)).toEqual(
      withoutTime(exported.text),
    );

    await rawRequest(target, 'POST', '/_emulator/reset');
    const chunked = await putChunked(target, exported.text);
    expect(chunked.status).toBe(200);
    expect(withoutTime((await rawRequest(target, 'GET', '/_emulator/snapshot')).text)).toEqual(
      withoutTime(exported.text),
    );
    expect((await orderApi(target).getOrder(orderId)).json).toEqual(orderBefore);
  });

  test('a snapshot whose body stops half-way changes nothing, and the emulator keeps answering', async () => {
    const { emulator, orderId } = await largeState(20_000);
    const text = (await rawRequest(emulator, 'GET', '/_emulator/snapshot')).text;
    const target = await start({});
    const targetOrder = await orderApi(target).placedOrder();
    const { port } = new URL(target.url);
    await new Promise<void>((resolve, reject) => {
      let connected = false;
      const socket = connect(Number(port), '127.0.0.1', () => {
        connected = true;
        socket.write(
          `PUT /_emulator/snapshot HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
            `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n`,
        );
        socket.end(text.slice(0, text.length / 2), () => socket.destroy());
      });
      // Once the half body is on its way, the server may reset the connection it was cut off
      // from: that is the point of the test, not a failure of it.
      socket.on('error', (error) => {
        if (!connected) reject(error);
      });
      socket.on('close', () => resolve());
    });
    const order = await orderApi(target).getOrder(targetOrder);
    expect(order.status).toBe(200);
    expect((await orderApi(target).getOrder(orderId)).status).toBe(404);
    expect(target.emulator.store.redirects.size).toBe(0);
    // The whole document still goes in afterwards.
    expect((await rawRequest(target, 'PUT', '/_emulator/snapshot', { rawBody: text })).status).toBe(200);
    expect((await orderApi(target).getOrder(orderId)).status).toBe(200);
  });
});

describe('the snapshot format', () => {
  /** Snapshots written by the previous formats, as data directories still hold them. */
  const V1_FIXTURE = path.join(import.meta.dirname, 'fixtures', 'snapshot-v1.json');
  /** The same state as written by version 2 (with its "same as order" markers). */
  const V2_FIXTURE = path.join(import.meta.dirname, 'fixtures', 'snapshot-v2.json');
  const FIXTURE_CAPTURED_ORDER = 'ccdbc892-a94c-4641-9770-e929549b0b65';
  const FIXTURE_OPEN_ORDER = '7957e84c-18fe-4288-8ffe-672a276c548f';
  const FIXTURE_TOKEN = 'e65923e5-ee18-4605-a7c1-eadb7660a9ce';

  type ListDocument = Record<string, unknown> & {
    sessions: Record<string, unknown>[];
    orders: (Record<string, unknown> & { captures: Record<string, unknown>[] })[];
  };

  async function exportState(emulator: RunningEmulator): Promise<Document> {
    const exported = await rawRequest(emulator, 'GET', '/_emulator/snapshot');
    expect(exported.status).toBe(200);
    return JSON.parse(exported.text) as Document;
  }

  async function importState(emulator: RunningEmulator, document: unknown) {
    return rawRequest(emulator, 'PUT', '/_emulator/snapshot', { rawBody: JSON.stringify(document) });
  }

  test("an order's lines and addresses are written once, and the state comes back exactly", async () => {
    const emulator = await start({});
    const api = orderApi(emulator);
    const { sessionId, token } = await api.authorizedSession();
    const placed = await api.placeOrder(token, orderBodyFrom(seCart(), { auto_capture: true }));
    expect(placed.status).toBe(200);
    const orderId = placed.json.order_id;
    const sessionBefore = (await api.readSession(sessionId)).json;
    const orderBefore = (await api.getOrder(orderId)).json;

    const first = await exportState(emulator);
    expect(first.version).toBe(3);
    const orders = first.orders as Table;
    const sessions = first.sessions as Table;
    const order = orders.rows[0] as unknown[];
    const lines = refOf(orders, order, 'orderLines') as number;
    expect(first.values[lines]).toMatchObject(seCart().order_lines as object[]);
    // The capture's and the session's lines and addresses are the order's entry of `values`.
    const capture = (refOf(orders, order, 'captures') as unknown[][])[0] as unknown[];
    const captures = orders.nested?.captures as Table;
    expect(refOf(captures, capture, 'order_lines')).toBe(lines);
    expect(refOf(captures, capture, 'billing_address')).toBe(refOf(orders, order, 'billingAddress'));
    const data = refOf(sessions, sessions.rows[0] as unknown[], 'data') as unknown[];
    expect(refOf(sessions.nested?.data as Table, data, 'order_lines')).toBe(lines);
    const linesText = JSON.stringify(first.values[lines]);
    expect(first.values.filter((value) => JSON.stringify(value) === linesText)).toHaveLength(1);
    expect(first.values.filter((value) => value === orderId)).toHaveLength(1);
    const [session] = tableRecords(first, 'sessions');
    expect(session).not.toHaveProperty('clientToken');
    expect(session).toHaveProperty('clientTokenParts');

    await rawRequest(emulator, 'POST', '/_emulator/reset');
    expect((await importState(emulator, first)).status).toBe(200);
    // Loaded and written again, the document is the same but for its time.
    const second = await exportState(emulator);
    expect({ ...second, saved_at: '' }).toEqual({ ...first, saved_at: '' });
    expect((await api.readSession(sessionId)).json).toEqual(sessionBefore);
    expect((await api.getOrder(orderId)).json).toEqual(orderBefore);
  });

  test('a value an order shared with its capture and then replaced is written apart, and comes back so', async () => {
    const emulator = await start({});
    const api = orderApi(emulator);
    const { token } = await api.authorizedSession();
    const placed = await api.placeOrder(token, orderBodyFrom(seCart(), { auto_capture: true }));
    const orderId = placed.json.order_id;
    const newAddress = seShippingAddress();
    expect(
      (await api.write('PATCH', orderId, '/customer-details', { shipping_address: newAddress })).status,
    ).toBe(204);
    const orderBefore = (await api.getOrder(orderId)).json;
    expect(orderBefore.shipping_address).toMatchObject(newAddress);
    expect(orderBefore.captures[0].shipping_address).toEqual(orderBefore.billing_address);

    const exported = await exportState(emulator);
    const [order] = tableRecords(exported, 'orders');
    expect(order?.shippingAddress).toMatchObject(newAddress);
    const orders = exported.orders as Table;
    const row = orders.rows[0] as unknown[];
    const capture = (refOf(orders, row, 'captures') as unknown[][])[0] as unknown[];
    const captures = orders.nested?.captures as Table;
    expect(refOf(captures, capture, 'shipping_address')).toBe(refOf(orders, row, 'billingAddress'));
    expect(refOf(captures, capture, 'shipping_address')).not.toBe(refOf(orders, row, 'shippingAddress'));

    await rawRequest(emulator, 'POST', '/_emulator/reset');
    expect((await importState(emulator, exported)).status).toBe(200);
    expect((await api.getOrder(orderId)).json).toEqual(orderBefore);
  });

  test('orders that shared values in the snapshot still change one at a time', async () => {
    const emulator = await start({});
    const api = orderApi(emulator);
    const changed = await api.placedOrder();
    const other = await api.placedOrder();
    const otherBefore = (await api.getOrder(other)).json;
    const exported = await exportState(emulator);
    const orders = exported.orders as Table;
    expect(refOf(orders, orders.rows[0] as unknown[], 'orderLines')).toBe(
      refOf(orders, orders.rows[1] as unknown[], 'orderLines'),
    );
    await rawRequest(emulator, 'POST', '/_emulator/reset');
    expect((await importState(emulator, exported)).status).toBe(200);

    const [line] = otherBefore.order_lines;
    expect(
      (await api.write('PATCH', changed, '/authorization', { order_amount: 20000, order_lines: [line] }))
        .status,
    ).toBe(204);
    expect(
      (await api.write('POST', changed, '/shipping-info', { shipping_info: [{ tracking_number: 'T1' }] }))
        .status,
    ).toBe(204);
    expect(
      (await api.write('PATCH', changed, '/customer-details', { shipping_address: seShippingAddress() }))
        .status,
    ).toBe(204);
    expect((await api.capture(changed, { captured_amount: 20000 })).status).toBe(201);
    const after = (await api.getOrder(changed)).json;
    expect(after.order_lines).toHaveLength(1);
    expect(after.shipping_info).toHaveLength(1);
    expect((await api.getOrder(other)).json).toEqual(otherBefore);
  });

  test('a version 1 or version 2 snapshot still loads, through the control API and from a data directory', async () => {
    for (const fixture of [V1_FIXTURE, V2_FIXTURE]) {
      const text = readFileSync(fixture, 'utf8');
      const version = fixture === V1_FIXTURE ? 1 : 2;
      expect(JSON.parse(text)).toMatchObject({ format: 'klarna-emulator-snapshot', version });
      if (version === 2) expect(text).toContain('"same as order"');
      const emulator = await start({});
      const imported = await rawRequest(emulator, 'PUT', '/_emulator/snapshot', { rawBody: text });
      expect(imported.status).toBe(200);
      expect(imported.json).toMatchObject({ restored: { orders: 2, customer_tokens: 1 } });

      const dir = dataFolder();
      writeFileSync(path.join(dir, 'state.json'), text);
      const restarted = await start({ dataDir: dir });
      expect(restarted.emulator.persistence?.startedWith).toBe('saved-state');

      for (const running of [emulator, restarted]) {
        const api = orderApi(running);
        // The fixtures were written on 2 March 2026; their orders are read at that time.
        await api.clock({ set: '2026-03-02T10:00:00.000Z' });
        const captured = await api.getOrder(FIXTURE_CAPTURED_ORDER);
        expect(captured.json).toMatchObject({ status: 'PART_CAPTURED', captured_amount: 5000 });
        expect(captured.json.captures[0].order_lines).toEqual([]);
        const open = await api.getOrder(FIXTURE_OPEN_ORDER);
        expect(open.json).toMatchObject({
          status: 'AUTHORIZED',
          order_lines: [{ reference: 'SHIRT-1' }, {}],
        });
        expect((await api.capture(FIXTURE_OPEN_ORDER, { captured_amount: 24900 })).status).toBe(201);
        expect((await api.request('GET', `/customer-token/v1/tokens/${FIXTURE_TOKEN}`)).json.status).toBe(
          'ACTIVE',
        );
      }
      // Written again, it is in the current format and loads as before.
      await stop(restarted);
      const rewritten = JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8')) as Document;
      expect(rewritten.version).toBe(3);
      const again = await start({ dataDir: dir });
      expect(again.emulator.persistence?.startedWith).toBe('saved-state');
      expect((await orderApi(again).getOrder(FIXTURE_OPEN_ORDER)).json.status).toBe('CAPTURED');
    }
  });

  test('a version 2 snapshot whose markers do not check out is refused and changes nothing', async () => {
    const emulator = await start({});
    const api = orderApi(emulator);
    const orderId = await api.placedOrder();
    const fixture = JSON.parse(readFileSync(V2_FIXTURE, 'utf8')) as ListDocument;
    const captured = fixture.orders.findIndex((order) => order.orderId === FIXTURE_CAPTURED_ORDER);
    const withOrder = (change: (order: ListDocument['orders'][number]) => void): string => {
      const copy = structuredClone(fixture);
      change(copy.orders[captured] as ListDocument['orders'][number]);
      return JSON.stringify(copy);
    };
    const cases: [string, string][] = [
      [
        withOrder((order) => ((order.captures[0] as Record<string, unknown>).order_lines = 'same as orders')),
        `Not a valid emulator snapshot: orders[${captured}].captures[0].order_lines must be an array or "same as order"`,
      ],
      [
        withOrder((order) => {
          order.shippingAddress = 'same as billingAddress';
          delete order.billingAddress;
        }),
        `Not a valid emulator snapshot: orders[${captured}].billingAddress must be an object (shippingAddress is "same as billingAddress")`,
      ],
      [
        withOrder((order) => (order.orderId = 'another-order')),
        expect.stringMatching(
          /^Not a valid emulator snapshot: sessions\[\d\]\.dataOrderId must be the id of an order in the snapshot$/,
        ),
      ],
      [
        JSON.stringify({
          ...fixture,
          sessions: fixture.sessions.map((session) => ({ ...session, clientTokenParts: undefined })),
        }),
        'Not a valid emulator snapshot: sessions[0].clientToken must be a string',
      ],
    ];
    for (const [body, message] of cases) {
      const refused = await rawRequest(emulator, 'PUT', '/_emulator/snapshot', { rawBody: body });
      expect(refused.status, String(message)).toBe(400);
      expect(refused.json).toMatchObject({ error_code: 'BAD_SNAPSHOT', error_messages: [message] });
    }
    expect((await api.getOrder(orderId)).status).toBe(200);
  });

  test('a version 3 snapshot whose tables do not check out is refused with the path, and changes nothing', async () => {
    const emulator = await start({});
    const api = orderApi(emulator);
    const { token } = await api.authorizedSession();
    const orderId = (await api.placeOrder(token, orderBodyFrom(seCart(), { auto_capture: true }))).json
      .order_id;
    const exported = await exportState(emulator);
    const withOrders = (change: (orders: Table, row: unknown[]) => void): Document => {
      const copy = structuredClone(exported);
      const orders = copy.orders as Table;
      change(orders, orders.rows[0] as unknown[]);
      return copy;
    };
    const cell = (orders: Table, name: string) => orders.columns.indexOf(name);
    const linesAt = refOf(
      exported.orders as Table,
      (exported.orders as Table).rows[0] as unknown[],
      'orderLines',
    );
    const cases: [Document, string][] = [
      [{ ...exported, values: undefined as unknown as unknown[] }, 'values must be a list'],
      [
        withOrders((orders, row) => (row[cell(orders, 'orderLines')] = exported.values.length)),
        'orders[0].orderLines must be the index of an entry in values',
      ],
      [
        withOrders((orders, row) => (row[cell(orders, 'region')] = linesAt)),
        'orders[0].region must be a string',
      ],
      [
        withOrders((orders, row) => (row[cell(orders, 'orderAmount')] = '100')),
        'orders[0].orderAmount must be an integer',
      ],
      [
        withOrders((orders) => orders.refs.push('shippingInfo')),
        'orders.refs must be a list without shippingInfo (each record keeps its own)',
      ],
      [
        withOrders((orders) => (orders.columns[orders.columns.length - 1] = '__proto__')),
        'orders.columns must be a list of field names without __proto__',
      ],
      [
        withOrders((orders, row) => row.push(...Array<number>(orders.columns.length).fill(0))),
        `orders[0] must be a row of at most ${(exported.orders as Table).columns.length} cells`,
      ],
      [
        withOrders((orders, row) => (row[cell(orders, 'captures')] = 'none')),
        'orders[0].captures must be a list of rows',
      ],
      [
        withOrders((orders, row) => ((row[cell(orders, 'captures')] as unknown[][])[0] = [linesAt])),
        'orders[0].captures[0].capture_id must be a string',
      ],
      [{ ...exported, orders: { rows: [] } }, 'orders.columns must be a list of field names'],
    ];
    for (const [document, message] of cases) {
      const refused = await importState(emulator, document);
      expect(refused.status, message).toBe(400);
      expect(refused.json).toMatchObject({
        error_code: 'BAD_SNAPSHOT',
        error_messages: [`Not a valid emulator snapshot: ${message}`],
      });
    }
    expect((await api.getOrder(orderId)).json.status).toBe('CAPTURED');
  });
});

test('the data directory writes the same JSON as the export, also across its 500-record pieces', async () => {
  const emulator = await start({});
  for (let i = 0; i < 1201; i++)
    emulator.emulator.store.redirects.set(`id-${i}`, `https://shop.example/${i}`);
  await orderApi(emulator).placedOrder();
  const snapshot = takeSnapshot(emulator.emulator);
  expect([...snapshotJsonChunks(snapshot)].join('')).toBe(JSON.stringify(snapshot));
});
