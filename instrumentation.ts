// Runs once when the server starts, before it handles requests.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // The sign-in throttle needs each request's real peer address, which Next.js does not expose.
  const { capturePeerAddresses } = await import('@/lib/client-address');
  capturePeerAddresses();
}
