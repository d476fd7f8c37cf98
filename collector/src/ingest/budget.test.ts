import { describe, expect, it } from 'vitest';
import { createByteBudget } from './budget.js';

describe('in-flight byte budget', () => {
  it('admits within the limit, queues beyond it in order, and grants when shares come back', async () => {
    const b = createByteBudget(100);
    const r1 = await b.acquire(60);
    const r2 = await b.acquire(40);
    expect(b.used()).toBe(100);
    let granted = false;
    const p3 = b.acquire(50).then((r) => ((granted = true), r));
    await new Promise((r) => setTimeout(r, 5));
    expect(granted).toBe(false);
    r1();
    const r3 = await p3;
    expect(b.used()).toBe(90);
    r1(); // giving back twice changes nothing
    expect(b.used()).toBe(90);
    r2();
    r3();
    expect(b.used()).toBe(0);
  });

  it('refuses with 503 + Retry-After after waiting too long', async () => {
    const b = createByteBudget(100);
    await b.acquire(100);
    await expect(b.acquire(10, 20)).rejects.toMatchObject({ code: 'OVERLOADED', status: 503 });
  });

  it('refuses at once when the requests already waiting would fill the budget again', async () => {
    const b = createByteBudget(100);
    const held = await b.acquire(100);
    const waiting = b.acquire(80, 10_000);
    // refused at once, not after its 10 s wait (which would outlast the test's timeout)
    await expect(b.acquire(30, 10_000)).rejects.toMatchObject({ code: 'OVERLOADED' });
    held();
    const r = await waiting; // the one already waiting still gets its share
    expect(b.used()).toBe(80);
    r();
  });

  it('admits a request larger than the whole budget alone', async () => {
    const b = createByteBudget(100);
    const r = await b.acquire(500);
    expect(b.used()).toBe(500);
    r();
  });
});
