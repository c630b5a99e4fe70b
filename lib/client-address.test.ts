import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { capturePeerAddresses, clientAddress, forwardedClientAddress } from './client-address';

describe('the client address behind trusted proxies', () => {
  test.each([
    ['no proxy trusted: the header is the client’s own', '203.0.113.7', 0, undefined],
    ['one proxy: the address it appended', '198.51.100.1, 203.0.113.7', 1, '203.0.113.7'],
    ['one proxy, the client forged entries before it', '1.1.1.1, 2.2.2.2, 203.0.113.7', 1, '203.0.113.7'],
    ['two proxies: the address the outer one appended', '1.1.1.1, 203.0.113.7, 10.0.0.2', 2, '203.0.113.7'],
    ['fewer entries than proxies', '203.0.113.7', 2, undefined],
    ['no header', undefined, 1, undefined],
    ['IPv4 written as IPv6', '::ffff:203.0.113.7', 1, '203.0.113.7'],
    ['IPv6 in any case', '2001:DB8::1', 1, '2001:db8::1'],
  ])('%s', (_label, header, hops, expected) => {
    expect(forwardedClientAddress(header, hops)).toBe(expected);
  });
});

/** Sends one GET with `headers` to a real HTTP server and returns what its handler answered. */
async function ask(handler: () => Promise<string>, headers: Record<string, string>): Promise<string> {
  const server = createServer((_request, response) => {
    void handler().then((body) => response.end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<string>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port, headers }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve(body));
      });
      request.on('error', reject);
      request.end();
    });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('the client address of a request handled by this process', () => {
  capturePeerAddresses();
  const forged = { 'x-forwarded-for': '203.0.113.99' };

  test('is the connection’s peer, whatever X-Forwarded-For the client sent, even after awaiting', async () => {
    const answer = await ask(async () => {
      // Like a route handler: read the address after some asynchronous work.
      await delay(5);
      return clientAddress(forged, 0);
    }, forged);

    expect(answer).toBe('127.0.0.1');
  });

  test('is the forwarded one only when a proxy is trusted', async () => {
    expect(await ask(() => Promise.resolve(clientAddress(forged, 1)), forged)).toBe('203.0.113.99');
  });

  test('is "unknown" outside any HTTP request', () => {
    expect(clientAddress(new Headers(forged), 0)).toBe('unknown');
  });
});
