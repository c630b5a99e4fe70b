'use client';

import { ChargeSchedule } from '@/components/subscriptions/charge-schedule';
import { useFocusAfterRefusal } from '@/components/ui/focus-after-refusal';
import { REFUSAL_MESSAGE } from '@/components/ui/refusal-message';
import { useHydrated } from '@/components/ui/use-hydrated';
import { startCheckout } from '@/lib/actions/checkout';
import type { CheckoutSessionView } from '@/lib/checkout/start-session';
import type { CountryCode, TaxStyle } from '@/lib/markets';
import type { CurrencyCode } from '@/lib/money';
import type { KlarnaOrderTotals } from '@/lib/order-lines';
import type { UpcomingCharge } from '@/lib/subscription-basket';
import { formFieldForKlarnaField, type CheckoutField } from '@/lib/validations/checkout';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition, type FormEvent } from 'react';
import { AddressFields, type AddressDefaults } from './address-form';
import { KlarnaWidget } from './klarna-widget';
import { SummaryDisclosure } from './summary-disclosure';

interface CheckoutFlowProps {
  sdkUrl: string;
  /** The market this page was rendered for; the server refuses a payment for another. */
  country: CountryCode;
  currency: CurrencyCode;
  locale: string;
  taxStyle: TaxStyle;
  /** The cart's payload, computed on the server for this render (no address yet). */
  totals: KlarnaOrderTotals;
  /** US: `totals` has the estimated sales tax, until the session is priced for the shopper's state. */
  taxEstimated: boolean;
  /** The subscriptions' later charges for `totals` (none for a basket without subscriptions). */
  charges: readonly UpcomingCharge[];
  defaults: AddressDefaults;
  regions: readonly string[] | null;
  postalCodeExample: string;
  /** Where a shopper Klarna declined can write to us. */
  contactEmail: string;
}

/**
 * Checkout in two steps: contact and delivery details (validated on the server, which then opens
 * or updates the Klarna session from the DB cart), then Klarna's widget and the Buy button.
 * A market switched in another tab sends the shopper back to the first step, with the page
 * rendered again in the new market (its prices, address fields and a new Klarna session).
 */
export function CheckoutFlow(props: CheckoutFlowProps) {
  const router = useRouter();
  const [session, setSession] = useState<CheckoutSessionView | null>(null);
  // The later charges priced with the session's address (US: the state's sales tax), shown with it.
  const [sessionCharges, setSessionCharges] = useState<readonly UpcomingCharge[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<CheckoutField, string>>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [defaults, setDefaults] = useState<AddressDefaults>(props.defaults);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  // On a step change (not on arrival), focus goes to the new step's heading, so keyboard and
  // screen reader users start there instead of on <body>.
  const paymentStep = session !== null;
  const shownStep = useRef(paymentStep);
  useEffect(() => {
    if (shownStep.current === paymentStep) return;
    shownStep.current = paymentStep;
    document.getElementById(paymentStep ? 'payment-title' : 'details-title')?.focus();
  }, [paymentStep]);

  // A new object for each refusal, so focus moves again when the same field is refused twice.
  // Declared after the step's effect: a refusal that also changes the step focuses the field.
  const [refusal, setRefusal] = useState<object | null>(null);
  const form = useRef<HTMLFormElement>(null);
  // Only once the form is enabled again: a disabled field cannot take focus.
  useFocusAfterRefusal(form, pending ? null : refusal);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    setDefaults(
      Object.fromEntries(
        [...formData.entries()].map(([key, value]) => [key, typeof value === 'string' ? value : '']),
      ),
    );
    startTransition(async () => {
      const result = await startCheckout(formData);
      if (result.ok) {
        setFieldErrors({});
        setMessage(null);
        setRefusal(null);
        setSession(result.session);
        setSessionCharges(result.charges);
      } else if (result.restart) {
        restart(result.message);
      } else {
        setFieldErrors(result.fieldErrors);
        setMessage(result.message);
        setRefusal({});
      }
    });
  }

  function restart(reason: string) {
    setSession(null);
    setFieldErrors({});
    setMessage(reason);
    // An address of the old market's country cannot be sent in the new one; the contact can.
    setDefaults(({ email, phone, givenName, familyName }) => ({ email, phone, givenName, familyName }));
    router.refresh();
  }

  // After a decline: back to the details (kept, cart untouched) and then to Klarna once more.
  function tryAgain() {
    setSession(null);
    setFieldErrors({});
    setMessage(null);
    setRefusal(null);
  }

  function onInvalidFields(klarnaFields: string[]) {
    const errors: Partial<Record<CheckoutField, string>> = {};
    for (const field of klarnaFields) {
      const formField = formFieldForKlarnaField(field);
      if (formField) errors[formField] = 'Klarna could not accept this value. Please check it.';
    }
    setFieldErrors(errors);
    setMessage('Klarna needs you to correct the highlighted fields.');
    setRefusal({});
    setSession(null);
  }

  const totals = session?.totals ?? props.totals;
  const taxEstimated = session?.taxEstimated ?? props.taxEstimated;
  const charges = session ? sessionCharges : props.charges;
  return (
    <>
      <ChargeSchedule
        today={totals.order_amount}
        charges={charges}
        currency={props.currency}
        locale={props.locale}
        taxEstimated={taxEstimated}
      />
      {/* The summary comes first in the page (a phone shows it above the form); a wide screen puts it
        in the right-hand column. */}
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] lg:gap-8">
        <div className="lg:col-start-2 lg:row-start-1">
          <SummaryDisclosure
            totals={totals}
            taxStyle={props.taxStyle}
            country={props.country}
            currency={props.currency}
            locale={props.locale}
            taxEstimated={taxEstimated}
          />
        </div>
        <div className="space-y-6 lg:col-start-1 lg:row-start-1">
          {session ? (
            <section
              aria-labelledby="payment-title"
              className="space-y-4 rounded-2xl border border-stone-200 bg-white p-6 shadow-sm"
            >
              <div className="flex items-start justify-between gap-4">
                <div>
                  <h2 id="payment-title" tabIndex={-1} className="text-lg font-semibold text-stone-900">
                    Pay with Klarna
                  </h2>
                  <p className="text-sm text-stone-600">
                    Delivering to {defaults.givenName} {defaults.familyName}, {defaults.streetAddress},{' '}
                    {defaults.postalCode} {defaults.city}
                  </p>
                </div>
                <button
                  type="button"
                  onClick={() => setSession(null)}
                  className="text-sm font-medium text-brand-700 underline underline-offset-2"
                >
                  Edit details
                </button>
              </div>
              <KlarnaWidget
                sdkUrl={props.sdkUrl}
                session={session}
                onInvalidFields={onInvalidFields}
                onSessionChanged={setSession}
                onMarketChanged={restart}
                onTryAgain={tryAgain}
                contactEmail={props.contactEmail}
              />
            </section>
          ) : (
            <form
              // A new market means other fields (states, postal codes): start them afresh.
              key={props.country}
              ref={form}
              onSubmit={onSubmit}
              noValidate
              className="space-y-6 rounded-2xl border border-stone-200 bg-white p-6 shadow-sm"
            >
              <input type="hidden" name="market" value={props.country} />
              <AddressFields
                defaults={defaults}
                errors={fieldErrors}
                regions={props.regions}
                postalCodeExample={props.postalCodeExample}
                disabled={pending}
              />
              <div aria-live="polite">
                {message ? (
                  <p
                    data-testid="checkout-form-message"
                    {...REFUSAL_MESSAGE}
                    className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm font-medium text-red-800"
                  >
                    {message}
                  </p>
                ) : null}
              </div>
              <button
                type="submit"
                disabled={pending || !hydrated}
                className="w-full rounded-lg bg-brand-600 px-4 py-3 font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60"
              >
                {pending ? 'Preparing payment…' : 'Continue to payment'}
              </button>
            </form>
          )}
        </div>
      </div>
    </>
  );
}
