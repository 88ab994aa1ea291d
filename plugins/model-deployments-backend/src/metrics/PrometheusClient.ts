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

/** fetch says only "fetch failed"; the reason (refused, unknown host, TLS) is its cause. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { message?: string } }).cause;
  return cause?.message ?? (error as Error).message;
}

/**
 * The two query endpoints of Prometheus's HTTP API. Queries are sent as POST forms, which takes queries
 * longer than a URL may be. A refused query throws a MetricQueryError; a Prometheus that does not
 * answer, or fails, throws an Error naming its URL.
 */
export class PrometheusClient {
  constructor(
    private readonly options: {
      url: string;
      headers: Record<string, string>;
      timeoutSeconds: number;
    },
  ) {}

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

    let response: Response;
    let body: string;
    try {
      response = await fetch(`${url}/api/v1/${endpoint}`, {
        method: 'POST',
        headers: { ...headers, Accept: 'application/json' },
        // Prometheus stops evaluating when the caller has given up.
        body: new URLSearchParams({
          ...params,
          timeout: String(timeoutSeconds),
        }),
        signal: AbortSignal.timeout(timeoutSeconds * 1000),
      });
      body = await response.text();
    } catch (error) {
      throw failed(
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${timeoutSeconds} s`
          : describeNetworkError(error),
      );
    }

    let answer: ApiAnswer | undefined;
    try {
      answer = JSON.parse(body);
    } catch {
      answer = undefined;
    }
    if (response.status === 400 || response.status === 422) {
      throw new MetricQueryError(answer?.error ?? body);
    }
    if (!response.ok) {
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
