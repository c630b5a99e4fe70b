import { ShopFrame } from '@/components/layout/shop-frame';
import type { ReactNode } from 'react';

export default function ShopLayout({ children }: { children: ReactNode }) {
  return <ShopFrame>{children}</ShopFrame>;
}
