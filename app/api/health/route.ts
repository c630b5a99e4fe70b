import { pingDatabase } from '@/lib/data/health';

// Answer from a live database round trip on every request: the e2e harness, `npm start` and the
// benchmarks wait on this route.
export const dynamic = 'force-dynamic';

export async function GET() {
  const database = await pingDatabase();
  return Response.json(
    { ok: database, database: database ? 'up' : 'down' },
    { status: database ? 200 : 503 },
  );
}
