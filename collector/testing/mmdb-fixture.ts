/**
 * Writes a minimal MaxMind DB (.mmdb, format 2.0) for tests: IPv4 only, 24-bit records, one network with a
 * `{ country: { iso_code } }` record. Only what the format needs (search tree, data section, metadata), so tests
 * can check the country lookup without shipping a real GeoIP database.
 */
const str = (s: string) => {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([Buffer.from([(2 << 5) | b.length]), b]);
};
const uint = (type: 5 | 6, v: number, bytes: number) => {
  const b = Buffer.alloc(bytes);
  b.writeUIntBE(v, 0, bytes);
  return Buffer.concat([Buffer.from([(type << 5) | bytes]), b]);
};
const map = (entries: Array<[string, Buffer]>) =>
  Buffer.concat([Buffer.from([(7 << 5) | entries.length]), ...entries.flatMap(([k, v]) => [str(k), v])]);

export function buildCountryMmdb(network: string, prefix: number, isoCode: string): Buffer {
  const bits = network.split('.').reduce((acc, o) => (acc << 8) | Number(o), 0) >>> 0;
  const nodeCount = prefix;
  const data = map([['country', map([['iso_code', str(isoCode)]])]]);
  const tree = Buffer.alloc(nodeCount * 6);
  for (let i = 0; i < prefix; i++) {
    const bit = (bits >>> (31 - i)) & 1;
    const next = i === prefix - 1 ? nodeCount + 16 /* data offset 0 */ : i + 1;
    tree.writeUIntBE(bit === 0 ? next : nodeCount, i * 6, 3);
    tree.writeUIntBE(bit === 1 ? next : nodeCount, i * 6 + 3, 3);
  }
  const metadata = map([
    ['node_count', uint(6, nodeCount, 4)],
    ['record_size', uint(5, 24, 2)],
    ['ip_version', uint(5, 4, 2)],
    ['database_type', str('Argus-Test-Country')],
    ['binary_format_major_version', uint(5, 2, 2)],
    ['binary_format_minor_version', uint(5, 0, 2)],
  ]);
  return Buffer.concat([tree, Buffer.alloc(16), data, Buffer.from([0xab, 0xcd, 0xef]), Buffer.from('MaxMind.com'), metadata]);
}
