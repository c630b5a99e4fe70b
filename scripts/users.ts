/**
 * `npm run users`: changes an account from the command line (there is no staff screen for it).
 * Either change signs the account out everywhere: its browsers have to sign in again.
 *
 *   npm run users -- role <email> admin|customer
 *   npm run users -- password <email>        (reads the new password from stdin, one line)
 *
 * Exits 0 when done, 1 when the account does not exist or the database fails, 2 on bad usage.
 */
import { text } from 'node:stream/consumers';

try {
  process.loadEnvFile();
} catch {
  // no .env: the defaults in lib/env.ts apply
}

const USAGE =
  'Usage: npm run users -- role <email> admin|customer\n       npm run users -- password <email>   (new password on stdin)';

async function main(): Promise<number> {
  const [command, rawEmail, role, ...extra] = process.argv.slice(2);
  const { signUpSchema } = await import('@/lib/validations/auth');
  const email = signUpSchema.shape.email.safeParse(rawEmail);
  if (!email.success || extra.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const { setUserPassword, setUserRole, UnknownUserError } = await import('@/lib/data/users');
  try {
    if (command === 'role' && (role === 'admin' || role === 'customer')) {
      const user = await setUserRole(email.data, role === 'admin' ? 'ADMIN' : 'CUSTOMER');
      console.log(`${user.email} is now ${user.role}; signed out everywhere.`);
      return 0;
    }
    if (command === 'password' && role === undefined) {
      const password = signUpSchema.shape.password.safeParse(
        (await text(process.stdin)).replace(/\r?\n$/, ''),
      );
      if (!password.success) {
        console.error(password.error.issues[0]?.message ?? 'Invalid password.');
        return 2;
      }
      const user = await setUserPassword(email.data, password.data);
      console.log(`${user.email} has a new password; signed out everywhere.`);
      return 0;
    }
  } catch (error) {
    if (error instanceof UnknownUserError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  console.error(USAGE);
  return 2;
}

main()
  .then(async (code) => {
    const { prisma } = await import('@/lib/db');
    await prisma.$disconnect();
    process.exit(code);
  })
  .catch((error: unknown) => {
    console.error('users failed:', error);
    process.exit(1);
  });
