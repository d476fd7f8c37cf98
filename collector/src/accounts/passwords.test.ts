import { describe, expect, it, vi } from 'vitest';

// every argon2 verification the module runs, with the hash it ran against
const verified = vi.hoisted(() => [] as string[]);
vi.mock('@node-rs/argon2', async (original) => {
  const real = await original<typeof import('@node-rs/argon2')>();
  return {
    ...real,
    verify: (hashed: string, password: string) => {
      verified.push(hashed);
      return real.verify(hashed, password);
    },
  };
});
const { hashPassword, verifyPassword } = await import('./passwords.js');

/** `$argon2id$v=19$m=19456,t=2,p=1$`: algorithm, version and cost, without the salt and the hash */
const cost = (hashed: string) => hashed.split('$').slice(0, 4).join('$');

describe('passwords', () => {
  it('an unknown user costs the same argon2id verification as a known one (no user enumeration by timing)', async () => {
    const stored = await hashPassword('a good password 1');
    verified.length = 0;
    expect(await verifyPassword(stored, 'not the password')).toBe(false);
    expect(await verifyPassword(stored, 'a good password 1')).toBe(true);
    expect(await verifyPassword(undefined, 'not the password')).toBe(false);
    expect(await verifyPassword(undefined, 'a good password 1')).toBe(false);
    // four verifications, each against a hash of the same algorithm and cost
    expect(verified).toHaveLength(4);
    expect(verified.map(cost)).toEqual(Array(4).fill(cost(stored)));
    expect(cost(stored)).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+$/);
  });
});
