import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchContainer, parseCgroupFile, type CgroupInfo } from './cgroup.js';

const ID = '3f0a5ab2c9d84d0c1e7b6a44c1b0ad0b5cd9f2e8a1e3b7d4c6f8a0b2c4d6e8f0';
const OUTER = '4f797c539e6c745de61a93ca3ff892358ecbcaccd8414d5db545c38428142970';
const POD = '8a7c3b1e-4f2d-4c6b-9e1a-2b3c4d5e6f70';
const POD_US = POD.replace(/-/g, '_');
const BURSTABLE = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD_US}.slice`;
const BESTEFFORT = `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${POD_US}.slice`;
/** every controller line of a cgroup v1 host, all pointing at `path` */
const v1 = (path: string) =>
  [
    '12:pids',
    '11:hugetlb',
    '10:net_prio',
    '9:perf_event',
    '8:net_cls',
    '7:freezer',
    '6:devices',
    '5:memory',
    '4:blkio',
    '3:cpuacct',
    '2:cpu',
    '1:cpuset',
  ]
    .map((c) => `${c}:${path}`)
    .join('\n');

// /proc/<pid>/cgroup files as each runtime, driver and cgroup version writes them
const FILES: Array<[string, string, CgroupInfo]> = [
  ['docker, cgroupfs driver, cgroup v1', v1(`/docker/${ID}`), { containerId: ID, runtime: 'docker' }],
  [
    'docker, cgroupfs driver, v1 on a hybrid host (the v2 line names the runtime service)',
    [`4:cpu,cpuacct:/docker/${ID}`, `1:name=systemd:/docker/${ID}`, '0::/system.slice/containerd.service'].join('\n'),
    { containerId: ID, runtime: 'docker' },
  ],
  ['docker, cgroupfs driver, cgroup v2', `0::/docker/${ID}`, { containerId: ID, runtime: 'docker' }],
  ['docker, systemd driver, cgroup v1', v1(`/system.slice/docker-${ID}.scope`), { containerId: ID, runtime: 'docker' }],
  ['docker, systemd driver, cgroup v2', `0::/system.slice/docker-${ID}.scope`, { containerId: ID, runtime: 'docker' }],
  ['docker in docker: the inner container', `0::/docker/${OUTER}/docker/${ID}`, { containerId: ID, runtime: 'docker' }],
  ['containerd, systemd driver', `0::/system.slice/containerd-${ID}.scope`, { containerId: ID, runtime: 'containerd' }],
  [
    'ECS on EC2 (docker, cgroupfs v1)',
    v1(`/ecs/shop-cluster/5a0d5ceddf6c44c1928d367a815d890f/${ID}`),
    { containerId: ID, runtime: 'docker' },
  ],
  ['kubelet cgroupfs v1, besteffort', v1(`/kubepods/besteffort/pod${POD}/${ID}`), { containerId: ID, runtime: 'cri', podUid: POD }],
  ['kubelet cgroupfs v2, burstable', `0::/kubepods/burstable/pod${POD}/${ID}`, { containerId: ID, runtime: 'cri', podUid: POD }],
  ['kubelet cgroupfs v2, guaranteed', `0::/kubepods/pod${POD}/${ID}`, { containerId: ID, runtime: 'cri', podUid: POD }],
  [
    'kubelet systemd v2, cri-containerd, burstable (EKS AL2023)',
    `0::${BURSTABLE}/cri-containerd-${ID}.scope`,
    { containerId: ID, runtime: 'containerd', podUid: POD },
  ],
  [
    'kubelet systemd v1, cri-containerd, besteffort',
    v1(`${BESTEFFORT}/cri-containerd-${ID}.scope`),
    { containerId: ID, runtime: 'containerd', podUid: POD },
  ],
  ['kubelet systemd v2, CRI-O, besteffort', `0::${BESTEFFORT}/crio-${ID}.scope`, { containerId: ID, runtime: 'cri-o', podUid: POD }],
  [
    'kubelet systemd v2, CRI-O, guaranteed',
    `0::/kubepods.slice/kubepods-pod${POD_US}.slice/crio-${ID}.scope`,
    { containerId: ID, runtime: 'cri-o', podUid: POD },
  ],
  [
    'kubelet systemd v1, guaranteed, docker (dockershim)',
    `7:memory:/kubepods.slice/kubepods-pod${POD_US}.slice/docker-${ID}.scope`,
    { containerId: ID, runtime: 'docker', podUid: POD },
  ],
  ["CRI-O's conmon is not the container, but it is in the pod", `0::${BESTEFFORT}/crio-conmon-${ID}.scope`, { podUid: POD }],
  ['podman rootful, systemd v2', `0::/machine.slice/libpod-${ID}.scope`, { containerId: ID, runtime: 'podman' }],
  [
    'podman rootless, systemd v2 (the payload sits in a child cgroup)',
    `0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope/container`,
    { containerId: ID, runtime: 'podman' },
  ],
  ['podman, cgroupfs v1', v1(`/libpod_parent/libpod-${ID}`), { containerId: ID, runtime: 'podman' }],
  ['a plain host process (systemd service)', '0::/system.slice/ssh.service', {}],
  ['a host process on cgroup v1', '12:pids:/user.slice/user-0.slice/session-3.scope\n1:name=systemd:/user.slice', {}],
  ['a login session on cgroup v2', '0::/user.slice/user-1000.slice/session-3.scope\n', {}],
  ['inside a private cgroup namespace', '0::/', {}],
  ['an id that is not 64 hex digits', '0::/process_api/50dc5bce29c5527cd005278451abd3f9', {}],
  ['an empty or unreadable file', '', {}],
];

describe('parseCgroupFile (real-world /proc/<pid>/cgroup files)', () => {
  for (const [name, text, want] of FILES) it(name, () => expect(parseCgroupFile(text)).toEqual(want));

  it("reads this machine's own cgroup file", () => {
    expect(typeof parseCgroupFile(readFileSync('/proc/self/cgroup', 'utf8'))).toBe('object');
  });
});

describe('matchContainer (directory names met while walking the cgroup tree)', () => {
  const match = (path: string) => {
    const segs = path.split('/').filter(Boolean);
    return matchContainer(segs[segs.length - 1], segs.slice(0, -1));
  };
  const CONTAINERS: Array<[string, ReturnType<typeof matchContainer>]> = [
    [`/docker/${ID}`, { id: ID, runtime: 'docker' }],
    [`/system.slice/docker-${ID}.scope`, { id: ID, runtime: 'docker' }],
    [`/system.slice/containerd-${ID}.scope`, { id: ID, runtime: 'containerd' }],
    [`/kubepods/burstable/pod${POD}/${ID}`, { id: ID, runtime: 'cri', podUid: POD }],
    [`${BURSTABLE}/cri-containerd-${ID}.scope`, { id: ID, runtime: 'containerd', podUid: POD }],
    [`/kubepods.slice/kubepods-pod${POD_US}.slice/crio-${ID}.scope`, { id: ID, runtime: 'cri-o', podUid: POD }],
    [`/machine.slice/libpod-${ID}.scope`, { id: ID, runtime: 'podman' }],
    [`/libpod_parent/libpod-${ID}`, { id: ID, runtime: 'podman' }],
    [`/some/other/${ID}`, { id: ID, runtime: 'unknown' }],
  ];
  for (const [path, want] of CONTAINERS) it(path, () => expect(match(path)).toEqual(want));

  it('rejects what is not a container', () => {
    for (const p of [
      '/system.slice/ssh.service',
      '/system.slice/containerd.service',
      '/kubepods.slice/kubepods-burstable.slice',
      BURSTABLE,
      `/kubepods/burstable/pod${POD}`,
      `/kubepods.slice/kubepods-pod${POD_US}.slice/crio-conmon-${ID}.scope`,
      `/machine.slice/libpod-conmon-${ID}.scope`,
      '/user.slice/user-1000.slice/session-2.scope',
      '/process_api/50dc5bce29c5527cd005278451abd3f9',
      `/docker/${ID.toUpperCase()}`,
    ])
      expect(match(p), p).toBeNull();
  });
});
