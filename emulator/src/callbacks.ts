import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Clock } from './clock.js';
import type { CallbackSettings } from './config.js';
import type { CallbackLogEntry, Store } from './store.js';

/**
 * Server-to-server callbacks to the merchant: the authorization callback after an approval
 * and pending-order (fraud) notifications. Deliveries run in the background, never inside a
 * request's response, and every attempt is logged. Retries wait on the emulator clock, so
 * advancing the clock also hurries a retry along.
 */
export type CallbackKind = CallbackLogEntry['kind'];

export interface DeliveryResult {
  ok: boolean;
  status?: number;
  error?: string;
}

/** "Up to three times, with 4 calls being made for the same events" (HPP status callbacks). */
const HPP_STATUS_ATTEMPTS = 4;

export class CallbackDispatcher {
  private readonly inFlight = new Set<ClientRequest>();
  private readonly waiting = new Set<Promise<void>>();
  /** Bumped by `abortAll`, so answers to aborted deliveries neither log nor retry. */
  private generation = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly settings: CallbackSettings,
  ) {}

  /** At least once: up to `maxAttempts` tries, backing off `baseDelayMs`, ×2, ×4 … on failure. */
  authorization(url: string, body: { authorization_token: string; session_id: string }): void {
    this.withRetries('authorization', url, body, this.settings.maxAttempts);
  }

  /**
   * A Hosted Payment Page status change, `{event_id, session}`: Klarna makes up to four calls
   * for one event (the first and three retries), backing off like the authorization callback.
   */
  hppStatus(url: string, body: { event_id: string; session: Record<string, unknown> }): void {
    this.withRetries('hpp_status', url, body, HPP_STATUS_ATTEMPTS);
  }

  private withRetries(kind: CallbackKind, url: string, body: unknown, maxAttempts: number): void {
    const generation = this.generation;
    const attempt = (attemptNo: number): void => {
      this.track(
        this.post(url, body).then((result) => {
          if (generation !== this.generation) return;
          const last = attemptNo >= maxAttempts;
          this.log(kind, url, body, attemptNo, result, last);
          if (!result.ok && !last) {
            this.clock.scheduleIn(this.settings.baseDelayMs * 2 ** (attemptNo - 1), () =>
              attempt(attemptNo + 1),
            );
          }
        }),
      );
    };
    attempt(1);
  }

  /** Re-sent every `notificationIntervalMs` until the merchant answers 2xx or the window closes. */
  notification(url: string, body: { order_id: string; event_type: string }): void {
    const firstAt = this.clock.now();
    const generation = this.generation;
    const attempt = (attemptNo: number): void => {
      this.track(
        this.post(url, body).then((result) => {
          if (generation !== this.generation) return;
          const nextAt = this.clock.now() + this.settings.notificationIntervalMs;
          const last = nextAt > firstAt + this.settings.notificationWindowMs;
          this.log('notification', url, body, attemptNo, result, last);
          if (!result.ok && !last) this.clock.scheduleAt(nextAt, () => attempt(attemptNo + 1));
        }),
      );
    };
    attempt(1);
  }

  /** Resolves once no delivery is in flight (retries scheduled for later do not count). */
  async idle(): Promise<void> {
    while (this.waiting.size > 0) await Promise.allSettled([...this.waiting]);
  }

  /** Aborts deliveries in flight; used on reset and close. */
  abortAll(): void {
    this.generation++;
    for (const req of this.inFlight) req.destroy();
    this.inFlight.clear();
  }

  private track(promise: Promise<void>): void {
    this.waiting.add(promise);
    void promise.finally(() => this.waiting.delete(promise));
  }

  private log(
    kind: CallbackKind,
    url: string,
    body: unknown,
    attempt: number,
    result: DeliveryResult,
    last: boolean,
  ): void {
    const entry: Omit<CallbackLogEntry, 'id'> = {
      kind,
      url,
      body,
      attempt,
      at: this.clock.nowDate().toISOString(),
      outcome: result.ok ? 'delivered' : last ? 'gave_up' : 'retry_scheduled',
    };
    if (result.status !== undefined) entry.status = result.status;
    if (result.error !== undefined) entry.error = result.error;
    this.store.logCallback(entry);
  }

  private post(url: string, body: unknown): Promise<DeliveryResult> {
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        resolve({ ok: false, error: 'invalid URL' });
        return;
      }
      const payload = JSON.stringify(body);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(target, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(payload),
          'User-Agent': 'klarna-emulator',
        },
        timeout: this.settings.timeoutMs,
      });
      this.inFlight.add(req);
      const finish = (result: DeliveryResult) => {
        this.inFlight.delete(req);
        resolve(result);
      };
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', (error) => finish({ ok: false, error: error.message }));
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          finish({ ok: status >= 200 && status < 300, status });
        });
        res.on('error', (error) => finish({ ok: false, status: res.statusCode ?? 0, error: error.message }));
      });
      req.end(payload);
    });
  }
}
