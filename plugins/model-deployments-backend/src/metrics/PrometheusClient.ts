import http from 'node:http';
import https from 'node:https';
import type { PrometheusEndpoint } from './readMetricsConfig';

/** `[time in epoch seconds, value as Prometheus writes it]`, e.g. `[1717000000.5, "NaN"]`. */
export type PrometheusSample = [number, string];

export type RangeSeries = {
  metric: Record<string, string>;
  values: PrometheusSample[];
};

export type InstantSeries = {
  metric: Record<string, string>;
  value: PrometheusSample;
};

/**
 * A query that gives no figures although Prometheus answered: Prometheus refused it (its message), or
 * its result does not have the shape the metric needs.
 */
export class MetricQueryError extends Error {
  name = 'MetricQueryError';
}

type ApiAnswer = {
  status?: string;
  error?: string;
  data?: { result?: unknown };
};

const epochSeconds = (time: Date) => String(time.getTime() / 1000);

class TimeoutError extends Error {
  name = 'TimeoutError';
}

/** A keep-alive agent per protocol: a metrics request sends several queries at once, every few seconds. */
const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

/**
 * One POST and its whole answer, with node:http rather than fetch: a page's metrics are several
 * queries every few seconds, and fetch's web streams cost several times the CPU of the request itself.
 * No compression is asked for: Prometheus is near, and compressing costs both ends more than it saves.
 */
function postForm(
  url: URL,
  form: URLSearchParams,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  const body = form.toString();
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: 'POST',
        agent: agents[url.protocol as keyof typeof agents],
        headers: {
          ...headers,
          Accept: 'application/json',
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      response => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        response.on('error', reject);
      },
    );
    const timer = setTimeout(
      () => request.destroy(new TimeoutError()),
      timeoutMs,
    );
    request.on('close', () => clearTimeout(timer));
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * The two query endpoints of Prometheus's HTTP API. Queries are sent as POST forms, which takes queries
 * longer than a URL may be. A refused query throws a MetricQueryError; a Prometheus that does not
 * answer, or fails, throws an Error naming its URL.
 */
export class PrometheusClient {
  constructor(
    private readonly options: PrometheusEndpoint & { timeoutSeconds: number },
  ) {}

  get url(): string {
    return this.options.url;
  }

  async queryRange(
    query: string,
    range: { start: Date; end: Date; stepSeconds: number },
  ): Promise<RangeSeries[]> {
    return this.post('query_range', {
      query,
      start: epochSeconds(range.start),
      end: epochSeconds(range.end),
      step: String(range.stepSeconds),
    });
  }

  async query(query: string, time: Date): Promise<InstantSeries[]> {
    return this.post('query', { query, time: epochSeconds(time) });
  }

  private async post<T>(
    endpoint: string,
    params: Record<string, string>,
  ): Promise<T[]> {
    const { url, headers, timeoutSeconds } = this.options;
    const failed = (why: string) =>
      new Error(`Prometheus at ${url} did not answer: ${why}`);

    let response: { status: number; body: string };
    try {
      response = await postForm(
        new URL(`${url}/api/v1/${endpoint}`),
        // Prometheus stops evaluating when the caller has given up.
        new URLSearchParams({ ...params, timeout: String(timeoutSeconds) }),
        headers,
        timeoutSeconds * 1000,
      );
    } catch (error) {
      throw failed(
        error instanceof TimeoutError
          ? `no answer within ${timeoutSeconds} s`
          : (error as Error).message,
      );
    }
    const { body } = response;

    let answer: ApiAnswer | undefined;
    try {
      answer = JSON.parse(body);
    } catch {
      answer = undefined;
    }
    if (response.status === 400 || response.status === 422) {
      throw new MetricQueryError(answer?.error ?? body);
    }
    if (response.status < 200 || response.status > 299) {
      throw failed(
        `HTTP ${response.status}${answer?.error ? `: ${answer.error}` : ''}`,
      );
    }
    if (answer?.status !== 'success' || !Array.isArray(answer.data?.result)) {
      throw failed(
        `HTTP ${response.status} without a Prometheus query result (is ${url} the Prometheus API?)`,
      );
    }
    return answer.data!.result as T[];
  }
}
