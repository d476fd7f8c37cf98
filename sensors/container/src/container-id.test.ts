import { describe, expect, it } from 'vitest';
import { matchContainer } from './container-id.js';

const ID = '3f4e1c2b9a8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f';
const match = (path: string) => {
  const segs = path.split('/').filter(Boolean);
  return matchContainer(segs[segs.length - 1], segs.slice(0, -1));
};

describe('matchContainer (real-world cgroup paths)', () => {
  it('docker, cgroupfs driver (v1 and v2)', () => {
    expect(match(`/docker/${ID}`)).toEqual({ id: ID, runtime: 'docker' });
  });
  it('docker, systemd driver', () => {
    expect(match(`/system.slice/docker-${ID}.scope`)).toEqual({ id: ID, runtime: 'docker' });
  });
  it('kubernetes, cgroupfs driver, containerd', () => {
    expect(match(`/kubepods/burstable/pod7c4b5a0e-1f2d-4c3b-9a8e-6d5c4b3a2f1e/${ID}`)).toEqual({
      id: ID,
      runtime: 'cri',
      podUid: '7c4b5a0e-1f2d-4c3b-9a8e-6d5c4b3a2f1e',
    });
  });
  it('kubernetes, systemd driver, containerd (EKS AL2023)', () => {
    expect(
      match(
        `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod7c4b5a0e_1f2d_4c3b_9a8e_6d5c4b3a2f1e.slice/cri-containerd-${ID}.scope`,
      ),
    ).toEqual({ id: ID, runtime: 'containerd', podUid: '7c4b5a0e-1f2d-4c3b-9a8e-6d5c4b3a2f1e' });
  });
  it('kubernetes guaranteed pod, CRI-O', () => {
    expect(match(`/kubepods.slice/kubepods-pod0a1b2c3d_4e5f_6a7b_8c9d_0e1f2a3b4c5d.slice/crio-${ID}.scope`)).toEqual({
      id: ID,
      runtime: 'cri-o',
      podUid: '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
    });
  });
  it('podman', () => {
    expect(match(`/machine.slice/libpod-${ID}.scope`)).toEqual({ id: ID, runtime: 'podman' });
  });
  it('rejects what is not a container', () => {
    for (const p of [
      '/system.slice/ssh.service',
      '/kubepods.slice/kubepods-burstable.slice',
      '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod7c4b5a0e_1f2d_4c3b_9a8e_6d5c4b3a2f1e.slice',
      `/kubepods.slice/kubepods-pod0a1b2c3d_4e5f_6a7b_8c9d_0e1f2a3b4c5d.slice/crio-conmon-${ID}.scope`,
      '/user.slice/user-1000.slice/session-2.scope',
      '/process_api/50dc5bce29c5527cd005278451abd3f9',
    ])
      expect(match(p), p).toBeNull();
  });
});
