'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from 'next-auth/react';
import { useCallback } from 'react';

interface CartSummary {
  itemCount: number;
}

async function fetchCartSummary(): Promise<CartSummary> {
  const response = await fetch('/api/cart', { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw new Error(`GET /api/cart answered ${response.status}`);
  return (await response.json()) as CartSummary;
}

/**
 * The number of items in the shopper's cart, for the header. Pages are cached for everyone, so the
 * count is fetched by the browser; it is keyed by the signed-in account, so signing in (which
 * merges the anonymous cart) or out fetches it again. Cart forms report the new count with `setCount`.
 */
export function useCartCount(): {
  count: number | undefined;
  setCount: (count: number) => void;
  /** Reads the count again (e.g. once an order has closed the cart). */
  refresh: () => Promise<void>;
} {
  const { data: session, status } = useSession();
  const queryClient = useQueryClient();
  const queryKey = ['cart-summary', status === 'authenticated' ? session.user.id : 'anonymous'];
  const { data } = useQuery({ queryKey, queryFn: fetchCartSummary, enabled: status !== 'loading' });
  const keyPart = queryKey[1];
  const setCount = useCallback(
    (itemCount: number) => queryClient.setQueryData<CartSummary>(['cart-summary', keyPart], { itemCount }),
    [queryClient, keyPart],
  );
  const refresh = useCallback(
    () => queryClient.invalidateQueries({ queryKey: ['cart-summary'] }),
    [queryClient],
  );
  return { count: data?.itemCount, setCount, refresh };
}
