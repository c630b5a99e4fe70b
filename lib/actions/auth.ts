'use server';

import { clientAddress } from '@/lib/client-address';
import { env } from '@/lib/env';
import { signUpFrom, type SignUpResult } from '@/lib/sign-up';
import { headers } from 'next/headers';

/**
 * Creates a shopper account (lib/sign-up.ts). Bad input, a taken email and too many failed attempts
 * come back as messages and write nothing; the client then signs the new account in with the
 * credentials it already holds.
 */
export async function signUp(formData: FormData): Promise<SignUpResult> {
  return signUpFrom(formData, clientAddress(await headers(), env.TRUSTED_PROXY_HOPS));
}
