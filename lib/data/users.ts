import 'server-only';

import { prisma } from '@/lib/db';
import { Prisma, type Role } from '@/lib/generated/prisma/client';
import { hashPassword, verifyPassword } from '@/lib/password';

/** What the rest of the app may know about an account: never the password hash. */
export interface UserDTO {
  id: string;
  email: string;
  name: string | null;
  role: Role;
}

const userSelect = { id: true, email: true, name: true, role: true } as const;

/** Thrown by createUser when the email already has an account. */
export class DuplicateEmailError extends Error {
  constructor(email: string) {
    super(`An account with ${email} already exists`);
    this.name = 'DuplicateEmailError';
  }
}

// Compared against when the email is unknown, so a wrong email costs as long as a wrong password
// and response times do not reveal which emails have accounts.
let decoyHash: Promise<string> | undefined;

/** The account for these credentials, or null when the email or the password is wrong. */
export async function verifyCredentials(email: string, password: string): Promise<UserDTO | null> {
  const user = await prisma.user.findUnique({
    where: { email },
    select: { ...userSelect, passwordHash: true },
  });
  if (!user) {
    decoyHash ??= hashPassword('decoy-password-for-unknown-emails');
    await verifyPassword(password, await decoyHash);
    return null;
  }
  const { passwordHash, ...dto } = user;
  return (await verifyPassword(password, passwordHash)) ? dto : null;
}

/** Creates a CUSTOMER account. Throws DuplicateEmailError when the email is taken. */
export async function createUser(input: { email: string; name: string; password: string }): Promise<UserDTO> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await prisma.user.create({
      data: { email: input.email, name: input.name, passwordHash, role: 'CUSTOMER' },
      select: userSelect,
    });
  } catch (error) {
    // The unique index decides, so two sign-ups racing for one email cannot both succeed.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new DuplicateEmailError(input.email);
    }
    throw error;
  }
}

export async function getUserById(id: string): Promise<UserDTO | null> {
  return prisma.user.findUnique({ where: { id }, select: userSelect });
}

export async function countCustomers(): Promise<number> {
  return prisma.user.count({ where: { role: 'CUSTOMER' } });
}
