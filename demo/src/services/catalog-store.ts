import pg from 'pg';

export interface Product {
  id: number;
  sku: string;
  name: string;
  priceCents: number;
  stock: number;
}

/** Where the catalog keeps its products: PostgreSQL when configured, otherwise memory. */
export interface CatalogStore {
  kind: 'postgresql' | 'memory';
  list(limit: number): Promise<Product[]>;
  get(id: number): Promise<Product | undefined>;
  search(q: string): Promise<Product[]>;
  /** takes `qty` from stock; false when there is not enough (restocks empty products so the demo runs forever) */
  reserve(id: number, qty: number): Promise<boolean>;
  close(): Promise<void>;
}

const SEED: Array<[string, string, number]> = [
  ['ARG-001', 'Observability mug', 1290],
  ['ARG-002', 'Flame graph poster', 2400],
  ['ARG-003', 'Trace-id socks', 900],
  ['ARG-004', 'Latency hoodie', 5900],
  ['ARG-005', 'p99 notebook', 1500],
  ['ARG-006', 'Span sticker pack', 500],
  ['ARG-007', 'Dashboard desk lamp', 4200],
  ['ARG-008', 'On-call pillow', 3100],
  ['ARG-009', 'SLO water bottle', 1800],
  ['ARG-010', 'Heatmap scarf', 2700],
  ['ARG-011', 'Gauge wall clock', 3600],
  ['ARG-012', 'Alert bell', 2100],
];
const RESTOCK = 100;

export function createMemoryCatalog(): CatalogStore {
  const products = new Map<number, Product>(
    SEED.map(([sku, name, priceCents], i) => [i + 1, { id: i + 1, sku, name, priceCents, stock: RESTOCK }]),
  );
  return {
    kind: 'memory',
    list: (limit) => Promise.resolve([...products.values()].slice(0, limit)),
    get: (id) => Promise.resolve(products.get(id)),
    search: (q) => Promise.resolve([...products.values()].filter((p) => p.name.toLowerCase().includes(q.toLowerCase()))),
    reserve: (id, qty) => {
      const p = products.get(id);
      if (!p || p.stock < qty) {
        if (p) p.stock = RESTOCK;
        return Promise.resolve(false);
      }
      p.stock -= qty;
      return Promise.resolve(true);
    },
    close: async () => {},
  };
}

type Row = { id: number; sku: string; name: string; price_cents: number; stock: number };
const toProduct = (r: Row): Product => ({ id: r.id, sku: r.sku, name: r.name, priceCents: r.price_cents, stock: r.stock });

export async function createPostgresCatalog(connectionString: string): Promise<CatalogStore> {
  const pool = new pg.Pool({ connectionString, max: 5 });
  await pool.query(`CREATE TABLE IF NOT EXISTS products (
    id serial PRIMARY KEY, sku text UNIQUE NOT NULL, name text NOT NULL, price_cents integer NOT NULL, stock integer NOT NULL)`);
  for (const [sku, name, price] of SEED) {
    await pool.query('INSERT INTO products (sku, name, price_cents, stock) VALUES ($1, $2, $3, $4) ON CONFLICT (sku) DO NOTHING', [
      sku,
      name,
      price,
      RESTOCK,
    ]);
  }
  return {
    kind: 'postgresql',
    list: async (limit) => (await pool.query<Row>('SELECT * FROM products ORDER BY id LIMIT $1', [limit])).rows.map(toProduct),
    get: async (id) => {
      const { rows } = await pool.query<Row>('SELECT * FROM products WHERE id = $1', [id]);
      return rows[0] ? toProduct(rows[0]) : undefined;
    },
    search: async (q) => (await pool.query<Row>('SELECT * FROM products WHERE name ILIKE $1 ORDER BY id', [`%${q}%`])).rows.map(toProduct),
    reserve: async (id, qty) => {
      const { rowCount } = await pool.query('UPDATE products SET stock = stock - $2 WHERE id = $1 AND stock >= $2', [id, qty]);
      if (rowCount === 1) return true;
      await pool.query('UPDATE products SET stock = $2 WHERE id = $1', [id, RESTOCK]);
      return false;
    },
    close: () => pool.end(),
  };
}
