import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import {
  TEST_NAMESPACE_LABELS,
  testKubeConfig,
  useTestNamespace,
} from '@internal/local-cluster';
import { deploymentsApi } from '../__testUtils__/deploymentsApi';
import { testModels } from '../__testUtils__/entities';
import { startTestBackendWithCatalog } from '../__testUtils__/startTestBackendWithCatalog';

jest.setTimeout(120_000);

/** Something on the network that a test can hang: it accepts connections and never answers. */
type Hangable = { port: number; stop(): Promise<void> };

/** An API server that accepts connections and never answers: not even the TLS handshake. */
async function startHungServer(): Promise<Hangable> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer(socket => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    stop: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        for (const socket of sockets) {
          socket.destroy();
        }
      }),
  };
}

/**
 * A TCP relay to the test cluster's API server that can hang: while hung it keeps every connection open
 * and accepts new ones, but passes nothing on in either direction (what it holds back is passed on when
 * it resumes), as an API server that stopped answering does.
 */
async function startHangingRelay(): Promise<
  Hangable & { hang(): void; resume(): void }
> {
  const target = new URL(testKubeConfig().getCurrentCluster()!.server);
  let hung = false;
  const held: { to: net.Socket; chunk: Buffer }[] = [];
  const sockets = new Set<net.Socket>();
  const pass = (to: net.Socket, chunk: Buffer) => {
    if (hung) {
      held.push({ to, chunk });
    } else if (!to.destroyed) {
      to.write(chunk);
    }
  };
  const server = net.createServer(client => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ]) {
      sockets.add(from);
      from.on('data', (chunk: Buffer) => pass(to, chunk));
      from.on('error', () => from.destroy());
      from.on('close', () => {
        sockets.delete(from);
        to.destroy();
      });
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    hang() {
      hung = true;
    },
    resume() {
      hung = false;
      for (const { to, chunk } of held.splice(0)) {
        pass(to, chunk);
      }
    },
    stop: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        for (const socket of sockets) {
          socket.destroy();
        }
      }),
  };
}

/**
 * A kubeconfig file with two contexts: `local`, the test cluster, and `staging`, the test cluster's
 * credentials on the API server at `stagingPort` of loopback.
 */
function twoClusterKubeconfig(dir: string, stagingPort: number): string {
  const local = testKubeConfig();
  const cluster = local.getCurrentCluster()!;
  const user = local.getCurrentUser()!;
  const both = new KubeConfig();
  both.loadFromOptions({
    clusters: [
      ...local.clusters,
      {
        ...cluster,
        name: 'staging-cluster',
        server: `https://127.0.0.1:${stagingPort}`,
      },
    ],
    users: local.users,
    contexts: [
      ...local.contexts,
      { name: 'staging', cluster: 'staging-cluster', user: user.name },
    ],
    currentContext: local.getCurrentContext(),
  });
  const file = path.join(dir, 'kubeconfig');
  fs.writeFileSync(file, both.exportConfig(), { mode: 0o600 });
  return file;
}

/** A backend whose development environment runs on the test cluster and staging on `kubeconfig`'s staging. */
async function startTwoEnvironmentBackend(options: {
  kubeconfig: string;
  developmentNamespace: string;
  stagingNamespace: string;
  clusterRequestTimeoutSeconds: number;
}) {
  const backend = await startTestBackendWithCatalog({
    entities: testModels,
    config: {
      modelDeployments: {
        environments: {
          development: {
            cluster: 'local',
            namespace: options.developmentNamespace,
          },
          staging: { cluster: 'staging', namespace: options.stagingNamespace },
        },
        runtime: {
          servingImage: 'registry.example.com/{{ modelId }}:{{ modelVersion }}',
          kubeconfig: options.kubeconfig,
          clusterRequestTimeoutSeconds: options.clusterRequestTimeoutSeconds,
        },
      },
    },
  });
  return { backend, api: deploymentsApi(backend.server) };
}

/** How long `fn` takes, in milliseconds, and what it resolves to. */
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = Date.now();
  const value = await fn();
  return [value, Date.now() - start];
}

/**
 * One environment's API server hangs (accepts connections, never answers): every request to it is given
 * up after `runtime.clusterRequestTimeoutSeconds` and reported on its deployments, and the other
 * environments' deployments are reconciled as usual meanwhile.
 */
describe('an environment whose API server hangs', () => {
  const namespace = useTestNamespace();
  const cleanups: (() => Promise<void>)[] = [];
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isolation-'));
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('from the start: development deploys as usual, staging says its API server did not answer', async () => {
    const hungServer = await startHungServer();
    cleanups.push(() => hungServer.stop());
    const timeoutSeconds = 10;
    const [{ backend, api }, startupMs] = await timed(() =>
      startTwoEnvironmentBackend({
        kubeconfig: twoClusterKubeconfig(dir, hungServer.port),
        developmentNamespace: namespace.name,
        stagingNamespace: 'models',
        clusterRequestTimeoutSeconds: timeoutSeconds,
      }),
    );
    cleanups.push(() => backend.stop());

    const staging = await api.create({
      name: 'sentiment-staging',
      environment: 'staging',
    });
    const [development, developmentMs] = await timed(() =>
      api.createRunning({ name: 'sentiment-dev' }),
    );
    // eslint-disable-next-line no-console
    console.log(
      `isolation: backend started in ${startupMs} ms; development ran ${developmentMs} ms after its creation`,
    );
    expect(development.status).toBe('running');
    // It never waited for staging's requests, whose first one has not even timed out yet.
    expect(developmentMs).toBeLessThan(timeoutSeconds * 1000);
    expect((await api.get(staging.id)).lastError).toBeUndefined();

    const stuck = await api.until(
      staging.id,
      "staging's deployment to say its API server did not answer",
      d => Boolean(d.lastError),
      { operation: true, timeoutMs: 30_000 },
    );
    expect(stuck.lastError?.message).toBe(
      `Cannot reach namespace models on cluster staging: The API server of cluster staging did not answer within ${timeoutSeconds} s`,
    );
    expect(stuck.status).not.toBe('running');
    expect(stuck.operation).toMatchObject({ type: 'create' });
    expect(stuck.operation?.status).not.toBe('succeeded');
  });

  it('mid-operation: the apply times out and is retried with backoff, development keeps deploying, and staging finishes once its API server answers', async () => {
    const relay = await startHangingRelay();
    cleanups.push(() => relay.stop());
    const core = testKubeConfig().makeApiClient(CoreV1Api);
    const stagingNamespace = `${namespace.name}-staging`;
    await core.createNamespace({
      body: {
        metadata: {
          name: stagingNamespace,
          labels: { ...TEST_NAMESPACE_LABELS },
        },
      },
    });
    cleanups.push(async () => {
      await core.deleteNamespace({ name: stagingNamespace });
    });
    const timeoutSeconds = 4;
    const { backend, api } = await startTwoEnvironmentBackend({
      kubeconfig: twoClusterKubeconfig(dir, relay.port),
      developmentNamespace: namespace.name,
      stagingNamespace,
      clusterRequestTimeoutSeconds: timeoutSeconds,
    });
    cleanups.push(() => backend.stop());
    const staging = await api.createRunning({
      name: 'sentiment-staging',
      environment: 'staging',
    });

    relay.hang();
    await api.act(staging.id, 'scale', { replicas: 3 }).expect(202);
    const [development, developmentMs] = await timed(() =>
      api.createRunning({ name: 'sentiment-dev' }),
    );
    // eslint-disable-next-line no-console
    console.log(
      `isolation: with staging's API server hung, development ran ${developmentMs} ms after its creation`,
    );
    expect(development.status).toBe('running');
    // It never waited for staging's apply, which has not even timed out yet.
    expect(developmentMs).toBeLessThan(timeoutSeconds * 1000);
    expect(await api.get(staging.id)).toMatchObject({
      operation: { type: 'scale', error: null },
    });
    expect((await api.get(staging.id)).lastError).toBeUndefined();

    const retrying = await api.until(
      staging.id,
      "staging's scale to be retried after its apply timed out",
      d =>
        /^retrying in \d+ s \(attempt [2-9]\)$/.test(d.operation?.step ?? ''),
      { operation: true, timeoutMs: 30_000 },
    );
    expect(retrying.lastError?.message).toBe(
      `The API server of cluster staging did not answer within ${timeoutSeconds} s`,
    );
    expect(retrying.operation).toMatchObject({
      type: 'scale',
      status: 'queued',
      error: `The API server of cluster staging did not answer within ${timeoutSeconds} s`,
    });
    // Nothing is assumed of what the cluster did not answer.
    expect(retrying.instances).toMatchObject({ current: 2, ready: 2 });

    relay.resume();
    const scaled = await api.until(
      staging.id,
      "staging's scale to finish once its API server answers",
      d => d.instances.ready === 3,
      { timeoutMs: 60_000 },
    );
    expect(scaled.status).toBe('running');
    expect(scaled.lastError).toBeUndefined();
  });
});
