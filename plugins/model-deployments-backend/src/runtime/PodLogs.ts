import http from 'node:http';
import https from 'node:https';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { KubeConfig } from '@kubernetes/client-node';
import { ClusterTimeoutError, TimedKubeConfig } from './clusterRequests';

/** One container's log, as the API server's `pods/{name}/log` reads it. */
export type PodLogRequest = {
  namespace: string;
  pod: string;
  container: string;
  tailLines: number;
  sinceSeconds?: number;
  follow: boolean;
  previous: boolean;
};

/**
 * The API server refused the log: its status code (404 when the pod is gone, 400 when the container has
 * no previous log or has not started) and its own message, for the route to map.
 */
export class PodLogError extends Error {
  readonly name = 'PodLogError';

  constructor(readonly apiServerStatus: number, message: string) {
    super(message);
  }
}

/**
 * The reason to abort a stream with when it should end with a last line of its own, e.g. why following
 * stopped: {@link PodLogs.stream} writes it, on a line of its own, before it ends the output.
 */
export class LastLine {
  constructor(readonly text: string) {}
}

/** The message of the Status object that the API server answers a refusal with. */
async function refusal(response: http.IncomingMessage): Promise<PodLogError> {
  let body = '';
  for await (const chunk of response) {
    body += chunk;
  }
  const status = response.statusCode ?? 0;
  try {
    const message = JSON.parse(body).message;
    if (typeof message === 'string' && message) {
      return new PodLogError(status, message);
    }
  } catch {
    // Not a Status object: the body is the message, when there is one.
  }
  return new PodLogError(
    status,
    body.trim() || `HTTP ${status} ${response.statusMessage ?? ''}`.trim(),
  );
}

function get(
  url: URL,
  options: https.RequestOptions,
): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    (url.protocol === 'http:' ? http : https)
      .get(url, options, resolve)
      .on('error', reject);
  });
}

/**
 * Reads pod logs through the Kubernetes API. The client's own `Log` class drops the API server's message
 * of a refusal other than 500 and cannot be aborted before the stream starts, so this sends the request
 * itself, with the kubeconfig's credentials, TLS settings and proxy (`applyToHTTPSOptions`).
 */
export class PodLogs {
  constructor(private readonly kubeConfig: KubeConfig) {}

  /**
   * Writes the log to `out`, which it ends when the log ends (at once, or when a followed container
   * stops). Resolves then, or when `signal` aborts or `out` closes (its reader went away): either closes
   * the connection to the API server, and `out` is ended, after the line of a {@link LastLine} that
   * `signal` aborted with. Rejects with a {@link PodLogError} when the API server refuses.
   */
  async stream(
    request: PodLogRequest,
    out: Writable,
    signal: AbortSignal,
    /** Called once the API server has accepted the request, before the first line. */
    onOpen: () => void = () => {},
  ): Promise<void> {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster) {
      throw new Error('The kubeconfig has no current cluster');
    }
    const url = new URL(
      `${cluster.server.replace(
        /\/$/,
        '',
      )}/api/v1/namespaces/${encodeURIComponent(
        request.namespace,
      )}/pods/${encodeURIComponent(request.pod)}/log`,
    );
    url.searchParams.set('container', request.container);
    url.searchParams.set('tailLines', String(request.tailLines));
    if (request.sinceSeconds !== undefined) {
      url.searchParams.set('sinceSeconds', String(request.sinceSeconds));
    }
    url.searchParams.set('follow', String(request.follow));
    url.searchParams.set('previous', String(request.previous));

    const options: https.RequestOptions = {};
    await this.kubeConfig.applyToHTTPSOptions(options);
    // The reader may have gone while the request was being checked: then there is nothing to open.
    if (signal.aborted || out.destroyed) {
      out.end();
      return;
    }
    let opened = false;
    // Whether the text so far ends in the middle of a line: a last line must start a line of its own.
    let midLine = false;
    const outClosed = new AbortController();
    const onOutClose = () => outClosed.abort();
    out.once('close', onOutClose);
    // The answer must start within the clusters' request timeout; a followed log then runs as long as
    // it goes on, as a watch does.
    const unanswered = new AbortController();
    const timeout =
      this.kubeConfig instanceof TimedKubeConfig ? this.kubeConfig : undefined;
    const timer =
      timeout && setTimeout(() => unanswered.abort(), timeout.timeoutMs());
    const stopped = AbortSignal.any([signal, outClosed.signal]);
    try {
      const response = await get(url, {
        ...options,
        signal: AbortSignal.any([stopped, unanswered.signal]),
      }).finally(() => clearTimeout(timer));
      if (response.statusCode !== 200) {
        throw await refusal(response);
      }
      onOpen();
      opened = true;
      response.on('data', (chunk: Buffer) => {
        midLine = chunk.length > 0 && chunk[chunk.length - 1] !== 0x0a;
      });
      response.pipe(out);
      await finished(response);
    } catch (error) {
      if (unanswered.signal.aborted && !stopped.aborted) {
        // Not the API server's status: the route reports it as the cluster not giving the log.
        throw new PodLogError(
          504,
          new ClusterTimeoutError(
            timeout!.clusterName,
            timeout!.requestTimeoutSeconds,
          ).message,
        );
      }
      if (!stopped.aborted) {
        throw error;
      }
      const reason: unknown = signal.reason;
      if (reason instanceof LastLine && !out.destroyed) {
        if (!opened) {
          onOpen();
        }
        out.end(`${midLine ? '\n' : ''}${reason.text}\n`);
      } else {
        out.end();
      }
    } finally {
      out.off('close', onOutClose);
    }
  }
}
