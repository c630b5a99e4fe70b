import { getCurrentUser } from '@/lib/auth';
import { env } from '@/lib/env';
import { safeCallbackUrl } from '@/lib/validations/auth';
import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '../form-field';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { callbackUrl: requested } = await searchParams;
  const callbackUrl = safeCallbackUrl(requested, env.NEXTAUTH_URL);
  const user = await getCurrentUser();
  // proxy.ts and requireAdmin() send non-admins here; say why instead of showing a bare form.
  const refusedAdmin = user !== null && user.role !== 'ADMIN' && callbackUrl.startsWith('/admin');

  return (
    <AuthCard title="Sign in">
      {refusedAdmin ? (
        <p className="mb-5 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          You are signed in as {user.email}, which cannot open the admin area. Sign in with an admin account.
        </p>
      ) : null}
      <LoginForm callbackUrl={callbackUrl} />
      <p className="mt-6 text-sm text-stone-600">
        New here?{' '}
        <Link
          href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}
          className="font-medium text-brand-700 underline"
        >
          Create an account
        </Link>
      </p>
    </AuthCard>
  );
}
