/**
 * A burst of concurrent requests at a local API (loopback only, each cut at 35 s): half
 * PUTs of a language, half GETs, users of one demo organization, a valid credential. For
 * the burst test and `npm run bench:burst`.
 */
const admin = '0afdf1dc-06f5-465b-a094-aa4196f6e7df';
const users = [5, 7, 9];
const languages = ['de', 'en', 'fr', 'nl'];

export async function burst(baseUrl: string, count: number) {
  const one = async (index: number) => {
    const userId = users[index % users.length];
    const put = index % 2 === 0;
    const started = performance.now();
    try {
      const response = await fetch(`${baseUrl}/v2/users/${userId}/invitation`, {
        method: put ? 'PUT' : 'GET',
        headers: {
          Authorization: `Bearer ${admin}`,
          ...(put ? { 'Content-Type': 'application/json' } : {}),
        },
        body: put ? JSON.stringify({ language: languages[index % languages.length] }) : undefined,
        signal: AbortSignal.timeout(35_000),
      });
      await response.arrayBuffer();
      return { status: response.status, ms: performance.now() - started };
    } catch {
      return { status: 0, ms: performance.now() - started };
    }
  };
  const results = await Promise.all(Array.from({ length: count }, (_, index) => one(index)));
  const statuses: Record<number, number> = {};
  for (const { status } of results) statuses[status] = (statuses[status] ?? 0) + 1;
  const ms = results.map((result) => result.ms).sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0;
  return {
    statuses,
    p50Ms: Math.round(at(0.5)),
    p99Ms: Math.round(at(0.99)),
    serverErrors: results.filter((r) => r.status >= 500 || r.status === 0).length,
  };
}
