/** What the collector answers for a website (POST /api/v1/websites); only the fields the demo needs. */
interface Website {
  id: string;
  name: string;
  snippet?: string;
}

const NAME = 'Argus demo shop';

/** the API token the launcher hands the demo (ARGUS_API_TOKEN): the API needs one on every route */
const authHeaders = (): Record<string, string> =>
  process.env.ARGUS_API_TOKEN ? { authorization: `Bearer ${process.env.ARGUS_API_TOKEN}` } : {};

async function api(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, {
    ...init,
    headers: { ...authHeaders(), ...(init?.headers as Record<string, string> | undefined) },
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, body };
}

function list(body: unknown): Website[] {
  if (Array.isArray(body)) return body as Website[];
  const wrapped = (body as { websites?: unknown; items?: unknown } | undefined) ?? {};
  const items = wrapped.websites ?? wrapped.items;
  return Array.isArray(items) ? (items as Website[]) : [];
}

/**
 * Finds or creates the demo shop's website in Argus (allowed origin: the storefront) and returns its EUM snippet;
 * undefined with a reason when the collector has no website API.
 */
export async function ensureDemoWebsite(apiUrl: string, storefrontOrigins: string[]): Promise<{ website?: Website; reason?: string }> {
  const base = `${apiUrl.replace(/\/$/, '')}/api/v1/websites`;
  let existing: { status: number; body: unknown };
  try {
    existing = await api(base);
  } catch (err) {
    return { reason: `the Argus API is unreachable (${(err as Error).message})` };
  }
  if (existing.status === 404) return { reason: 'this collector has no websites API (end-user monitoring not installed)' };
  const found = list(existing.body).find((w) => w.name === NAME);
  if (found?.snippet) return { website: found };
  if (found) {
    const one = (await api(`${base}/${encodeURIComponent(found.id)}`)) as { body: Website | undefined };
    if (one.body?.snippet) return { website: one.body };
  }
  const created = (await api(base, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: NAME, allowedOrigins: storefrontOrigins }),
  })) as { status: number; body: Website | { website: Website } | undefined };
  const website = created.body && 'website' in created.body ? created.body.website : created.body;
  if (created.status >= 300 || !website?.snippet) return { reason: `creating the website failed (HTTP ${created.status})` };
  return { website };
}
