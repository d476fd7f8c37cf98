/**
 * A minimal Kubernetes API client for the agent: GET (JSON) and watch (newline-delimited JSON events) with the pod's
 * service account token and cluster CA. Plain node:http/https (the agent keeps Node's bundled undici out of memory,
 * see docs/agent.md); the token file is re-read for every request because the kubelet rotates it.
 */
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';

export interface KubeApiOptions {
  /** https://<KUBERNETES_SERVICE_HOST>:<KUBERNETES_SERVICE_PORT>, or a test server */
  baseUrl: string;
  tokenFile: string;
  /** cluster CA bundle; unset for a plain-http base URL */
  caFile?: string;
  timeoutMs: number;
}

export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

export function createKubeApi(opts: KubeApiOptions) {
  const base = new URL(opts.baseUrl);
  const secure = base.protocol === 'https:';
  let ca: Buffer | undefined;
  const agent = secure
    ? new https.Agent({ keepAlive: true, maxSockets: 2, ca: (ca ??= opts.caFile ? readFileSync(opts.caFile) : undefined) })
    : new http.Agent({ keepAlive: true, maxSockets: 2 });

  function request(path: string, timeoutMs: number, signal?: AbortSignal): Promise<http.IncomingMessage> {
    const token = readFileSync(opts.tokenFile, 'utf8').trim();
    const url = new URL(path, base);
    const mod = secure ? https : http;
    return new Promise((resolve, reject) => {
      const req = mod.request(
        url,
        { method: 'GET', agent, signal, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } },
        resolve,
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`Kubernetes API ${url.pathname}: no answer in ${String(timeoutMs)} ms`)));
      req.once('error', reject);
      req.end();
    });
  }

  async function failure(res: http.IncomingMessage, path: string): Promise<KubeApiError> {
    let text = '';
    for await (const chunk of res) text += (chunk as Buffer).toString();
    let message = text.slice(0, 300);
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      /* not a Status object */
    }
    return new KubeApiError(res.statusCode ?? 0, `Kubernetes API GET ${path.split('?')[0]}: ${String(res.statusCode)} ${message}`);
  }

  return {
    async get<T>(path: string): Promise<T> {
      const res = await request(path, opts.timeoutMs);
      if (res.statusCode !== 200) throw await failure(res, path);
      let text = '';
      for await (const chunk of res) text += (chunk as Buffer).toString();
      return JSON.parse(text) as T;
    },
    /** streams watch events until the server ends the watch (its timeoutSeconds), an error, or the signal */
    async watch<T>(path: string, onEvent: (e: WatchEvent<T>) => void, signal: AbortSignal): Promise<void> {
      const res = await request(path, opts.timeoutMs * 100, signal);
      if (res.statusCode !== 200) throw await failure(res, path);
      let buf = '';
      for await (const chunk of res) {
        buf += (chunk as Buffer).toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (line) onEvent(JSON.parse(line) as WatchEvent<T>);
        }
      }
    },
    close() {
      agent.destroy();
    },
  };
}

export type KubeApi = ReturnType<typeof createKubeApi>;
