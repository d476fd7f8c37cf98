/** /proc/mounts (fstab format). Octal escapes (\040 for space) are decoded. */
export interface MountEntry {
  device: string;
  mountpoint: string;
  type: string;
  options: string[];
}

const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

export function parseMounts(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const p = line.trim().split(/\s+/);
    if (p.length < 4) continue;
    out.push({ device: unescape(p[0]), mountpoint: unescape(p[1]), type: p[2], options: p[3].split(',') });
  }
  return out;
}

/** Filesystem types that hold no user data (kernel interfaces, in-memory or container layers). */
export const PSEUDO_FS = new Set([
  'proc',
  'sysfs',
  'devtmpfs',
  'devpts',
  'tmpfs',
  'ramfs',
  'cgroup',
  'cgroup2',
  'securityfs',
  'debugfs',
  'tracefs',
  'pstore',
  'bpf',
  'configfs',
  'fusectl',
  'hugetlbfs',
  'mqueue',
  'nsfs',
  'binfmt_misc',
  'autofs',
  'rpc_pipefs',
  'selinuxfs',
  'efivarfs',
  'overlay',
  'squashfs',
  'fuse.lxcfs',
  'fuse.portal',
  'nfsd',
  'rootfs',
  'none',
  'iso9660',
]);

/** Network filesystems: skipped by default because statfs on a dead server blocks. */
export const NETWORK_FS = new Set(['nfs', 'nfs4', 'cifs', 'smb3', 'smbfs', 'ceph', 'glusterfs', 'fuse.sshfs', 'fuse.s3fs', '9p']);

/**
 * Real, local filesystems worth reporting: pseudo and (unless asked) network types skipped, one entry per
 * device (bind mounts and subvolumes mounted twice keep the shortest mountpoint).
 */
export function selectFilesystems(mounts: MountEntry[], opts: { includeNetwork: boolean; excludeTypes: string[] }): MountEntry[] {
  const byDevice = new Map<string, MountEntry>();
  const extra = new Set(opts.excludeTypes);
  for (const m of mounts) {
    if (PSEUDO_FS.has(m.type) || extra.has(m.type)) continue;
    if (!opts.includeNetwork && NETWORK_FS.has(m.type)) continue;
    if (!m.mountpoint.startsWith('/')) continue;
    const prev = byDevice.get(m.device);
    if (!prev || m.mountpoint.length < prev.mountpoint.length) byDevice.set(m.device, m);
  }
  return [...byDevice.values()];
}
