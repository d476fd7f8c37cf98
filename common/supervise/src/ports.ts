import { createServer } from 'node:net';

export interface PortClaim {
  port: number;
  /** who wants the port, e.g. "collector API" */
  owner: string;
  /** the flag or variable that changes it, e.g. "--api-port" */
  flag: string;
}

/** A port that is already taken; the message names the flag that moves it. */
export class PortInUseError extends Error {
  readonly code = 'PORT_IN_USE';
  constructor(readonly claim: PortClaim) {
    super(
      `port ${claim.port} (${claim.owner}) is already in use on 127.0.0.1: stop what uses it or pick another port with ${claim.flag} <port>`,
    );
  }
}

/** True when nothing listens on host:port (we can bind it ourselves). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port the OS considers free right now. */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Checks every claim (also on all interfaces, since servers usually bind 0.0.0.0); throws on the first taken one. */
export async function assertPortsFree(claims: PortClaim[]): Promise<void> {
  const seen = new Map<number, PortClaim>();
  for (const claim of claims) {
    const other = seen.get(claim.port);
    if (other)
      throw new Error(
        `port ${claim.port} is given to both ${other.owner} (${other.flag}) and ${claim.owner} (${claim.flag}): choose different ports`,
      );
    seen.set(claim.port, claim);
    if (!(await isPortFree(claim.port, '127.0.0.1')) || !(await isPortFree(claim.port, '0.0.0.0'))) throw new PortInUseError(claim);
  }
}
