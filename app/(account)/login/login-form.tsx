'use client';

import { useFocusAfterRefusal } from '@/components/ui/focus-after-refusal';
import { safeCallbackUrl, signInSchema } from '@/lib/validations/auth';
import { signIn, type SignInResponse } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useRef, useState, useTransition, type FormEvent } from 'react';
import { FormField, FormMessage } from '../form-field';
import { SubmitButton } from '../submit-button';

type FieldErrors = Partial<Record<'email' | 'password', string>>;

function failureMessage(result: SignInResponse | undefined): string {
  if (result?.error === 'CredentialsSignin') return 'Wrong email or password.';
  // Throttled: the server's message says how long to wait ("Too many attempts, try again in …").
  if (result?.status === 429 && result.error) return result.error;
  return 'Signing in failed. Please try again.';
}

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string>();
  // A new object for each refusal, so focus moves again when the same thing is refused twice.
  const [refusal, setRefusal] = useState<object | null>(null);
  const form = useRef<HTMLFormElement>(null);
  // Once the button is enabled again (focus can fall back to it).
  useFocusAfterRefusal(form, pending ? null : refusal);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = signInSchema.safeParse({ email: form.get('email'), password: form.get('password') });
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if ((field === 'email' || field === 'password') && !errors[field]) errors[field] = issue.message;
      }
      setFieldErrors(errors);
      setMessage(undefined);
      setRefusal({});
      return;
    }
    setFieldErrors({});
    setRefusal(null);
    startTransition(async () => {
      const result = await signIn('credentials', { ...parsed.data, redirect: false });
      if (!result?.ok) {
        setMessage(failureMessage(result));
        setRefusal({});
        return;
      }
      // The page already checked it; checked again against the origin the browser is really on.
      router.replace(safeCallbackUrl(callbackUrl, window.location.origin));
      router.refresh();
    });
  }

  return (
    <form ref={form} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormMessage message={message} />
      <FormField
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        error={fieldErrors.email}
      />
      <FormField
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        error={fieldErrors.password}
      />
      <SubmitButton pending={pending}>{pending ? 'Signing in…' : 'Sign in'}</SubmitButton>
    </form>
  );
}
