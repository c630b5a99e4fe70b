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
