import { describe, expect, it } from 'vitest';
import type { Storage } from '../../storage/storage.js';
import { createChannelStore } from './channel-store.js';
import { createRuleStore } from './rule-store.js';

/** A storage whose reads answer only when the test lets them (a reload's query that read the table before a write). */
function slowStorage() {
  const pending: Array<() => void> = [];
  const storage = {
    query: () => new Promise<unknown[]>((resolve) => pending.push(() => resolve([]))),
    insertTsv: () => Promise.resolve(),
  } as unknown as Storage;
  return { storage, answer: () => pending.splice(0).forEach((f) => f()) };
}

const rule = { name: 'checkout slow', blueprint: 'service-slow', service: 'checkout', threshold: 500, channels: [] };

describe('a configuration reload racing a write', () => {
  it('keeps an alert created while the reload read the table (it does not vanish until the next reload)', async () => {
    const { storage, answer } = slowStorage();
    const rules = createRuleStore(storage, () => undefined);
    const reload = rules.load();
    const created = await rules.create('default', rule);
    answer();
    await reload;
    expect(rules.get('default', created.id)?.name).toBe('checkout slow');
  });

  it('does not bring back an alert deleted while the reload read the table', async () => {
    const { storage, answer } = slowStorage();
    const rules = createRuleStore(storage, () => undefined);
    const created = await rules.create('default', rule);
    const reload = rules.load();
    await rules.remove('default', created.id);
    answer();
    await reload;
    expect(rules.get('default', created.id)).toBeUndefined();
  });

  it('keeps a channel created while the reload read the table (an alert naming it is accepted)', async () => {
    const { storage, answer } = slowStorage();
    const channels = createChannelStore(storage);
    const reload = channels.load();
    const c = await channels.create('default', { type: 'webhook', name: 'ops', url: 'http://127.0.0.1:9/hook' });
    answer();
    await reload;
    expect(channels.get('default', c.id)?.name).toBe('ops');
  });
});
