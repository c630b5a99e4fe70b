import { Prisma } from '@/lib/generated/prisma/client';

/** A write refused by a unique index: another request inserted the same key first. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
