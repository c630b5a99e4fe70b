import 'server-only';

import { prisma } from '@/lib/db';
import { Prisma, type Role } from '@/lib/generated/prisma/client';
import { hashPassword, needsRehash, verifyPassword } from '@/lib/password';

export type { Role };

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

/**
 * The account for these credentials, or null when the email or the password is wrong. A right
 * password stored at an older hashing cost is re-hashed at the current one on the way.
 */
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
  if (!(await verifyPassword(password, passwordHash))) return null;
  if (needsRehash(passwordHash)) {
    // Only over the hash just verified: a password changed meanwhile is never overwritten.
    await prisma.user.updateMany({
      where: { id: user.id, passwordHash },
      data: { passwordHash: await hashPassword(password) },
    });
  }
  return dto;
}

/** Creates a CUSTOMER account. Throws DuplicateEmailError when the email is taken. */
export async function createUser(input: {
  email: string;
  name: string;
  password: string;
  /** Agreed to the shop's e-mails (sign-up's opt-in, off by default). */
  acceptsEmails?: boolean;
}): Promise<UserDTO> {
  // A taken email is answered before the costly hash (sign-up says so in plain words anyway).
  if (await prisma.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
    throw new DuplicateEmailError(input.email);
  }
  const passwordHash = await hashPassword(input.password);
  try {
    return await prisma.user.create({
      data: {
        email: input.email,
        name: input.name,
        passwordHash,
        role: 'CUSTOMER',
        acceptsEmails: input.acceptsEmails ?? false,
      },
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

/** Thrown when an account to change does not exist. */
export class UnknownUserError extends Error {
  constructor(email: string) {
    super(`No account has the email ${email}`);
    this.name = 'UnknownUserError';
  }
}

/** Changes an account and deletes its sessions in one transaction: every browser signs in again. */
async function updateAndSignOutEverywhere(
  email: string,
  data: { role: Role } | { passwordHash: string },
): Promise<UserDTO> {
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (!user) throw new UnknownUserError(email);
    await tx.userSession.deleteMany({ where: { userId: user.id } });
    return tx.user.update({ where: { id: user.id }, data, select: userSelect });
  });
}

/** Gives an account another role and signs it out everywhere (no session keeps the old role). */
export async function setUserRole(email: string, role: Role): Promise<UserDTO> {
  return updateAndSignOutEverywhere(email, { role });
}

/** Sets a new password and signs the account out everywhere, whoever knew the old one included. */
export async function setUserPassword(email: string, password: string): Promise<UserDTO> {
  return updateAndSignOutEverywhere(email, { passwordHash: await hashPassword(password) });
}

export async function countCustomers(): Promise<number> {
  return prisma.user.count({ where: { role: 'CUSTOMER' } });
}
