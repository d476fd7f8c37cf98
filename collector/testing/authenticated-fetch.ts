/** API origins of running test collectors and the token each is called with */
const tokens = new Map<string, string>();
let original: typeof fetch | undefined;

const urlOf = (input: string | URL | Request): string =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;

/**
 * Test-only: sends `Authorization: Bearer <token>` with every fetch of this process to `apiUrl`'s origin that has
 * no Authorization header and no cookie of its own. Returns a function that stops doing so for that origin.
 */
export function authenticateFetch(apiUrl: string, token: string): () => void {
  const origin = new URL(apiUrl).origin;
  tokens.set(origin, token);
  if (!original) {
    const plain = globalThis.fetch;
    original = plain;
    globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
      let target: string | undefined;
      try {
        target = tokens.get(new URL(urlOf(input)).origin);
      } catch {
        target = undefined;
      }
      if (!target) return plain(input, init);
      const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
      if (!headers.has('authorization') && !headers.has('cookie')) headers.set('authorization', `Bearer ${target}`);
      return plain(input, { ...init, headers });
    };
  }
  return () => {
    if (tokens.get(origin) === token) tokens.delete(origin);
  };
}
