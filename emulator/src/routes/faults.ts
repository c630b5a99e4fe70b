import type { Emulator } from '../emulator.js';
import { notFound } from '../errors.js';
import { FaultRegistry, faultView } from '../faults.js';
import { readJson, readRequiredJson, sendEmpty, sendJson, type RequestContext } from '../http.js';
import { param } from './payments.js';

/**
 * `/_emulator/faults`: list (`GET`), add a rule (`PUT` or `POST`), clear all (`DELETE`) or one
 * (`DELETE /_emulator/faults/{id}`). Rules are cleared by `POST /_emulator/reset` too.
 */
export function registerFaultRoutes(emulator: Emulator): FaultRegistry {
  const registry = new FaultRegistry();
  // No rules, no work: the common case stays synchronous.
  emulator.interceptors.push((ctx) => registry.rules.length > 0 && registry.intercept(ctx));
  emulator.resetHooks.push(() => registry.clear());
  const { root } = emulator;

  root.get('/_emulator/faults', (ctx) => sendJson(ctx, 200, { faults: registry.rules.map(faultView) }));

  const add = async (ctx: RequestContext) => {
    const rule = registry.add(await readRequiredJson(ctx));
    sendJson(ctx, 201, faultView(rule));
  };
  root.put('/_emulator/faults', add);
  root.post('/_emulator/faults', add);

  root.delete('/_emulator/faults', async (ctx) => {
    await readJson(ctx);
    registry.clear();
    sendEmpty(ctx, 204);
  });

  root.delete('/_emulator/faults/:id', async (ctx) => {
    await readJson(ctx);
    if (!registry.remove(param(ctx, 'id'))) throw notFound(`No fault rule ${param(ctx, 'id')}`);
    sendEmpty(ctx, 204);
  });
  return registry;
}
