import { describe, expect, test, vi } from 'vitest';
import { z } from 'zod';
import { NOT_A_FORM_MESSAGE } from '../validations/form';
import { INVALID_INPUT_MESSAGE, validatedAction, type ActionResult } from './validated-action';

const schema = z.object({ name: z.string().trim().min(1, 'Enter a name.'), count: z.coerce.number().int() });

function form(fields: Record<string, string>): FormData {
  const formData = new FormData();
  for (const [key, value] of Object.entries(fields)) formData.append(key, value);
  return formData;
}

function action(
  handler: (input: z.output<typeof schema>, caller: string) => Promise<ActionResult>,
  extra: { allowed?: boolean; onDone?: () => void } = {},
) {
  return validatedAction(schema, handler, {
    authorize: () =>
      Promise.resolve(
        extra.allowed === false ? { ok: false, message: 'Sign in first.' } : { ok: true, caller: 'ada' },
      ),
    onDone: extra.onDone,
    failureMessage: 'Something went wrong; nothing was changed.',
    logAs: 'test action',
  });
}

describe('validatedAction', () => {
  test('runs the handler with the parsed input and the caller, and shows its message', async () => {
    const handler = vi.fn((input: z.output<typeof schema>, caller: string) =>
      Promise.resolve({ ok: true as const, message: `${caller} saved ${input.count} × ${input.name}` }),
    );
    const onDone = vi.fn();
    const state = await action(handler, { onDone })(null, form({ name: ' lamp ', count: '3' }));
    expect(state).toEqual({ ok: true, message: 'ada saved 3 × lamp' });
    expect(onDone).toHaveBeenCalledTimes(1);
  });

  test('a refusal shows its message and field errors, never its reason', async () => {
    const state = await action(() =>
      Promise.resolve({
        ok: false,
        reason: 'stale',
        message: 'The order changed.',
        fieldErrors: { count: 'Too many.' },
      }),
    )(null, form({ name: 'lamp', count: '3' }));
    expect(state).toEqual({ ok: false, message: 'The order changed.', fieldErrors: { count: 'Too many.' } });
  });

  test('invalid input is refused with a message per field and the handler never runs', async () => {
    const handler = vi.fn();
    const state = await action(handler)(null, form({ name: '  ', count: '1.5' }));
    expect(state).toMatchObject({ ok: false, message: INVALID_INPUT_MESSAGE });
    expect(state && !state.ok && state.fieldErrors).toEqual({
      name: 'Enter a name.',
      count: expect.any(String),
    });
    expect(handler).not.toHaveBeenCalled();
  });

  test('a caller who may not act is refused before the form is read', async () => {
    const handler = vi.fn();
    expect(await action(handler, { allowed: false })(null, form({ name: 'lamp', count: '1' }))).toEqual({
      ok: false,
      message: 'Sign in first.',
    });
    expect(handler).not.toHaveBeenCalled();
  });

  test('arguments that are not a form are refused', async () => {
    const handler = vi.fn();
    const state = await action(handler)(null, { name: 'lamp' } as unknown as FormData);
    expect(state).toEqual({ ok: false, message: NOT_A_FORM_MESSAGE });
    expect(handler).not.toHaveBeenCalled();
  });

  test('an error in the handler is logged and answered without its details', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const state = await action(() => Promise.reject(new Error('database password is hunter2')))(
      null,
      form({ name: 'lamp', count: '1' }),
    );
    expect(state).toEqual({ ok: false, message: 'Something went wrong; nothing was changed.' });
    expect(log).toHaveBeenCalledWith('test action failed', expect.any(Error));
    log.mockRestore();
  });
});
