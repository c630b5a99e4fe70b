import { env } from '@/lib/env';
import { safeCallbackUrl } from '@/lib/validations/auth';
import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '../form-field';
import { SignUpForm } from './signup-form';

export const metadata: Metadata = { title: 'Create an account' };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { callbackUrl } = await searchParams;
  const returnTo = safeCallbackUrl(callbackUrl, env.NEXTAUTH_URL);
  return (
    <AuthCard title="Create an account">
      <SignUpForm callbackUrl={returnTo} />
      <p className="mt-6 text-sm text-stone-600">
        Already have an account?{' '}
        <Link
          href={`/login?callbackUrl=${encodeURIComponent(returnTo)}`}
          className="font-medium text-brand-700 underline"
        >
          Sign in
        </Link>
      </p>
    </AuthCard>
  );
}
