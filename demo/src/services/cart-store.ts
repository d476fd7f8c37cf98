import { Redis } from 'ioredis';

export interface CartItem {
  productId: number;
  qty: number;
}

/** Carts keyed by id: Redis when configured, otherwise memory. Carts expire after an hour. */
export interface CartStore {
  kind: 'redis' | 'memory';
  add(cartId: string, item: CartItem): Promise<void>;
  get(cartId: string): Promise<CartItem[]>;
  clear(cartId: string): Promise<void>;
  close(): Promise<void>;
}

const MAX_CARTS = 10_000;

export function createMemoryCarts(): CartStore {
  const carts = new Map<string, Map<number, number>>();
  return {
    kind: 'memory',
    add: (cartId, item) => {
      const cart = carts.get(cartId) ?? new Map<number, number>();
      cart.set(item.productId, (cart.get(item.productId) ?? 0) + item.qty);
      carts.delete(cartId);
      carts.set(cartId, cart);
      // bounded: the oldest carts go first
      while (carts.size > MAX_CARTS) carts.delete(carts.keys().next().value!);
      return Promise.resolve();
    },
    get: (cartId) => Promise.resolve([...(carts.get(cartId) ?? new Map<number, number>())].map(([productId, qty]) => ({ productId, qty }))),
    clear: (cartId) => {
      carts.delete(cartId);
      return Promise.resolve();
    },
    close: async () => {},
  };
}

export async function createRedisCarts(url: string): Promise<CartStore> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  let lastError = '';
  redis.on('error', (err: Error) => {
    // ioredis reconnects by itself; say it once per distinct problem
    if (err.message !== lastError) console.error(`[checkout] redis: ${err.message}`);
    lastError = err.message;
  });
  await redis.connect();
  const key = (cartId: string) => `cart:${cartId}`;
  return {
    kind: 'redis',
    add: async (cartId, item) => {
      await redis.multi().hincrby(key(cartId), String(item.productId), item.qty).expire(key(cartId), 3600).exec();
    },
    get: async (cartId) => {
      const fields = await redis.hgetall(key(cartId));
      return Object.entries(fields).map(([productId, qty]) => ({ productId: Number(productId), qty: Number(qty) }));
    },
    clear: async (cartId) => {
      await redis.del(key(cartId));
    },
    close: async () => {
      await redis.quit();
    },
  };
}
