import type { AddressInfo } from 'node:net';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  eventually,
  startApiServerLink,
  useTestNamespace,
  type ApiServerLink,
} from '@internal/local-cluster';
import type { InstanceList } from '@modelops/plugin-model-deployments-common';
import request from 'supertest';
import {
  startRuntimeTestBackend,
  type RuntimeTestBackend,
} from '../__testUtils__/startRuntimeTestBackend';

jest.setTimeout(180_000);

const API = '/api/model-deployments';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

/** A followed log as a client reads it: the response once its headers came, and what it sent since. */
type Followed = {
  response: Response;
  /** Everything the stream sent until it ended; rejects when it was cut. */
  text: Promise<string>;
  /** What arrived so far. */
  received: () => string;
  /** The client goes away. */
  abort: () => void;
};

/**
 * The limits of followed logs (per user, and in duration) on the test cluster, through the routes: a
 * stream that leaked its slot would show as a 429 where the test expects the next follow to be let in.
 */
describe('followed logs are limited per user and in duration', () => {
  const namespace = useTestNamespace();
  let backend: RuntimeTestBackend['backend'] | undefined;
  let api: RuntimeTestBackend['api'];
  let link: ApiServerLink | undefined;
  const open: Followed[] = [];

  afterEach(async () => {
    for (const followed of open.splice(0)) {
      followed.abort();
    }
    await backend?.stop();
    backend = undefined;
    await link?.stop();
    link = undefined;
  });

  async function start(
    limits: Record<string, unknown>,
    kubeconfig?: string,
  ): Promise<{ id: string; pod: string }> {
    ({ backend, api } = await startRuntimeTestBackend({
      namespace: namespace.name,
      kubeconfig,
      modelDeployments: { logs: { follow: limits } },
    }));
    const created = await api.createRunning({ replicas: { min: 1, max: 2 } });
    const instances = await request(backend.server)
      .get(`${API}/deployments/${created.id}/instances`)
      .set('Authorization', mockCredentials.user.header(ALICE));
    const [pod] = (instances.body as InstanceList).items;
    return { id: created.id, pod: pod.name };
  }

  /** Asks for the log, followed unless `query` says otherwise, and resolves when the headers came. */
  async function follow(
    target: { id: string; pod: string },
    user = ALICE,
    query: Record<string, string> = {},
  ): Promise<Followed> {
    const { port } = backend!.server.address() as AddressInfo;
    const controller = new AbortController();
    const response = await fetch(
      `http://127.0.0.1:${port}${API}/deployments/${target.id}/instances/${
        target.pod
      }/logs?${new URLSearchParams({
        follow: 'true',
        tailLines: '2',
        ...query,
      })}`,
      {
        headers: { Authorization: mockCredentials.user.header(user) },
        signal: controller.signal,
      },
    );
    let received = '';
    const text = (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of response.body!) {
        received += decoder.decode(chunk, { stream: true });
      }
      return received;
    })();
    // A test that does not read it to the end need not hear how it ended.
    text.catch(() => undefined);
    const followed = {
      response,
      text,
      received: () => received,
      abort: () => controller.abort(),
    };
    open.push(followed);
    return followed;
  }

  it('refuses the (N+1)th follow of a user with 429 and Retry-After, lets in other users and reads that are not followed, and frees a slot when its client goes', async () => {
    const target = await start({ maxStreamsPerUser: 2 });
    const first = await follow(target);
    const second = await follow(target);
    expect([first.response.status, second.response.status]).toEqual([200, 200]);
    await eventually('the first lines', async () =>
      first.received().includes('(simulated)'),
    );

    const third = await follow(target);
    expect(third.response.status).toBe(429);
    // The oldest stream ends 30 minutes after it began, at the latest.
    const retryAfter = Number(third.response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(1790);
    expect(retryAfter).toBeLessThanOrEqual(1800);
    const body = JSON.parse(await third.text);
    expect(body.error).toEqual({
      name: 'TooManyRequestsError',
      message: `${ALICE} follows 2 logs already, as many as one user may at once; stop following one, or try again in ${retryAfter} s, when the oldest has lasted 30 min and ends`,
      rule: 'followed-logs-per-user',
      retryAfterSeconds: retryAfter,
      statusCode: 429,
    });
    expect(body.response).toEqual({ statusCode: 429 });

    // A read that is not followed ends by itself, and is not counted.
    const once = await follow(target, ALICE, { follow: 'false' });
    expect(once.response.status).toBe(200);
    expect(await once.text).toContain('(simulated)');
    // Each user has slots of their own.
    expect((await follow(target, BOB)).response.status).toBe(200);

    first.abort();
    const fourth = await eventually(
      'the slot of the stream whose client went to be free',
      async () => {
        const next = await follow(target);
        return next.response.status === 200 ? next : undefined;
      },
      { timeoutMs: 15_000 },
    );
    expect(fourth.response.status).toBe(200);
    expect((await follow(target)).response.status).toBe(429);
  });

  it('frees the slot when the API server refuses the log, and when the connection to it closes', async () => {
    link = await startApiServerLink();
    const target = await start({ maxStreamsPerUser: 1 }, link.kubeConfigFile);

    // The simulated containers never restarted: the API server refuses their previous log.
    const refused = await follow(target, ALICE, { previous: 'true' });
    expect(refused.response.status).toBe(400);
    const followed = await follow(target);
    expect(followed.response.status).toBe(200);
    await eventually('the first lines', async () =>
      followed.received().includes('(simulated)'),
    );
    expect((await follow(target)).response.status).toBe(429);

    // Every connection to the API server closes: the stream is cut, not ended.
    await link.cut();
    await expect(followed.text).rejects.toThrow();
    await link.restore();
    const again = await eventually(
      'the cluster to be seen again and a follow to be answered',
      async () => {
        const next = await follow(target);
        return next.response.status === 503 ? undefined : next;
      },
    );
    expect(again.response.status).toBe(200);
  });

  it('ends a follow at the maximum duration with a last line that says so, and frees its slot', async () => {
    const target = await start({
      maxStreamsPerUser: 1,
      maxDuration: { seconds: 2 },
    });
    const startedAt = Date.now();
    const followed = await follow(target);
    expect(followed.response.status).toBe(200);
    // Ended, not cut: the whole text arrives (today's code never ended it).
    const text = await Promise.race([
      followed.text,
      new Promise<never>((_resolve, reject) =>
        setTimeout(
          () => reject(new Error('The follow went on past 20 s')),
          20_000,
        ),
      ),
    ]);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1900);
    const lines = text.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('(simulated)');
    expect(lines[1]).toContain('(simulated)');
    expect(lines.slice(2)).toEqual([
      '--- Stopped following after 2 s, the longest one follow lasts; follow again to continue ---',
      '',
    ]);
    expect((await follow(target)).response.status).toBe(200);
  });
});
