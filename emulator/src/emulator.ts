import type { CallbackDispatcher } from './callbacks.js';
import type { Clock } from './clock.js';
import type { EmulatorConfig } from './config.js';
import type { DataDirStatus } from './data-dir.js';
import type { RequestContext } from './http.js';
import type { Router } from './router.js';
import type { Store } from './store.js';

/**
 * Runs before a matched route's handler. Returns true when it answered the request itself
 * (the hook fault injection uses to fail or delay chosen requests).
 */
export type Interceptor = (ctx: RequestContext) => boolean | Promise<boolean>;

/** The services of one emulator instance, handed to every route module. */
export interface Emulator {
  readonly config: EmulatorConfig;
  readonly store: Store;
  readonly clock: Clock;
  readonly callbacks: CallbackDispatcher;
  /** Klarna's APIs, mounted under each region prefix behind Basic auth: `/payments/v1/...`. */
  readonly api: Router<RequestContext>;
  /** Everything outside the regions: the JS SDK and widget, the control API. */
  readonly root: Router<RequestContext>;
  readonly interceptors: Interceptor[];
  /** Extra work to do on `POST /_emulator/reset` (e.g. clearing idempotency keys or faults). */
  readonly resetHooks: (() => void)[];
  /** Set when state is kept in a data directory: where, and how loading and saving went. */
  readonly persistence?: DataDirStatus;
  /** Clears all state, timers and deliveries, and puts the clock back to real time. */
  reset(): void;
}
