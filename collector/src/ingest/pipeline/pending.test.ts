import { describe, expect, it } from 'vitest';
import { createPending } from './pending.js';

const never = () => false;

describe('rows pending storage', () => {
  it('a request that fits goes on at once', async () => {
    const p = createPending({ maxRows: 100, maxBytes: 1000, waitMs: 5000 });
    p.add(50, 500);
    await p.room(50, 500, never);
    expect([p.rows(), p.bytes()]).toEqual([50, 500]);
  });

  it('a request that does not fit waits until a batch is stored, then goes on', async () => {
    const p = createPending({ maxRows: 100, maxBytes: 1000, waitMs: 60_000 });
    p.add(90, 900);
    let through = false;
    const waiting = p.room(20, 200, never).then(() => (through = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(through).toBe(false);
    p.add(10, 100); // more comes in (an estimate corrected upwards): still no room
    await new Promise((r) => setTimeout(r, 20));
    expect(through).toBe(false);
    p.add(-100, -1000); // the batch is stored
    await waiting;
    expect(through).toBe(true);
  });

  it('503 with Retry-After when no room comes in time, when stopping, or at once when nothing is pending to make room', async () => {
    const p = createPending({ maxRows: 100, maxBytes: 1000, waitMs: 30 });
    p.add(0, 990);
    await expect(p.room(1, 20, never)).rejects.toMatchObject({
      status: 503,
      retryAfterSeconds: 1,
      message: expect.stringMatching(/MiB waiting to be stored; retry later/),
    });
    await expect(p.room(1, 20, () => true)).rejects.toMatchObject({ status: 503 });
    const empty = createPending({ maxRows: 50, maxBytes: 1000, waitMs: 60_000 });
    await expect(empty.room(60, 10, never)).rejects.toMatchObject({ status: 503, message: expect.stringMatching(/0 rows waiting/) });
    // bytes alone never refuse a request when nothing is pending (one body larger than the bound)
    await empty.room(10, 5000, never);
  });
});
