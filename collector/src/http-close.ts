import type { Server } from 'node:http';
import type { ServerType } from '@hono/node-server';

/**
 * Closes a server whose clients keep it busy. `close()` closes only the connections idle at that moment and waits
 * for the others; one that finishes a request then waits out the keep-alive timeout, and a client sending a request
 * every second on it (the agent, posting each second) never leaves it idle that long: a stopping collector's ingest
 * port stayed open for good. Here connections are closed whenever idle (checked every 100 ms), and any still busy
 * after `graceMs` are cut: their requests were not answered, so their clients retry and nothing acknowledged is lost.
 */
export function closeServer(server: ServerType, graceMs = 5000, onCut?: () => void): Promise<void> {
  const http = server as Partial<Pick<Server, 'closeIdleConnections' | 'closeAllConnections'>>;
  return new Promise((resolve) => {
    const idle = setInterval(() => http.closeIdleConnections?.(), 100);
    const cut = setTimeout(() => {
      onCut?.();
      http.closeAllConnections?.();
    }, graceMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(cut);
      resolve();
    });
  });
}
