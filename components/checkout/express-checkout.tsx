'use client';

import { useCartCount } from '@/components/cart/use-cart-count';
import { Button } from '@/components/ui/button';
import { placeOrder } from '@/lib/actions/checkout';
import { reviewExpressCheckout, startExpressCheckout } from '@/lib/actions/express-checkout';
import type { CheckoutSessionView } from '@/lib/checkout/start-session';
import { getMarket } from '@/lib/markets';
import { formatMoney } from '@/lib/money';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import {
  loadKlarnaSdk,
  type KlarnaAuthorizeResult,
  type KlarnaExpressResult,
  type KlarnaPayments,
} from './klarna-sdk';
import { authorizeData } from './klarna-widget';
import { OrderSummary } from './order-summary';

const IN_PROGRESS_POLLS = 10;

interface ExpressCheckoutProps {
  /** KLARNA_SDK_URL and the region's client identifier, read on the server. */
  sdkUrl: string;
  clientId: string;
  /** The country the page was shown for. */
  market: string;
  /** On a product page: the product the button buys, at the quantity of its add-to-cart form. */
  productId?: string;
}

interface Review {
  session: CheckoutSessionView;
  /** The total Klarna showed at the button, when the address changed it. */
  approvedAmount: number | null;
}

type Phase = 'idle' | 'starting' | 'review' | 'paying';

/**
 * Klarna Express Checkout: one button (created once, after the page is idle), Klarna's overlay
 * collects the address, the shop prices the cart for it and shows what will be charged, and Pay
 * finalizes that with Klarna and places the order through the checkout's own action. It pays for
 * the shopper's cart; on a product page the product is put in the cart at the chosen quantity
 * first, read when the button is clicked.
 */
export function ExpressCheckout({ sdkUrl, clientId, market, productId }: ExpressCheckoutProps) {
  const router = useRouter();
  const cartCount = useCartCount();
  const container = useRef<HTMLDivElement>(null);
  const payments = useRef<KlarnaPayments | null>(null);
  // Set synchronously on every click, so a double click never starts two payments.
  const busy = useRef(false);
  // After the first finalize() the session has an approval: changed data needs reauthorize().
  const finalized = useRef(false);
  const [phase, setPhase] = useState<Phase>('idle');
  const [review, setReview] = useState<Review | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const reviewHeading = useRef<HTMLHeadingElement>(null);
  const messageBox = useRef<HTMLParagraphElement>(null);

  // The handler Klarna's button calls; a ref, so the button is created once and never per render.
  const onClick = useRef<(authorize: ExpressAuthorize) => void>(() => undefined);

  useEffect(() => {
    let cancelled = false;
    // Klarna's library loads once the page is idle, so it costs nothing before the page is usable.
    const load = () => {
      loadKlarnaSdk(sdkUrl)
        .then((sdk) => {
          if (cancelled || !container.current) return;
          payments.current = sdk;
          sdk.Buttons.init({ client_id: clientId }).load(
            {
              container: container.current,
              theme: 'default',
              shape: 'default',
              on_click: (authorize) => onClick.current(authorize),
            },
            (result) => {
              if (!cancelled && !result.show_button) setUnavailable(true);
            },
          );
        })
        .catch(() => {
          if (!cancelled) setUnavailable(true);
        });
    };
    // Safari has no requestIdleCallback: a short delay after hydration does the same there.
    const idle = 'requestIdleCallback' in window;
    const handle = idle ? window.requestIdleCallback(load) : window.setTimeout(load, 200);
    return () => {
      cancelled = true;
      if (idle) window.cancelIdleCallback(handle);
      else window.clearTimeout(handle);
    };
  }, [sdkUrl, clientId]);

  useEffect(() => {
    if (phase === 'review') reviewHeading.current?.focus();
  }, [phase, review]);

  function refuse(text: string) {
    busy.current = false;
    setPhase(review ? 'review' : 'idle');
    setMessage(text);
    // The button that started it lost focus to Klarna's overlay: the explanation is read next.
    requestAnimationFrame(() => messageBox.current?.focus());
  }

  async function begin(authorize: ExpressAuthorize) {
    if (busy.current) return;
    busy.current = true;
    finalized.current = false;
    setMessage(null);
    setReview(null);
    setPhase('starting');
    const started = await startExpressCheckout({
      market,
      ...(productId ? { product: { productId, quantity: chosenQuantity(productId) } } : {}),
    });
    if (!started.ok) return refuse(started.message);
    if (started.itemCount !== null) cartCount.setCount(started.itemCount);
    authorize({ collect_shipping_address: true, auto_finalize: false }, { ...started.payload }, (result) => {
      void approved(result);
    });
  }

  async function approved(result: KlarnaExpressResult) {
    if (!result.approved || !result.session_id) {
      busy.current = false;
      setPhase('idle');
      if (!result.show_form) setMessage(DECLINED);
      else if (result.error) setMessage('Klarna could not accept this purchase. Please use the checkout.');
      else setMessage(null); // The shopper closed Klarna: nothing to say.
      return;
    }
    const priced = await reviewExpressCheckout({ klarnaSessionId: result.session_id });
    if (!priced.ok) {
      setReview(null);
      return refuse(priced.message);
    }
    setReview({ session: priced.session, approvedAmount: priced.approvedAmount });
    setPhase('review');
    busy.current = false;
  }

  function pay() {
    const sdk = payments.current;
    if (busy.current || !sdk || !review) return;
    busy.current = true;
    setMessage(null);
    setPhase('paying');
    const { session } = review;
    sdk.init({ client_token: session.clientToken });
    const done = (result: KlarnaAuthorizeResult) => void authorized(session, result);
    if (finalized.current) sdk.reauthorize({}, authorizeData(session), done);
    else sdk.finalize({}, authorizeData(session), done);
  }

  async function authorized(session: CheckoutSessionView, result: KlarnaAuthorizeResult, polls = 0) {
    finalized.current = true;
    if (!result.approved || !result.authorization_token) {
      if (!result.show_form) setReview(null);
      return refuse(result.show_form ? 'The payment was not completed. You can pay again.' : DECLINED);
    }
    const answer = await placeOrder({
      paymentSessionId: session.paymentSessionId,
      authorizationToken: result.authorization_token,
    });
    switch (answer.kind) {
      case 'placed':
        void cartCount.refresh();
        router.replace(answer.url);
        router.refresh();
        return;
      case 'in_progress':
        if (polls < IN_PROGRESS_POLLS) {
          await new Promise((resolve) => setTimeout(resolve, 1_500));
          return authorized(session, result, polls + 1);
        }
        return refuse(answer.message);
      case 'reauthorize':
        // The cart changed after the review: its new figures, to check and pay again.
        if (answer.session) {
          setReview({ session: answer.session, approvedAmount: session.totals.order_amount });
        } else setReview(null);
        router.refresh();
        return refuse(answer.message);
      case 'restart':
      case 'declined':
        setReview(null);
        return refuse(answer.message);
      default:
        return refuse(answer.message);
    }
  }

  function cancel() {
    if (busy.current) return;
    setReview(null);
    setPhase('idle');
    setMessage('Nothing was charged. Your cart is saved.');
  }

  useEffect(() => {
    onClick.current = (authorize) => void begin(authorize);
  });

  const reviewMarket = review ? getMarket(review.session.purchaseCountry) : undefined;
  const money = (amount: number) =>
    reviewMarket ? formatMoney(amount, reviewMarket.currency, reviewMarket.locale) : '';
  const total = review?.session.totals.order_amount ?? 0;
  const address = review?.session.customer?.shipping_address;

  return (
    <div className="flex flex-col gap-3" data-testid="express-checkout">
      {/* Klarna's button renders here; its height is reserved so nothing moves when it appears. */}
      <div
        ref={container}
        className="min-h-11 [&_button:focus-visible]:outline-2 [&_button:focus-visible]:outline-offset-2 [&_button:focus-visible]:outline-brand-700"
        aria-busy={phase === 'starting' ? true : undefined}
        hidden={unavailable || undefined}
      />
      {unavailable ? (
        <p className="min-h-11 text-sm text-stone-700">Klarna Express is not available right now.</p>
      ) : null}
      <div aria-live="polite">
        {message ? (
          <p
            ref={messageBox}
            tabIndex={-1}
            data-testid="express-message"
            className="rounded-lg border border-stone-200 bg-stone-50 px-4 py-3 text-sm text-stone-800"
          >
            {message}
          </p>
        ) : null}
      </div>
      {review && reviewMarket ? (
        <section
          aria-labelledby="express-review-title"
          className="flex flex-col gap-4 rounded-2xl border border-stone-200 bg-stone-50 p-4"
          data-testid="express-review"
        >
          <h2
            id="express-review-title"
            ref={reviewHeading}
            tabIndex={-1}
            className="text-lg font-semibold text-stone-950 focus:outline-none"
          >
            Review and pay
          </h2>
          {review.approvedAmount !== null ? (
            <p
              className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900"
              data-testid="express-total-changed"
            >
              Your address changed the total from {money(review.approvedAmount)} to {money(total)}.
            </p>
          ) : null}
          {address ? (
            <div className="text-sm text-stone-800">
              <h3 className="font-medium text-stone-950">Delivery to</h3>
              <p data-testid="express-address">
                {address.given_name} {address.family_name}, {address.street_address}, {address.postal_code}{' '}
                {address.city}
                {address.region ? `, ${address.region}` : ''}, {reviewMarket.name}
              </p>
            </div>
          ) : null}
          <OrderSummary
            totals={review.session.totals}
            taxStyle={reviewMarket.taxStyle}
            country={reviewMarket.country}
            currency={reviewMarket.currency}
            locale={reviewMarket.locale}
            taxEstimated={review.session.taxEstimated}
          />
          <div className="flex flex-wrap gap-3">
            <Button onClick={pay} disabled={phase === 'paying'} className="flex-1">
              {phase === 'paying' ? 'Placing your order…' : `Pay ${money(total)}`}
            </Button>
            <Button variant="secondary" onClick={cancel} disabled={phase === 'paying'}>
              Cancel
            </Button>
          </div>
        </section>
      ) : null}
    </div>
  );
}

type ExpressAuthorize = Parameters<
  Parameters<ReturnType<KlarnaPayments['Buttons']['init']>['load']>[0]['on_click']
>[0];

const DECLINED =
  'Klarna declined this purchase, so nothing was charged. Your cart is saved: you can use the checkout instead.';

/** The quantity typed in the product's add-to-cart form now (the server checks it). */
function chosenQuantity(productId: string): string {
  for (const input of document.querySelectorAll<HTMLInputElement>('input[name="productId"]')) {
    if (input.value !== productId) continue;
    const field = input.form?.elements.namedItem('quantity');
    if (field instanceof HTMLInputElement) return field.value;
  }
  return '1';
}
