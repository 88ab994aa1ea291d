import http from 'node:http';
import type net from 'node:net';
import { PassThrough } from 'node:stream';
import { CoreV1Api, KubernetesObjectApi, Watch } from '@kubernetes/client-node';
import { apiServerMessage } from './apiServerMessage';
import { ClusterTimeoutError, TimedKubeConfig } from './clusterRequests';
import { PodLogError, PodLogs } from './PodLogs';

/**
 * A stand-in API server: `handle` answers each request, or leaves it unanswered. Plain HTTP, which the
 * client allows with `skipTLSVerify`.
 */
async function startServer(handle: http.RequestListener) {
  const sockets = new Set<net.Socket>();
  const server = http.createServer(handle);
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const kubeConfig = new TimedKubeConfig('eu', 0.3);
  kubeConfig.loadFromClusterAndUser(
    {
      name: 'eu',
      server: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
      skipTLSVerify: true,
    },
    { name: 'runtime', token: 'token' },
  );
  return {
    kubeConfig,
    stop: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        for (const socket of sockets) {
          socket.destroy();
        }
      }),
  };
}

type Server = Awaited<ReturnType<typeof startServer>>;

const NAMESPACE = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'models' },
};

const DISCOVERY = {
  kind: 'APIResourceList',
  groupVersion: 'v1',
  resources: [{ name: 'namespaces', namespaced: false, kind: 'Namespace' }],
};

function json(response: http.ServerResponse, body: unknown) {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

const TIMED_OUT = 'The API server of cluster eu did not answer within 0.3 s';

describe('TimedKubeConfig', () => {
  let server: Server | undefined;

  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('gives up a request the API server never answers, saying so', async () => {
    server = await startServer(() => {});
    const started = Date.now();
    const error = await server.kubeConfig
      .makeApiClient(CoreV1Api)
      .readNamespace({ name: 'models' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ClusterTimeoutError);
    expect(error.message).toBe(TIMED_OUT);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('gives up an answer that stops before its end', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"kind":');
    });
    const error = await server.kubeConfig
      .makeApiClient(CoreV1Api)
      .readNamespace({ name: 'models' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ClusterTimeoutError);
  });

  it('gives the object API the timeout too, and the message without the client prefix', async () => {
    server = await startServer(() => {});
    const error = await KubernetesObjectApi.makeApiClient(server.kubeConfig)
      .read(NAMESPACE)
      .catch(e => e);
    // The client prefixes resource discovery's failures with its own words.
    expect(error.message).toMatch(/^Failed to fetch resource metadata/);
    expect(apiServerMessage(error)).toBe(TIMED_OUT);
  });

  it('changes nothing for an API server that answers in time', async () => {
    server = await startServer((request, response) => {
      setTimeout(
        () =>
          json(
            response,
            request.url === '/api/v1' ? DISCOVERY : { ...NAMESPACE },
          ),
        100,
      );
    });
    const read = await KubernetesObjectApi.makeApiClient(
      server.kubeConfig,
    ).read(NAMESPACE);
    expect(read.metadata?.name).toBe('models');
  });

  it('gives up a watch whose answer does not start, and lets one that started run on', async () => {
    let answer = false;
    server = await startServer((_request, response) => {
      if (answer) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write(
          `${JSON.stringify({ type: 'ADDED', object: NAMESPACE })}\n`,
        );
      }
    });
    const { kubeConfig } = server;
    const watch = (onEvent: () => void = () => {}) =>
      new Promise<unknown>(resolve => {
        new Watch(kubeConfig)
          .watch('/api/v1/namespaces', {}, onEvent, resolve)
          .then(controller => {
            if (answer) {
              // Still open well after the timeout; then stopped.
              setTimeout(() => controller.abort(), 1000);
            }
          });
      });
    const failure = await watch();
    expect(kubeConfig.explain(failure)).toBeInstanceOf(ClusterTimeoutError);

    answer = true;
    const events: unknown[] = [];
    const started = Date.now();
    await watch(() => events.push('event'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(events).toEqual(['event']);
  });

  it('gives up a pod log whose answer does not start', async () => {
    server = await startServer(() => {});
    const error = await new PodLogs(server.kubeConfig)
      .stream(
        {
          namespace: 'models',
          pod: 'pod',
          container: 'server',
          tailLines: 10,
          follow: true,
          previous: false,
        },
        new PassThrough(),
        new AbortController().signal,
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(PodLogError);
    expect(error.message).toBe(TIMED_OUT);
  });
});
