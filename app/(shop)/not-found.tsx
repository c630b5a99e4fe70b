import { PageNotFound, pageNotFoundMetadata } from '@/components/layout/page-not-found';

export const metadata = pageNotFoundMetadata;

/** A page of this group that calls notFound(): shown inside the group's layout, which has the shop's frame. */
export default function GroupNotFound() {
  return <PageNotFound />;
}
