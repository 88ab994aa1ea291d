import { ResponseError } from '@backstage/errors';
import type { ModelDeploymentsRequestOptions } from './ModelDeploymentsApi';

/** The backend's plugin id: where discovery finds its API. */
const PLUGIN_ID = 'model-deployments';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** A query's parameters; an array repeats its parameter, an `undefined` one is left out. */
export type Query = Record<
  string,
  string | number | boolean | readonly (string | number)[] | undefined
>;

/** `?a=1&b=2&b=3`, or nothing for an empty query. */
export function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined) params.append(key, String(item));
    }
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** What a request sends besides its method, path and token. */
export type Send = {
  /** Sent as JSON. */
  body?: unknown;
  /** `application/json` by default. */
  contentType?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
};

/** Sends requests to the backend's API: its base URL from discovery, the token as Authorization. */
export class BackendRequests {
  constructor(
    private readonly discoveryApi: {
      getBaseUrl(pluginId: string): Promise<string>;
    },
    private readonly fetchApi: { fetch: typeof fetch },
  ) {}

  /** Sends a request and reads its JSON answer. */
  async json<T>(
    method: Method,
    path: string,
    options?: ModelDeploymentsRequestOptions,
    send: Send = {},
  ): Promise<T> {
    return (await (await this.send(method, path, options, send)).json()) as T;
  }

  /** Sends a request; an answer other than 2xx is thrown as a `ResponseError`. */
  async send(
    method: Method,
    path: string,
    options: ModelDeploymentsRequestOptions | undefined,
    { body, contentType, headers, signal }: Send,
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    const init: RequestInit = { method };
    const allHeaders: Record<string, string> = {
      ...(body !== undefined
        ? { 'Content-Type': contentType ?? 'application/json' }
        : {}),
      ...(options?.token ? { Authorization: `Bearer ${options.token}` } : {}),
      ...headers,
    };
    if (Object.keys(allHeaders).length) init.headers = allHeaders;
    if (body !== undefined) init.body = JSON.stringify(body);
    if (signal) init.signal = signal;
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
