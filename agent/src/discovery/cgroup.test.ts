import { describe, expect, it } from 'vitest';
import { parseCgroupFile } from './cgroup.js';

const ID = '3f0a5ab2c9d84d0c1e7b6a44c1b0ad0b5cd9f2e8a1e3b7d4c6f8a0b2c4d6e8f0';
const POD = '8a7c3b1e-4f2d-4c6b-9e1a-2b3c4d5e6f70';
const POD_US = POD.replace(/-/g, '_');

describe('parseCgroupFile', () => {
  const cases: Array<[string, string, { containerId?: string; podUid?: string }]> = [
    [
      'docker, cgroupfs driver, cgroup v1',
      [
        '12:pids:/docker/' + ID,
        '11:memory:/docker/' + ID,
        '4:cpu,cpuacct:/docker/' + ID,
        '1:name=systemd:/docker/' + ID,
        '0::/system.slice/containerd.service',
      ].join('\n'),
      { containerId: ID },
    ],
    ['docker, systemd driver, cgroup v2', `0::/system.slice/docker-${ID}.scope`, { containerId: ID }],
    [
      'docker, systemd driver, cgroup v1',
      [`10:memory:/system.slice/docker-${ID}.scope`, `1:name=systemd:/system.slice/docker-${ID}.scope`].join('\n'),
      { containerId: ID },
    ],
    [
      'kubelet cgroupfs v1 burstable (containerd)',
      [`11:cpu,cpuacct:/kubepods/burstable/pod${POD}/${ID}`, `9:memory:/kubepods/burstable/pod${POD}/${ID}`].join('\n'),
      { containerId: ID, podUid: POD },
    ],
    ['kubelet cgroupfs v2 besteffort', `0::/kubepods/besteffort/pod${POD}/${ID}`, { containerId: ID, podUid: POD }],
    [
      'kubelet systemd v2, cri-containerd, burstable (underscored uid)',
      `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD_US}.slice/cri-containerd-${ID}.scope`,
      { containerId: ID, podUid: POD },
    ],
    [
      'kubelet systemd v2, crio, besteffort',
      `0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${POD_US}.slice/crio-${ID}.scope`,
      { containerId: ID, podUid: POD },
    ],
    [
      'kubelet systemd v1, guaranteed QoS, docker',
      `7:memory:/kubepods.slice/kubepods-pod${POD_US}.slice/docker-${ID}.scope`,
      { containerId: ID, podUid: POD },
    ],
    [
      'podman (libpod), systemd v2',
      `0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope/container`,
      { containerId: ID },
    ],
    [
      'crio conmon is not the container',
      `0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${POD_US}.slice/crio-conmon-${ID}.scope`,
      { podUid: POD },
    ],
    ['a plain host process (systemd service)', '0::/system.slice/ssh.service', {}],
    ['a host process on cgroup v1', '12:pids:/user.slice/user-0.slice/session-3.scope\n1:name=systemd:/user.slice', {}],
    ['inside a private cgroup namespace', '0::/', {}],
  ];
  for (const [name, text, want] of cases) {
    it(name, () => expect(parseCgroupFile(text)).toEqual(want));
  }

  it("reads this machine's own cgroup file without throwing", async () => {
    const { readFileSync } = await import('node:fs');
    const info = parseCgroupFile(readFileSync('/proc/self/cgroup', 'utf8'));
    expect(typeof info).toBe('object');
  });
});
