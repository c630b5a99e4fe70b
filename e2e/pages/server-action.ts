import { expect, type APIRequestContext, type Page } from '@playwright/test';

/** A server-action request as the browser sent it, without its session cookie. */
export interface ActionRequest {
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * The exact server-action request that `trigger` makes the page send to `pagePath`, stopped before
 * it reaches the server, so a test can send it again from another session.
 */
export async function interceptActionRequest(
  page: Page,
  pagePath: string,
  trigger: () => Promise<void>,
): Promise<ActionRequest> {
  let intercepted: ActionRequest | undefined;
  await page.route(`**${pagePath}`, async (route) => {
    const request = route.request();
    if (request.method() === 'POST' && request.headers()['next-action']) {
      const { cookie: _cookie, ...headers } = await request.allHeaders();
      intercepted = { headers, body: request.postDataBuffer() ?? Buffer.alloc(0) };
      await route.abort();
      return;
    }
    await route.continue();
  });
  await trigger();
  await expect.poll(() => intercepted !== undefined).toBe(true);
  await page.unroute(`**${pagePath}`);
  if (!intercepted) throw new Error('no action request');
  return intercepted;
}

/** Sends an intercepted action request to `path` with `request`'s session. */
export function sendActionRequest(request: APIRequestContext, path: string, action: ActionRequest) {
  return request.post(path, { headers: action.headers, data: action.body, maxRedirects: 0 });
}
