// @vitest-environment happy-dom
import type { WaterfallResponse } from '@argus/api';
import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { traceQuery } from '../../api/queries';

const ID = 'ab'.repeat(16);
const PATH = `/traces/${ID}/waterfall`;
const answer: WaterfallResponse = {
  traceId: ID,
  startTimeUnixNano: '1700000000000000000',
  durationMs: 10,
  count: 2,
  errors: 0,
  services: ['web'],
  rootEndpoint: 'GET /',
  strings: ['web', 'GET /', 'SELECT'],
  spans: {
    spanId: ['1111111111111111', '2222222222222222'],
    parent: [-1, 0],
    service: [0, 0],
    name: [1, 2],
    kind: [2, 3],
    offsetNs: [0, 1_000_000],
    durationNs: [10_000_000, 5_000_000],
    status: [0, 0],
    error: [0, 0],
  },
};
const w = window as unknown as { __argusEarly?: unknown };
afterEach(() => {
  delete w.__argusEarly;
  vi.unstubAllGlobals();
});

describe('traceQuery', () => {
  it('builds the model from the waterfall index.html asked for with the page, without asking again', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    w.__argusEarly = { path: PATH, key: '', at: Date.now(), answer: Promise.resolve(answer) };
    const model = await new QueryClient().query(traceQuery(ID));
    expect(fetch).not.toHaveBeenCalled();
    expect(model.n).toBe(2);
    expect(Array.from(model.order)).toEqual([0, 1]);
    expect(model.rootEndpoint).toBe('GET /');
  });

  it('asks the API when there is no early answer (or it failed)', async () => {
    const fetch = vi.fn(() => Promise.resolve(new Response(JSON.stringify(answer), { status: 200 })));
    vi.stubGlobal('fetch', fetch);
    w.__argusEarly = { path: PATH, key: '', at: Date.now(), answer: Promise.resolve(null) };
    const model = await new QueryClient().query(traceQuery(ID));
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(String((fetch.mock.calls[0] as unknown[])[0])).toContain(`/api/v1${PATH}`);
    expect(model.name[model.order[1]]).toBe('SELECT');
  });
});
