import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/**
 * False in the server's HTML and until React has taken over the page, then true. A form whose
 * submit runs in the browser keeps its button disabled until then: submitted earlier, the browser
 * would send the fields as a GET to the page's own address, putting them (a password too) in the URL.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
