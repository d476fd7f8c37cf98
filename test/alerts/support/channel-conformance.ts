import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import type { AlertChannel, SendContext } from '../../../collector/src/alerts/channels/types.js';
import { sampleNotification } from './notifications.js';

/** What a channel's test provides: a real (local) receiver and the options that point the channel at it. */
export interface ChannelHarness<O> {
  options: O;
  /** options whose receiver cannot be reached */
  unreachable: O;
  /** messages the receiver accepted */
  accepted(): number;
  /** the receiver answers the next message with a temporary / a permanent failure */
  failNext(kind: 'temporary' | 'permanent'): void;
  context?: Partial<SendContext>;
  /** context whose receiver cannot be reached (e-mail: an SMTP URL with a closed port) */
  unreachableContext?: Partial<SendContext>;
  stop(): Promise<void>;
}

/**
 * The shared conformance suite every channel passes: options validated by its schema, open and resolve messages
 * delivered, temporary failures retryable and permanent ones not, never a throw (unreachable receiver, aborted
 * signal), texts far past the receiver's limits still accepted, secret fields that exist.
 */
export function describeChannelConformance<O>(channel: AlertChannel<O>, start: () => Promise<ChannelHarness<O>>) {
  describe(`${channel.type} channel conformance`, () => {
    let h: ChannelHarness<O>;
    const ctx = (signal = AbortSignal.timeout(20_000)): SendContext => ({ signal, ...h.context });
    beforeAll(async () => {
      h = await start();
    });
    afterAll(async () => {
      await h.stop();
    });

    it('validates options with its schema', () => {
      expect(channel.optionsSchema.safeParse({}).success).toBe(false);
      expect(channel.optionsSchema.safeParse({ url: 42, to: 42, routingKey: 42 }).success).toBe(false);
      expect(channel.optionsSchema.safeParse(h.options).success).toBe(true);
    });

    it('delivers an open and a resolve notification', async () => {
      const before = h.accepted();
      expect(await channel.send(sampleNotification('open'), h.options, ctx())).toMatchObject({ status: 'success' });
      await new Promise((r) => setTimeout(r, 1100)); // one message per second per webhook at most
      expect(await channel.send(sampleNotification('resolve'), h.options, ctx())).toMatchObject({ status: 'success' });
      expect(h.accepted() - before).toBe(2);
    });

    it('answers retryable for a temporary failure and failure for a permanent one', async () => {
      await new Promise((r) => setTimeout(r, 1100));
      h.failNext('temporary');
      expect(await channel.send(sampleNotification('open'), h.options, ctx())).toMatchObject({ status: 'retryable' });
      h.failNext('permanent');
      expect(await channel.send(sampleNotification('open'), h.options, ctx())).toMatchObject({ status: 'failure' });
    });

    it('never throws: unreachable receiver is retryable, an aborted send ends at once', async () => {
      const down = { ...ctx(), ...h.unreachableContext };
      expect(await channel.send(sampleNotification('open'), h.unreachable, down)).toMatchObject({ status: 'retryable' });
      const t0 = Date.now();
      const r = await channel.send(sampleNotification('open'), h.options, ctx(AbortSignal.abort()));
      expect(r.status).not.toBe('success');
      expect(Date.now() - t0).toBeLessThan(2000);
    });

    it('keeps texts far past the limits within what the receiver accepts', async () => {
      await new Promise((r) => setTimeout(r, 1100));
      const before = h.accepted();
      expect(await channel.send(sampleNotification('open', { long: true }), h.options, ctx())).toMatchObject({ status: 'success' });
      expect(h.accepted() - before).toBe(1);
    });

    it('names secret fields that are options', () => {
      const shape = (channel.optionsSchema as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      for (const f of channel.secretFields) expect(Object.keys(shape)).toContain(f);
    });
  });
}
