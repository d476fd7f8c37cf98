import { hash, verify } from '@node-rs/argon2';
import { ArgusError } from '../errors.js';

/**
 * Passwords: argon2id (@node-rs/argon2 defaults: 19 MiB, 2 passes, 1 lane, the OWASP baseline). Verifying an
 * unknown user's password runs against a dummy hash of the same cost, so a login takes as long whether or not the
 * account exists.
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export function checkPasswordPolicy(password: string, email?: string): void {
  if (password.length < PASSWORD_MIN) throw new ArgusError('WEAK_PASSWORD', `passwords need at least ${PASSWORD_MIN} characters`, 400);
  if (password.length > PASSWORD_MAX) throw new ArgusError('WEAK_PASSWORD', `passwords have at most ${PASSWORD_MAX} characters`, 400);
  if (email && password.toLowerCase() === email.toLowerCase())
    throw new ArgusError('WEAK_PASSWORD', 'the password must differ from the e-mail', 400);
}

export const hashPassword = (password: string): Promise<string> => hash(password);

let dummy: Promise<string> | undefined;

/** true when `password` matches `stored`; with no stored hash, spends the same time and returns false */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  const candidate = password.slice(0, PASSWORD_MAX);
  if (!stored) {
    dummy ??= hash('argus-dummy-password-for-timing');
    await verify(await dummy, candidate).catch(() => false);
    return false;
  }
  return verify(stored, candidate).catch(() => false);
}
