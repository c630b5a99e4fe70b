/** Shared by the integration set-up and the helper: which database server the run targets. */

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** Same URL with another database name (PostgreSQL) . */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Integration tests create and drop databases: only ever on this machine. */
export function assertLocal(url: string): void {
  if (!isPostgresUrl(url)) return;
  const host = new URL(url).hostname;
  if (!['localhost', '127.0.0.1', '[::1]'].includes(host)) {
    throw new Error(`Integration tests only run against a local database, not ${host}`);
  }
}
