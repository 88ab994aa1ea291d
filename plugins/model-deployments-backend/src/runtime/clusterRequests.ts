import type https from 'node:https';
import {
  createConfiguration,
  IsomorphicFetchHttpLibrary,
  KubeConfig,
  ResponseContext,
  ServerConfiguration,
  wrapHttpLibrary,
  type ApiConstructor,
  type ApiType,
  type PromiseHttpLibrary,
  type RequestContext,
  type ResponseBody,
} from '@kubernetes/client-node';

/** What the client's `Watch` fetches with (node-fetch's options). */
type FetchOptions = Awaited<ReturnType<KubeConfig['applyToFetchOptions']>>;

/** A cluster's API server did not answer a request in time: the runtime gave the request up. */
export class ClusterTimeoutError extends Error {
  name = 'ClusterTimeoutError';

  constructor(readonly cluster: string, readonly seconds: number) {
    super(ClusterTimeoutError.describe(cluster, seconds));
  }

  static describe(cluster: string, seconds: number): string {
    return `The API server of cluster ${cluster} did not answer within ${seconds} s`;
  }
}

/**
 * The client's HTTP library (node-fetch) with every request given up after `timeoutMs`, from sending it
 * to the last byte of the answer; a request given up rejects with a {@link ClusterTimeoutError}.
 */
class TimedFetch implements PromiseHttpLibrary {
  private readonly fetch = new IsomorphicFetchHttpLibrary();

  constructor(
    private readonly cluster: string,
    private readonly timeoutMs: number,
  ) {}

  async send(request: RequestContext): Promise<ResponseContext> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const given = request.getSignal();
    request.setSignal(given ? AbortSignal.any([given, timeout]) : timeout);
    // node-fetch rejects an aborted request with its own AbortError, which does not say why.
    const explain = (error: unknown) =>
      timeout.aborted && !given?.aborted
        ? new ClusterTimeoutError(this.cluster, this.timeoutMs / 1000)
        : error;
    const response = await this.fetch
      .send(request)
      .toPromise()
      .catch(error => {
        throw explain(error);
      });
    // The answer's body is read after this resolves, and the same signal still bounds it.
    const body: ResponseBody = {
      text: () =>
        response.body.text().catch(error => {
          throw explain(error);
        }),
      binary: () =>
        response.body.binary().catch(error => {
          throw explain(error);
        }),
    };
    return new ResponseContext(response.httpStatusCode, response.headers, body);
  }
}

/**
 * A cluster's kubeconfig whose every request to the API server is given up after a timeout
 * (`modelDeployments.runtime.clusterRequestTimeoutSeconds`), so that an API server that accepts
 * connections but never answers cannot hold up the runtime: the clients it makes (`makeApiClient`, and
 * so `KubernetesObjectApi.makeApiClient`) send through {@link TimedFetch}; a watch (`applyToFetchOptions`)
 * is given up when its answer does not start in time, and runs as long as it likes once it has.
 */
export class TimedKubeConfig extends KubeConfig {
  constructor(
    /** The cluster's name in this plugin's configuration, for the messages. */
    readonly clusterName: string,
    readonly requestTimeoutSeconds: number,
  ) {
    super();
  }

  override makeApiClient<T extends ApiType>(ApiClient: ApiConstructor<T>): T {
    // As the base class does, with the timed HTTP library instead of the default one.
    const cluster = this.getCurrentCluster();
    if (!cluster) {
      throw new Error('No active cluster!');
    }
    return new ApiClient(
      createConfiguration({
        baseServer: new ServerConfiguration(cluster.server, {}),
        authMethods: { default: this },
        httpApi: wrapHttpLibrary(
          new TimedFetch(this.clusterName, this.requestTimeoutSeconds * 1000),
        ),
      }),
    );
  }

  /**
   * Used by the client's `Watch` (and so the informers): node-fetch's `timeout` bounds the wait for the
   * answer's headers, which the API server sends as soon as a watch starts, and not the stream after it.
   */
  override async applyToFetchOptions(
    opts: https.RequestOptions,
  ): Promise<FetchOptions> {
    const init = await super.applyToFetchOptions(opts);
    return { ...init, timeout: init.timeout || this.timeoutMs() };
  }

  /** How long a request may wait for the API server, in milliseconds. */
  timeoutMs(): number {
    return this.requestTimeoutSeconds * 1000;
  }

  /** The error as the runtime reports it: a watch given up for want of an answer says so. */
  explain(error: unknown): unknown {
    const fetchError = error as { name?: string; type?: string };
    return fetchError?.name === 'FetchError' &&
      fetchError.type === 'request-timeout'
      ? new ClusterTimeoutError(this.clusterName, this.requestTimeoutSeconds)
      : error;
  }
}
