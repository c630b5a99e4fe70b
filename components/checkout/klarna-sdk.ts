/**
 * The slice of Klarna's JS SDK (`window.Klarna.Payments`, api-reference §7) the widget uses, and a
 * loader that adds its script tag once per page.
 */
interface KlarnaLoadResult {
  show_form: boolean;
  error?: { invalid_fields?: string[] };
}

export interface KlarnaAuthorizeResult {
  approved: boolean;
  show_form: boolean;
  authorization_token?: string;
  error?: { invalid_fields?: string[] };
}

/** What Express Checkout's `authorize()` calls back with (Klarna's multistep flow). */
export interface KlarnaExpressResult extends KlarnaAuthorizeResult {
  finalize_required?: boolean;
  client_token?: string;
  session_id?: string;
}

/** `Klarna.Payments.Buttons`: the Express Checkout button. */
export interface KlarnaButtons {
  init(options: { client_id: string }): {
    load(
      options: {
        container: string | HTMLElement;
        theme?: 'default' | 'dark' | 'light' | 'outlined';
        shape?: 'default' | 'rect' | 'pill';
        on_click: (
          authorize: (
            options: { collect_shipping_address: boolean; auto_finalize: boolean },
            payload: Record<string, unknown>,
            callback: (result: KlarnaExpressResult) => void,
          ) => void,
        ) => void;
      },
      callback?: (result: { show_button: boolean }) => void,
    ): void;
  };
}

export interface KlarnaPayments {
  init(options: { client_token: string }): void;
  load(
    options: { container: string | HTMLElement; payment_method_category: string },
    data: Record<string, unknown> | undefined,
    callback: (result: KlarnaLoadResult) => void,
  ): void;
  authorize(
    options: { payment_method_category: string },
    data: Record<string, unknown>,
    callback: (result: KlarnaAuthorizeResult) => void,
  ): void;
  /** Completes an approval given with `auto_finalize: false` (Express Checkout's review step). */
  finalize(
    options: Record<string, never>,
    data: Record<string, unknown>,
    callback: (result: KlarnaAuthorizeResult) => void,
  ): void;
  /** A new authorization for changed session data, for a shopper approved before on the session. */
  reauthorize(
    options: Record<string, never>,
    data: Record<string, unknown>,
    callback: (result: KlarnaAuthorizeResult) => void,
  ): void;
  Buttons: KlarnaButtons;
}

declare global {
  interface Window {
    Klarna?: { Payments?: KlarnaPayments };
    klarnaAsyncCallback?: () => void;
  }
}

let loading: Promise<KlarnaPayments> | null = null;

/** Loads the SDK from `src` (once); resolves with `Klarna.Payments`. */
export function loadKlarnaSdk(src: string): Promise<KlarnaPayments> {
  const ready = window.Klarna?.Payments;
  if (ready) return Promise.resolve(ready);
  loading ??= new Promise<KlarnaPayments>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.onload = () => {
      const payments = window.Klarna?.Payments;
      if (payments) resolve(payments);
      else reject(new Error('Klarna SDK loaded without Klarna.Payments'));
    };
    script.onerror = () => {
      loading = null;
      script.remove();
      reject(new Error('Klarna SDK failed to load'));
    };
    document.head.appendChild(script);
  });
  return loading;
}
