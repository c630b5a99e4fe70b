import 'server-only';

import { prisma } from '@/lib/db';

/** A cheap round trip used by /api/health: true when the database answers. */
export async function pingDatabase(): Promise<boolean> {
  try {
    await prisma.$queryRaw`SELECT 1`;
    return true;
  } catch (error) {
    console.error('database ping failed', error);
    return false;
  }
}
