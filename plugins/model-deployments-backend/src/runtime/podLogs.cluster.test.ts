import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  type V1Pod,
} from '@kubernetes/client-node';
import {
  eventually,
  startApiServerLink,
  useTestNamespace,
} from '@internal/local-cluster';
import { buildWorkload, SERVER_CONTAINER } from './manifests/workload';
import { testRuntimeConfig, testSpec } from './manifests/testPlans';
import { podInstances } from './podInstances';
import { LastLine, PodLogError, PodLogs, type PodLogRequest } from './PodLogs';

jest.setTimeout(60_000);

/** A log line as a container runtime writes it, and as kwok reads it: time, stream, tag, text. */
function criLine(at: Date, line: string): string {
  return `${at.toISOString()} stdout F ${line}\n`;
}

/**
 * A followed log streamed into a buffer: what has arrived so far, the whole text once the stream ends,
 * and the controller that stops following.
 */
function follow(kubeConfig: KubeConfig, logRequest: PodLogRequest) {
  const out = new PassThrough();
  let received = '';
  out.on('data', chunk => {
    received += chunk;
  });
  // Everything, once the stream ends (a reader that went away never sees the end).
  const whole = new Promise<string>(resolve =>
    out.on('end', () => resolve(received)),
  );
  const controller = new AbortController();
  const streaming = new PodLogs(kubeConfig).stream(
    logRequest,
    out,
    controller.signal,
  );
  return { out, whole, received: () => received, controller, streaming };
}

/**
 * Pod logs on a real API server, which reads them from the node's kubelet endpoint: kwok's server, which
 * serves each pod the file its `Logs` object names (the test writes it), or the cluster's default log.
 */
describe('PodLogs on a real cluster', () => {
  const namespace = useTestNamespace();
  const core = namespace.kubeConfig.makeApiClient(CoreV1Api);
  const customObjects = namespace.kubeConfig.makeApiClient(CustomObjectsApi);
  const podLogs = new PodLogs(namespace.kubeConfig);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pod-logs-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A pod as the runtime's stable workload makes them, once kwok runs it. */
  async function startPod(name: string): Promise<V1Pod> {
    const { template } = buildWorkload({
      deploymentId: randomUUID(),
      namespace: namespace.name,
      track: 'stable',
      revision: 1,
      spec: testSpec({
        resources: { cpuCores: 0.5, memoryGb: 1 },
        autoscaling: { enabled: false },
      }),
      image: 'registry.example.com/serving/model-001:v2.1.0',
      replicas: 1,
      config: testRuntimeConfig,
    }).spec!;
    await core.createNamespacedPod({
      namespace: namespace.name,
      body: {
        metadata: { name, labels: template.metadata?.labels },
        spec: template.spec,
      },
    });
    return eventually(`pod ${name} to run`, async () => {
      const pod = await core.readNamespacedPod({
        name,
        namespace: namespace.name,
      });
      return pod.status?.phase === 'Running' && pod;
    });
  }

  function request(
    pod: string,
    options: Partial<PodLogRequest> = {},
  ): PodLogRequest {
    return {
      namespace: namespace.name,
      pod,
      container: SERVER_CONTAINER,
      tailLines: 500,
      follow: false,
      previous: false,
      ...options,
    };
  }

  async function read(
    pod: string,
    options: Partial<PodLogRequest> = {},
    logs = podLogs,
  ): Promise<string> {
    const out = new PassThrough();
    const [, log] = await Promise.all([
      logs.stream(request(pod, options), out, new AbortController().signal),
      text(out),
    ]);
    return log;
  }

  /**
   * Gives the pod's containers a log of their own (and a previous one), and waits until kwok, which
   * watches `Logs` objects, serves it.
   */
  async function giveLog(
    pod: string,
    lines: string[],
    previousLines?: string[],
  ): Promise<string> {
    const logsFile = path.join(dir, `${pod}.log`);
    fs.writeFileSync(logsFile, lines.join(''));
    const previousLogsFile = path.join(dir, `${pod}.previous.log`);
    if (previousLines) {
      fs.writeFileSync(previousLogsFile, previousLines.join(''));
    }
    await customObjects.createNamespacedCustomObject({
      group: 'kwok.x-k8s.io',
      version: 'v1alpha1',
      namespace: namespace.name,
      plural: 'logs',
      body: {
        apiVersion: 'kwok.x-k8s.io/v1alpha1',
        kind: 'Logs',
        metadata: { name: pod },
        spec: {
          logs: [{ logsFile, ...(previousLines ? { previousLogsFile } : {}) }],
        },
      },
    });
    const whole = lines.map(line => line.replace(/^\S+ \S+ \S+ /, '')).join('');
    await eventually(
      `kwok to serve the log of ${pod}`,
      async () => (await read(pod)) === whole,
    );
    return logsFile;
  }

  it('reads the last lines, and only those of the last seconds', async () => {
    await startPod('sentiment-0');
    const now = new Date();
    const anHourAgo = new Date(now.getTime() - 3_600_000);
    await giveLog('sentiment-0', [
      criLine(anHourAgo, 'loading model model-001 v2.1.0'),
      criLine(anHourAgo, 'model loaded'),
      criLine(now, 'listening on :8080'),
      criLine(now, 'GET /health 200'),
    ]);

    expect(await read('sentiment-0', { tailLines: 3 })).toBe(
      'model loaded\nlistening on :8080\nGET /health 200\n',
    );
    expect(await read('sentiment-0', { sinceSeconds: 600 })).toBe(
      'listening on :8080\nGET /health 200\n',
    );
    expect(await read('sentiment-0', { tailLines: 1, sinceSeconds: 600 })).toBe(
      'GET /health 200\n',
    );
  });

  it('follows: a line appended after it started arrives; aborting ends it and closes the connection', async () => {
    await startPod('sentiment-0');
    const logsFile = await giveLog('sentiment-0', [
      criLine(new Date(), 'model loaded'),
      criLine(new Date(), 'listening on :8080'),
    ]);
    const relay = await startApiServerLink();
    try {
      const { whole, received, controller, streaming } = follow(
        relay.kubeConfig,
        request('sentiment-0', { follow: true, tailLines: 1 }),
      );

      await eventually(
        'the last line',
        async () => received() === 'listening on :8080\n',
      );
      fs.appendFileSync(logsFile, criLine(new Date(), 'GET /predict 200'));
      await eventually(
        'the appended line',
        async () => received() === 'listening on :8080\nGET /predict 200\n',
      );
      expect(relay.openConnections()).toBe(1);

      controller.abort();
      await expect(streaming).resolves.toBeUndefined();
      await whole;
      await eventually(
        'the connection to the API server to close',
        async () => relay.openConnections() === 0,
      );
    } finally {
      await relay.stop();
    }
  });

  it('ends a followed log stopped with a last line with that line, and closes the connection', async () => {
    await startPod('sentiment-0');
    await giveLog('sentiment-0', [criLine(new Date(), 'listening on :8080')]);
    const relay = await startApiServerLink();
    try {
      const { whole, received, controller, streaming } = follow(
        relay.kubeConfig,
        request('sentiment-0', { follow: true }),
      );
      await eventually('the log', async () => received() !== '');

      controller.abort(new LastLine('--- stopped ---'));
      await expect(streaming).resolves.toBeUndefined();
      expect(await whole).toBe('listening on :8080\n--- stopped ---\n');
      await eventually(
        'the connection to the API server to close',
        async () => relay.openConnections() === 0,
      );
    } finally {
      await relay.stop();
    }
  });

  it('stops following when its reader goes away', async () => {
    await startPod('sentiment-0');
    await giveLog('sentiment-0', [criLine(new Date(), 'listening on :8080')]);
    const relay = await startApiServerLink();
    try {
      const { out, received, streaming } = follow(
        relay.kubeConfig,
        request('sentiment-0', { follow: true }),
      );
      await eventually('the log', async () => received() !== '');

      out.destroy();
      await expect(streaming).resolves.toBeUndefined();
      await eventually(
        'the connection to the API server to close',
        async () => relay.openConnections() === 0,
      );
    } finally {
      await relay.stop();
    }
  });

  it("reads the previous container's log, and is refused one that has none", async () => {
    await startPod('sentiment-0');
    await giveLog(
      'sentiment-0',
      [criLine(new Date(), 'listening on :8080')],
      [criLine(new Date(), 'CUDA error: out of memory')],
    );
    expect(await read('sentiment-0', { previous: true })).toBe(
      'CUDA error: out of memory\n',
    );

    // The cluster's default log has no previous one: its simulated containers never restart.
    await startPod('sentiment-1');
    await expect(read('sentiment-1', { previous: true })).rejects.toMatchObject(
      { apiServerStatus: 400 },
    );
  });

  it("rejects with the API server's status and message", async () => {
    await startPod('sentiment-0');

    const gone = await read('sentiment-9').catch(error => error);
    expect(gone).toBeInstanceOf(PodLogError);
    expect(gone).toMatchObject({
      apiServerStatus: 404,
      message: `pods "sentiment-9" not found`,
    });

    await expect(
      read('sentiment-0', { container: 'istio-proxy' }),
    ).rejects.toMatchObject({
      apiServerStatus: 400,
      message: 'container istio-proxy is not valid for pod sentiment-0',
    });
  });

  it('lists the observed pod as an instance', async () => {
    const pod = await startPod('sentiment-0');
    expect(podInstances([pod])).toEqual([
      {
        name: 'sentiment-0',
        track: 'stable',
        phase: 'Running',
        ready: true,
        restarts: 0,
        node: expect.stringMatching(/^cpu-/),
        containers: [SERVER_CONTAINER],
        startedAt: new Date(pod.status!.startTime!).toISOString(),
      },
    ]);
  });
});

/**
 * What a real API server does not readily send: a followed log whose last line is unfinished, from a
 * stand-in API server.
 */
describe('PodLogs stopped with a last line', () => {
  it('starts the last line on a line of its own after a line the container has not finished', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('listening on :8080\nGET /predict');
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [
        {
          name: 'stand-in',
          server: `http://127.0.0.1:${port}`,
          // The client allows plain HTTP only so.
          skipTLSVerify: true,
        },
      ],
      users: [{ name: 'nobody' }],
      contexts: [{ name: 'stand-in', cluster: 'stand-in', user: 'nobody' }],
      currentContext: 'stand-in',
    });
    try {
      const { whole, received, controller, streaming } = follow(kubeConfig, {
        namespace: 'models',
        pod: 'sentiment-0',
        container: SERVER_CONTAINER,
        tailLines: 500,
        follow: true,
        previous: false,
      });
      await Promise.race([
        eventually('the log', async () => received().endsWith('GET /predict'), {
          timeoutMs: 10_000,
        }),
        streaming,
      ]);
      controller.abort(new LastLine('--- stopped ---'));
      await streaming;
      expect(await whole).toBe(
        'listening on :8080\nGET /predict\n--- stopped ---\n',
      );
    } finally {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    }
  });
});
