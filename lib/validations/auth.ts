import { z } from 'zod';

export const PASSWORD_MIN_LENGTH = 8;
// scrypt hashes whatever it is given; a ceiling keeps a megabyte "password" from costing CPU.
const PASSWORD_MAX_LENGTH = 200;

const email = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Enter a valid email address, like name@example.com.' }));

/** What the sign-in form and the Credentials provider accept. */
export const signInSchema = z.object({
  email,
  password: z
    .string({ error: 'Enter your password.' })
    .min(1, { error: 'Enter your password.' })
    .max(PASSWORD_MAX_LENGTH, { error: 'Wrong email or password.' }),
});

/** A shopper creating an account. */
export const signUpSchema = z.object({
  email,
  name: z
    .string({ error: 'Enter your name.' })
    .trim()
    .min(1, { error: 'Enter your name.' })
    .max(80, { error: 'Use at most 80 characters for your name.' }),
  password: z
    .string({ error: 'Choose a password.' })
    .min(PASSWORD_MIN_LENGTH, { error: `Use at least ${PASSWORD_MIN_LENGTH} characters for your password.` })
    .max(PASSWORD_MAX_LENGTH, { error: `Use at most ${PASSWORD_MAX_LENGTH} characters for your password.` }),
});

/**
 * The page to return to after signing in, as a path on `origin` (the storefront's public origin).
 * The value is resolved the way a browser would resolve it (`new URL(value, origin)`: tabs and
 * newlines dropped, backslashes read as slashes) and refused unless it lands on the same origin,
 * so neither `https://evil.example` nor `/%09/evil.example` (a tab the browser strips, leaving
 * `//evil.example`) turns the sign-in into an open redirect.
 */
export function safeCallbackUrl(value: unknown, origin: string, fallback = '/'): string {
  if (typeof value !== 'string' || value === '') return fallback;
  let target: URL;
  try {
    target = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (target.origin !== new URL(origin).origin) return fallback;
  // `https://shop.example//evil.example` is same-origin, but its path alone would read as
  // protocol-relative: keep one leading slash.
  return `/${target.pathname.replace(/^\/+/, '')}${target.search}${target.hash}`;
}
