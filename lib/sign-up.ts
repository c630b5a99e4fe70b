import 'server-only';

import { signUpThrottle } from '@/lib/data/auth-throttle';
import { createUser, DuplicateEmailError } from '@/lib/data/users';
import { weakPasswordReason } from '@/lib/password-strength';
import { signUpSchema } from '@/lib/validations/auth';
import { isForm } from '@/lib/validations/form';
import { z } from 'zod';

type SignUpField = keyof z.infer<typeof signUpSchema>;

/** Never echoes the submitted values (the password least of all): messages only. */
export type SignUpResult =
  { ok: true } | { ok: false; message: string; fieldErrors: Partial<Record<SignUpField, string>> };

/**
 * Creates a shopper account from a sign-up form sent from `address`. Bad input, a password that is
 * easy to guess (lib/password-strength), a taken email and
 * too many failed attempts (per email and per address, see lib/data/auth-throttle) come back as
 * messages and write nothing.
 */
export async function signUpFrom(formData: unknown, address: string): Promise<SignUpResult> {
  if (!isForm(formData)) {
    return { ok: false, message: 'Send the sign-up form to create an account.', fieldErrors: {} };
  }
  const fields = {
    email: formData.get('email') ?? undefined,
    name: formData.get('name') ?? undefined,
    password: formData.get('password') ?? undefined,
  };
  const email = signUpSchema.shape.email.safeParse(fields.email);
  const attempt = { account: email.success ? email.data : undefined, address };
  const verdict = await signUpThrottle.begin(attempt);
  if (!verdict.allowed) return { ok: false, message: verdict.message, fieldErrors: {} };

  const parsed = signUpSchema.safeParse(fields);
  if (!parsed.success) {
    const { fieldErrors } = z.flattenError(parsed.error);
    return {
      ok: false,
      message: 'Please correct the highlighted fields.',
      fieldErrors: {
        email: fieldErrors.email?.[0],
        name: fieldErrors.name?.[0],
        password: fieldErrors.password?.[0],
      },
    };
  }

  const weak = weakPasswordReason(parsed.data.password, [parsed.data.email, parsed.data.name]);
  if (weak) {
    return { ok: false, message: 'Please correct the highlighted fields.', fieldErrors: { password: weak } };
  }

  try {
    // Off unless the shopper ticked the box (an unticked checkbox sends nothing).
    await createUser({ ...parsed.data, acceptsEmails: formData.get('acceptsEmails') === 'on' });
  } catch (error) {
    if (error instanceof DuplicateEmailError) {
      return {
        ok: false,
        message: 'An account with this email already exists.',
        fieldErrors: { email: 'An account with this email already exists. Sign in instead.' },
      };
    }
    console.error('sign-up failed', error);
    return { ok: false, message: 'Your account could not be created. Please try again.', fieldErrors: {} };
  }
  await signUpThrottle.succeeded(attempt);
  return { ok: true };
}
