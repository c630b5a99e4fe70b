import { PageNotFound, pageNotFoundMetadata } from '@/components/layout/page-not-found';
import { ShopFrame } from '@/components/layout/shop-frame';

export const metadata = pageNotFoundMetadata;

/** A URL no route matches: shown in the root layout alone, so it brings the shop's frame itself. */
export default function NotFound() {
  return (
    <ShopFrame>
      <PageNotFound />
    </ShopFrame>
  );
}
