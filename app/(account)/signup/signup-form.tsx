'use client';

import { useFocusAfterRefusal } from '@/components/ui/focus-after-refusal';
import { signUp } from '@/lib/actions/auth';
import type { SignUpResult } from '@/lib/sign-up';
import { PASSWORD_MIN_LENGTH } from '@/lib/validations/auth';
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useRef, useState, useTransition, type FormEvent } from 'react';
import { FormField, FormMessage } from '../form-field';
import { SubmitButton } from '../submit-button';

type Failure = Extract<SignUpResult, { ok: false }>;

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<Failure>();
  const form = useRef<HTMLFormElement>(null);
  // Each refusal is a new object from the server; focus moves once the form is enabled again.
  useFocusAfterRefusal(form, pending ? null : failure);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      // The server validates (the one source of truth for field messages) and creates the account.
      const result = await signUp(form);
      if (!result.ok) {
        setFailure(result);
        return;
      }
      setFailure(undefined);
      const signedIn = await signIn('credentials', {
        email: form.get('email'),
        password: form.get('password'),
        redirect: false,
      });
      if (!signedIn?.ok) {
        router.push(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    });
  }

  const errors = failure?.fieldErrors ?? {};
  return (
    <form ref={form} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormMessage message={failure?.message} />
      <FormField name="name" label="Name" autoComplete="name" required error={errors.name} />
      <FormField name="email" label="Email" type="email" autoComplete="email" required error={errors.email} />
      <FormField
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters, and not a common password.`}
        error={errors.password}
      />
      <div className="flex items-start gap-2">
        <input
          id="signup-accepts-emails"
          name="acceptsEmails"
          type="checkbox"
          className="mt-1 h-4 w-4 rounded border-stone-300 text-brand-700 focus:ring-brand-700"
        />
        <label htmlFor="signup-accepts-emails" className="text-sm text-stone-700">
          E-mail me about my cart, e.g. a link to pay for one I left behind
        </label>
      </div>
      <SubmitButton pending={pending}>{pending ? 'Creating account…' : 'Create account'}</SubmitButton>
    </form>
  );
}
