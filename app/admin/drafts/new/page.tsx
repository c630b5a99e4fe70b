import { DraftForm } from '@/components/admin/draft-form';
import { requireAdmin } from '@/lib/auth';
import { draftFormChoices } from '@/lib/payment-links/form-choices';
import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'New draft · Admin', robots: { index: false } };

export default async function NewDraftPage() {
  await requireAdmin('/admin/drafts/new');
  const { products, markets } = await draftFormChoices();
  return (
    <main id="main" tabIndex={-1} className="w-full max-w-4xl space-y-6 px-4 py-8 focus:outline-none lg:px-8">
      <h1 className="text-2xl font-semibold tracking-tight text-stone-900">New draft</h1>
      <DraftForm products={products} markets={markets} />
    </main>
  );
}
