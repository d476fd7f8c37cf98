/**
 * The built-in load generator: a steady mix of shop requests against the storefront (so every request crosses
 * storefront -> gateway -> catalog/checkout), with unknown products (404), failing checkouts (500) and the slow
 * shipping quote mixed in. Bounded concurrency; never throws.
 */
export interface LoadGenerator {
  stats(): LoadStats;
  stop(): Promise<void>;
}

export interface LoadStats {
  sent: number;
  ok: number;
  clientErrors: number;
  serverErrors: number;
  failed: number;
}

type Step = (base: string, cartId: string) => Promise<Response>;

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const productId = () => 1 + Math.floor(Math.random() * 12);

/** [weight, step]; weights are relative */
const MIX: Array<[number, Step]> = [
  [30, (b) => fetch(`${b}/api/products`)],
  [22, (b) => fetch(`${b}/api/products/${productId()}`)],
  [3, (b) => fetch(`${b}/api/products/${900 + productId()}`)], // unknown product: 404
  [6, (b) => fetch(`${b}/api/products/search?q=${['mug', 'socks', 'lamp', 'scarf'][Math.floor(Math.random() * 4)]}`)],
  [18, (b, cart) => fetch(`${b}/api/cart/${cart}/items`, json({ productId: productId(), qty: 1 + Math.floor(Math.random() * 2) }))],
  [6, (b, cart) => fetch(`${b}/api/cart/${cart}`)],
  [10, (b, cart) => fetch(`${b}/api/checkout`, json({ cartId: cart }))],
  [5, (b) => fetch(`${b}/api/shipping/quote?zip=${10000 + Math.floor(Math.random() * 90000)}`)], // the slow one
];
const TOTAL = MIX.reduce((sum, [w]) => sum + w, 0);

function pick(): Step {
  let r = Math.random() * TOTAL;
  for (const [weight, step] of MIX) {
    r -= weight;
    if (r < 0) return step;
  }
  return MIX[0][1];
}

export function startLoadGenerator(baseUrl: string, rps: number, maxInFlight = 32): LoadGenerator {
  const stats: LoadStats = { sent: 0, ok: 0, clientErrors: 0, serverErrors: 0, failed: 0 };
  const inFlight = new Set<Promise<void>>();
  const carts = Array.from({ length: 20 }, (_, i) => `load-${i}-${Date.now().toString(36)}`);
  const fire = () => {
    if (inFlight.size >= maxInFlight) return;
    stats.sent++;
    const cart = carts[Math.floor(Math.random() * carts.length)];
    const request = pick()(baseUrl, cart)
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status >= 500) stats.serverErrors++;
        else if (res.status >= 400) stats.clientErrors++;
        else stats.ok++;
      })
      .catch(() => {
        stats.failed++;
      })
      .finally(() => {
        inFlight.delete(request);
      });
    inFlight.add(request);
  };
  // ticks of 100 ms carry rps/10 requests each; fractional rates accumulate
  let credit = 0;
  const timer = setInterval(() => {
    credit += rps / 10;
    while (credit >= 1) {
      credit -= 1;
      fire();
    }
  }, 100);
  return {
    stats: () => ({ ...stats }),
    stop: async () => {
      clearInterval(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
