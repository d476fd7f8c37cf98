/**
 * A small tmpfs mounted for a test that needs a disk that fills up (a full disk cannot be faked faithfully: the
 * kernel's short writes are what the code must handle). Mounting needs root; CI runs as root, elsewhere the tests
 * that need it say why they do not run (`canMountTmpfs()` in `it.skipIf`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function canMountTmpfs(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'argus-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Tmpfs {
  dir: string;
  remove(): void;
}

/** mounts a tmpfs of `kib` KiB on a new directory */
export function mountTmpfs(kib: number): Tmpfs {
  const dir = mkdtempSync(join(tmpdir(), 'argus-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k`, 'tmpfs', dir]);
  return {
    dir,
    remove() {
      execFileSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
