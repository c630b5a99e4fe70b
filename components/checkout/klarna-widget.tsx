'use client';

import { useCartCount } from '@/components/cart/use-cart-count';
import { placeOrder } from '@/lib/actions/checkout';
import type { CheckoutSessionView } from '@/lib/checkout/start-session';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { loadKlarnaSdk, type KlarnaAuthorizeResult, type KlarnaPayments } from './klarna-sdk';

/** The payment method category the storefront offers (Klarna's unified "Pay with Klarna"). */
const CATEGORY = 'klarna';
const IN_PROGRESS_POLLS = 10;

type Phase =
  'loading' | 'ready' | 'not_offered' | 'sdk_failed' | 'authorizing' | 'placing' | 'retry' | 'declined';

interface KlarnaWidgetProps {
  /** KLARNA_SDK_URL, read on the server. */
  sdkUrl: string;
  session: CheckoutSessionView;
  /** Klarna could not use some fields (e.g. `billing_address.postal_code`). */
  onInvalidFields: (fields: string[]) => void;
  /** The server updated the session (the cart changed): new totals to show and approve. */
  onSessionChanged: (session: CheckoutSessionView) => void;
  /** The cart moved to another market: this session can never be paid; checkout starts again. */
  onMarketChanged: (message: string) => void;
  /** After a decline: the shopper checks their details and goes to Klarna again. */
  onTryAgain: () => void;
  /** Where a declined shopper can write to us. */
  contactEmail: string;
}

const DECLINED =
  'Klarna declined this purchase, so nothing was charged. Your cart is saved: check your details and try Klarna again.';

/** What `authorize()` gets: the session's own payload and the shopper's addresses, unchanged. */
export function authorizeData(session: CheckoutSessionView): Record<string, unknown> {
  return {
    purchase_country: session.purchaseCountry,
    purchase_currency: session.purchaseCurrency,
    locale: session.locale,
    ...session.totals,
    ...(session.customer ?? {}),
  };
}

/**
 * Klarna's payment widget: loads the SDK (only on checkout), `init` → `load` for the session, and
 * on Buy calls `authorize()` synchronously inside the click handler (browsers block Klarna's
 * pop-up after any await). An approval is turned into an order by the `placeOrder` action.
 */
export function KlarnaWidget({
  sdkUrl,
  session,
  onInvalidFields,
  onSessionChanged,
  onMarketChanged,
  onTryAgain,
  contactEmail,
}: KlarnaWidgetProps) {
  const router = useRouter();
  const cartCount = useCartCount();
  const container = useRef<HTMLDivElement>(null);
  const payments = useRef<KlarnaPayments | null>(null);
  // Set synchronously in the click handler, so a double click cannot start two approvals.
  const busy = useRef(false);
  const [phase, setPhase] = useState<Phase>('loading');
  const [message, setMessage] = useState<string | null>(null);
  const [approvedToken, setApprovedToken] = useState<string | null>(null);
  const actionButton = useRef<HTMLButtonElement>(null);
  const messageBox = useRef<HTMLParagraphElement>(null);

  // When Klarna's pop-up closes or the order attempt ends, the button that started it was disabled
  // meanwhile, so focus would fall to <body>: move it to what the shopper can do next, or to the
  // message when there is nothing left to do here.
  const previousPhase = useRef(phase);
  useEffect(() => {
    const was = previousPhase.current;
    previousPhase.current = phase;
    if (was !== 'authorizing' && was !== 'placing') return;
    // A decline is explained first; the way on (Try again) is the next stop for Tab.
    if (phase === 'declined') messageBox.current?.focus();
    else if (phase === 'ready' || phase === 'retry') actionButton.current?.focus();
  }, [phase]);

  const clientToken = session.clientToken;
  useEffect(() => {
    // A new client token means a new mount (the parent swaps the widget out), so the phase
    // starts at 'loading' without resetting it here.
    let cancelled = false;
    loadKlarnaSdk(sdkUrl)
      .then((sdk) => {
        if (cancelled || !container.current) return;
        payments.current = sdk;
        sdk.init({ client_token: clientToken });
        sdk.load({ container: container.current, payment_method_category: CATEGORY }, undefined, (result) => {
          if (cancelled) return;
          if (!result.show_form) setPhase('not_offered');
          else if (result.error?.invalid_fields?.length) onInvalidFields(result.error.invalid_fields);
          else setPhase('ready');
        });
      })
      .catch(() => {
        if (!cancelled) setPhase('sdk_failed');
      });
    return () => {
      cancelled = true;
    };
    // onInvalidFields is a parent callback; a new client token is what warrants loading again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sdkUrl, clientToken]);

  async function submit(authorizationToken: string, polls = 0): Promise<void> {
    setPhase('placing');
    const result = await placeOrder({ paymentSessionId: session.paymentSessionId, authorizationToken });
    switch (result.kind) {
      case 'placed':
        // The cart is ordered now: the header's count, and every page the router kept (the cart and
        // checkout, shown again by the browser's back button), must show it empty.
        void cartCount.refresh();
        router.replace(result.url);
        router.refresh();
        return;
      case 'in_progress':
        if (polls < IN_PROGRESS_POLLS) {
          setMessage(result.message);
          await new Promise((resolve) => setTimeout(resolve, 1_500));
          return submit(authorizationToken, polls + 1);
        }
        setApprovedToken(authorizationToken);
        setPhase('retry');
        setMessage(result.message);
        break;
      case 'unavailable':
        setApprovedToken(authorizationToken);
        setPhase('retry');
        setMessage(result.message);
        break;
      case 'reauthorize':
        if (result.session) onSessionChanged(result.session);
        router.refresh();
        setPhase('ready');
        setMessage(result.message);
        break;
      case 'restart':
        busy.current = false;
        onMarketChanged(result.message);
        return;
      case 'declined':
        setPhase('declined');
        setMessage(result.message);
        break;
      case 'invalid':
        setPhase('ready');
        setMessage(result.message);
        break;
    }
    busy.current = false;
  }

  function onAuthorized(result: KlarnaAuthorizeResult) {
    if (result.approved && result.authorization_token) {
      void submit(result.authorization_token);
      return;
    }
    busy.current = false;
    if (!result.show_form) {
      setPhase('declined');
      setMessage(DECLINED);
    } else if (result.error?.invalid_fields?.length) {
      setPhase('ready');
      onInvalidFields(result.error.invalid_fields);
    } else {
      setPhase('ready');
      setMessage('The payment was cancelled. You can try again whenever you are ready.');
    }
  }

  function buy() {
    const sdk = payments.current;
    if (busy.current || !sdk) return;
    busy.current = true;
    setMessage(null);
    setPhase('authorizing');
    sdk.authorize({ payment_method_category: CATEGORY }, authorizeData(session), onAuthorized);
  }

  function retry() {
    if (busy.current || !approvedToken) return;
    busy.current = true;
    setMessage(null);
    void submit(approvedToken);
  }

  if (phase === 'not_offered') {
    return (
      <p
        role="status"
        className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
      >
        Klarna is not available for this purchase. Your cart is saved.
      </p>
    );
  }
  if (phase === 'sdk_failed') {
    return (
      <p role="status" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
        Klarna could not be loaded. Check your connection and reload the page; your cart is saved.
      </p>
    );
  }
  const working = phase === 'loading' || phase === 'authorizing' || phase === 'placing';
  return (
    <div className="space-y-4">
      <div id="klarna-payments-container" ref={container} />
      <div aria-live="polite">
        {message ? (
          <p
            ref={messageBox}
            tabIndex={-1}
            data-testid="checkout-message"
            className={`rounded-lg border px-4 py-3 text-sm ${
              phase === 'declined'
                ? 'border-red-200 bg-red-50 text-red-800'
                : 'border-stone-200 bg-stone-50 text-stone-800'
            }`}
          >
            {message}
          </p>
        ) : null}
      </div>
      {phase === 'retry' ? (
        <button
          ref={actionButton}
          type="button"
          onClick={retry}
          className="w-full rounded-lg bg-brand-600 px-4 py-3 font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60"
        >
          Try again
        </button>
      ) : phase === 'declined' ? (
        <div className="space-y-3">
          <button
            ref={actionButton}
            type="button"
            onClick={onTryAgain}
            className="w-full rounded-lg bg-brand-600 px-4 py-3 font-semibold text-white shadow-sm hover:bg-brand-700"
          >
            Try again with Klarna
          </button>
          <p className="text-sm text-stone-700">
            Questions? Write to us at{' '}
            <a
              href={`mailto:${contactEmail}`}
              className="font-medium text-brand-700 underline underline-offset-2"
            >
              {contactEmail}
            </a>
            .
          </p>
        </div>
      ) : (
        <button
          ref={actionButton}
          type="button"
          onClick={buy}
          disabled={working}
          className="w-full rounded-lg bg-brand-600 px-4 py-3 font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60"
        >
          {phase === 'placing' ? 'Placing your order…' : 'Buy now'}
        </button>
      )}
    </div>
  );
}
