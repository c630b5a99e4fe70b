'use server';

import { createUser, DuplicateEmailError } from '@/lib/data/users';
import { signUpSchema } from '@/lib/validations/auth';
import { z } from 'zod';

export type SignUpField = keyof z.infer<typeof signUpSchema>;

/** Never echoes the submitted values (the password least of all): messages only. */
export type SignUpResult =
  { ok: true } | { ok: false; message: string; fieldErrors: Partial<Record<SignUpField, string>> };

/**
 * Creates a shopper account. Bad input and a taken email come back as messages and write nothing;
 * the client then signs the new account in with the credentials it already holds.
 */
export async function signUp(formData: FormData): Promise<SignUpResult> {
  const parsed = signUpSchema.safeParse({
    email: formData.get('email') ?? undefined,
    name: formData.get('name') ?? undefined,
    password: formData.get('password') ?? undefined,
  });
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

  try {
    await createUser(parsed.data);
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
  return { ok: true };
}
