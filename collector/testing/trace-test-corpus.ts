/** Test data for the trace decoder equivalence tests: a request exercising every field, value kind and edge case. */

const id = (n: number, len: number) => {
  const b = Buffer.alloc(len);
  b.writeUInt32BE(n, len - 4);
  b[0] = 0xa0 + (n % 16);
  return b;
};
const kv = (key: string, value: object | undefined) => (value === undefined ? { key } : { key, value });
const s = (v: string) => ({ stringValue: v });
const i = (v: number | string) => ({ intValue: v });
const d = (v: number) => ({ doubleValue: v });
const b = (v: boolean) => ({ boolValue: v });

const ALL_KINDS = [
  kv('str', s('hello')),
  kv('empty', s('')),
  kv('bool.true', b(true)),
  kv('bool.false', b(false)),
  kv('int.zero', i(0)),
  kv('int.neg', i(-42)),
  kv('int.big', i('9007199254740993')),
  kv('int.min', i('-9223372036854775808')),
  kv('int.max', i('9223372036854775807')),
  kv('int.negbig', i('-9007199254740993')),
  kv('int.2p32', i(4294967296)),
  kv('double', d(3.25)),
  kv('double.zero', d(0)),
  kv('double.negzero', d(-0)),
  kv('double.nan', d(NaN)),
  kv('double.inf', d(-Infinity)),
  kv('double.big', d(1e21)),
  kv('double.tiny', d(5e-324)),
  kv('arr.str', { arrayValue: { values: [s('a'), s(''), s("it's")] } }),
  kv('arr.mixed', { arrayValue: { values: [i(1), b(false), d(0.5), {}, { arrayValue: {} }] } }),
  kv('arr.empty', { arrayValue: {} }),
  kv('kv', { kvlistValue: { values: [kv('a', s('x')), kv('b', i(2)), kv('c', undefined), kv('d', { kvlistValue: {} })] } }),
  kv('kv.empty', { kvlistValue: {} }),
  kv('bytes', { bytesValue: Buffer.from([0, 1, 254, 255]) }),
  kv('bytes.empty', { bytesValue: Buffer.alloc(0) }),
  kv('anyvalue.empty', {}),
  kv('no.value', undefined),
  kv('esc', s("tab\there\nnl 'q' back\\slash \0 cr\r")),
  kv("key'with\ttab", s('v')),
  kv('unicode', s('héllo wörld ✓ 😀 日本語')),
  kv('ключ', s('значение')),
  kv('long.value', s('x'.repeat(49))),
  kv('long.value.2', s('y'.repeat(200))),
  kv('k'.repeat(70), s('long key')),
  kv('', s('empty key')),
  kv('constructor', s('c')),
  kv('toString', i(5)),
];

const HTTP_NEW = [
  kv('http.request.method', s('GET')),
  kv('http.route', s('/users/:id')),
  kv('http.response.status_code', i(503)),
  kv('url.path', s('/users/7')),
  kv('url.full', s('http://h/users/7?x=1')),
  kv('server.address', s('api.local')),
  kv('server.port', i(8443)),
];
const HTTP_OLD = [
  kv('http.method', s('POST')),
  kv('http.target', s('/a/b?q=1#frag')),
  kv('http.status_code', s('404')),
  kv('http.url', s('http://x/a')),
  kv('net.peer.name', s('peer.local')),
  kv('net.host.name', s('host.local')),
  kv('net.peer.port', d(5432.9)),
  kv('net.host.port', s('8080')),
  kv('db.system', s('postgresql')),
  kv('db.name', s('shop')),
  kv('db.operation', s('SELECT')),
  kv('db.sql.table', s('t')),
  kv('db.statement', s('SELECT 1')),
  kv('messaging.system', s('kafka')),
  kv('messaging.destination', s('orders')),
  kv('rpc.system', s('grpc')),
  kv('rpc.service', s('Svc')),
  kv('rpc.method', s('Call')),
  kv('peer.service', s('billing')),
  kv('db.mongodb.collection', i(12)),
];
const MIXED = [
  kv('http.status_code', i(200)),
  kv('http.response.status_code', i(201)),
  kv('http.method', s('PUT')),
  kv('http.request.method', s('PATCH')),
  kv('db.system.name', s('mysql')),
  kv('db.system', s('old')),
  kv('server.port', i(70000)),
  kv('net.peer.port', i(-1)),
  kv('url.path', i(42)),
  kv('http.route', b(true)),
  kv('db.namespace', d(1.5)),
  kv('server.address', { arrayValue: { values: [s('a')] } }),
  kv('messaging.destination.name', s('q')),
  kv('http.target', s('/t?x\ny')),
];
const ODD_KEYS = [
  kv('b', s('1')),
  kv('2', s('two')),
  kv('a', i(1)),
  kv('1', i(1)),
  kv('b', s('dup')),
  kv('__proto__', s('p')),
  kv('a', s('str now')),
];

const T0 = 1795687200123456789n;
const span = (n: number, extra: Record<string, unknown>) => ({
  traceId: id(n, 16),
  spanId: id(n + 1000, 8),
  name: `span ${n}`,
  kind: n % 6,
  startTimeUnixNano: String(T0 + BigInt(n)),
  endTimeUnixNano: String(T0 + BigInt(n) * 1_000_000n + 7n),
  ...extra,
});

export function corpusRequest() {
  const spans = [
    span(1, {
      attributes: ALL_KINDS,
      parentSpanId: id(5, 8),
      traceState: 'a=b,c=d',
      flags: 257,
      status: { code: 2, message: "boom\t'x'" },
    }),
    span(2, { kind: 2, attributes: HTTP_NEW, status: { code: 1 } }),
    span(3, { kind: 2, attributes: HTTP_OLD }),
    span(4, { kind: 3, attributes: HTTP_OLD }),
    span(5, { kind: 5, attributes: MIXED }),
    span(6, { kind: 4, attributes: MIXED }),
    span(7, { attributes: ODD_KEYS }),
    span(8, { kind: 2, attributes: [kv('http.response.status_code', i(500))], status: { code: 0 } }),
    span(9, {
      events: [
        {
          timeUnixNano: String(T0 + 5n),
          name: 'exception',
          attributes: [kv('exception.type', s('Error')), kv('n', i(0)), kv('f', b(false)), kv('z', {}), kv('n', i(2))],
        },
        { name: '', timeUnixNano: '0' },
        { timeUnixNano: '18446744073709551615', name: 'max', attributes: ALL_KINDS.slice(0, 12) },
      ],
      links: [
        { traceId: id(1, 16), spanId: id(1001, 8), traceState: 'k=v', attributes: [kv('link.n', i(7)), kv('link.s', s('x'))], flags: 1 },
        { traceId: Buffer.alloc(0), spanId: Buffer.alloc(0) },
      ],
    }),
    span(10, { startTimeUnixNano: '0', endTimeUnixNano: '0' }),
    span(11, { startTimeUnixNano: '1000000000', endTimeUnixNano: '999' }),
    span(12, { startTimeUnixNano: '18446744073709551615', endTimeUnixNano: '18446744073709551614' }),
    span(13, { startTimeUnixNano: '1', endTimeUnixNano: '18446744073709551615' }),
    span(14, { startTimeUnixNano: '99999999999999999', endTimeUnixNano: '100000000000000000' }),
    { traceId: id(15, 16), spanId: id(15, 8) },
    span(16, { traceId: Buffer.alloc(16) }),
    span(17, { spanId: Buffer.alloc(8) }),
    span(18, { traceId: id(18, 8) }),
    span(19, { spanId: id(19, 16) }),
    span(20, { parentSpanId: id(20, 4) }),
    span(21, { parentSpanId: Buffer.alloc(8) }),
    span(22, { links: [{ traceId: id(1, 15), spanId: id(2, 8) }] }),
    span(23, { kind: 2, status: { code: 2 }, traceId: undefined }),
    span(24, { spanId: undefined }),
  ];
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            kv('service.name', s('svc-a')),
            kv('service.version', s('1.0')),
            kv('service.instance.id', s('i-1')),
            kv('host.name', s('h1')),
            kv('process.pid', i(4242)),
            kv('container.id', s('c1')),
            kv('k8s.pod.uid', s('p1')),
            kv('argus.entity.id', s('e1')),
            kv('res.bool', b(false)),
            kv('res.num', i(0)),
            kv('res.arr', { arrayValue: { values: [s('x')] } }),
          ],
        },
        scopeSpans: [
          { scope: { name: 'scope-a', version: '9.9.9' }, spans: spans.slice(0, 12) },
          { spans: spans.slice(12, 18) },
          { scope: { name: "sc'ope\tb" }, spans: [] },
        ],
      },
      { scopeSpans: [{ scope: { version: 'v' }, spans: spans.slice(18) }] },
      {
        resource: { attributes: [kv('service.name', s('')), kv('process.pid', i('99999999999'))] },
        scopeSpans: [{ spans: spans.slice(0, 2) }],
      },
      { resource: {}, scopeSpans: [] },
      {},
    ],
  };
}

/** OTLP/JSON spans the span model does not take as they are. */
export function weirdJsonSpans(): unknown[] {
  const base = (n: number) => ({
    traceId: `${'ab'.repeat(15)}${n.toString(16).padStart(2, '0')}`,
    spanId: `${'cd'.repeat(7)}${n.toString(16).padStart(2, '0')}`,
    name: `w${n}`,
    startTimeUnixNano: '1795687200000000000',
    endTimeUnixNano: '1795687200001000000',
  });
  return [
    { ...base(1), kind: 'SPAN_KIND_SERVER' },
    { ...base(2), kind: '2', status: { code: '2' } },
    { ...base(3), kind: 2.5 },
    { ...base(4), startTimeUnixNano: 1795687200000000, endTimeUnixNano: 1795687200001000.5 },
    { ...base(5), startTimeUnixNano: '-5', endTimeUnixNano: '10' },
    { ...base(6), startTimeUnixNano: '123456789012345678901234' },
    { ...base(7), startTimeUnixNano: 'soon' },
    { ...base(8), traceId: 'AB'.repeat(16) },
    { ...base(9), traceId: 'zz'.repeat(16) },
    { ...base(10), attributes: { not: 'an array' } },
    { ...base(11), attributes: [null] },
    { ...base(12), attributes: [{ key: 7, value: { stringValue: 'num key' } }, { value: { intValue: 1 } }] },
    {
      ...base(13),
      attributes: [
        { key: 'a', value: null },
        { key: 'b', value: 'str' },
        { key: 'c', value: { stringValue: null, intValue: '3' } },
      ],
    },
    {
      ...base(14),
      attributes: [
        { key: 'a', value: { stringValue: 5 } },
        { key: 'http.method', value: { stringValue: true } },
      ],
    },
    { ...base(15), attributes: [{ key: 'i', value: { intValue: 'x1' } }] },
    {
      ...base(16),
      attributes: [
        { key: 'i', value: { intValue: 3.7 } },
        { key: 'http.status_code', value: { intValue: 404.9 } },
        { key: 'http.method', value: { intValue: '12345678901234567890' } },
      ],
    },
    {
      ...base(17),
      attributes: [
        { key: 'd', value: { doubleValue: 'NaN' } },
        { key: 'e', value: { doubleValue: '1.5' } },
        { key: 'b', value: { boolValue: 'false' } },
      ],
    },
    {
      ...base(18),
      attributes: [
        { key: 'x', value: { bytesValue: 'AAEC/w==' } },
        { key: 'arr', value: { arrayValue: { values: [{ intValue: '5' }] } } },
      ],
    },
    { ...base(19), attributes: [{ key: 'arr', value: { arrayValue: { values: 'nope' } } }] },
    { ...base(20), events: { not: 'array' } },
    { ...base(21), events: [{ timeUnixNano: '1795687200000000001', name: 'e', attributes: [{ key: 'k', value: { intValue: 'bad' } }] }] },
    { ...base(22), events: [null] },
    { ...base(23), events: [{ timeUnixNano: 5, name: 7 }] },
    { ...base(24), links: [{ traceId: 'ab'.repeat(16), spanId: 'xyz' }] },
    {
      ...base(25),
      links: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), attributes: [{ key: 'n', value: { intValue: 1 } }] }],
      flags: '3',
      traceState: 5,
    },
    { ...base(26), status: 'broken', name: { o: 1 } },
    { ...base(27), parentSpanId: '' },
    { ...base(28), parentSpanId: 'ef'.repeat(8), attributes: [{ key: 'u', value: { stringValue: 'ok' } }] },
  ];
}
