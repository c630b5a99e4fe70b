import { isLocalDatabaseUrl } from '@/lib/database-url';

export { isPostgresUrl } from '@/lib/database-url';

/** The same PostgreSQL server URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Integration tests create and drop databases: only ever on this machine. */
export function assertLocal(url: string): void {
  if (!isLocalDatabaseUrl(url)) {
    throw new Error(`Integration tests only run against a local database, not ${new URL(url).host}`);
  }
}
