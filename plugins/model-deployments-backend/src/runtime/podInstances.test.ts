import type { V1Pod } from '@kubernetes/client-node';
import { podInstances } from './podInstances';

function pod(
  name: string,
  track: string | undefined,
  status: V1Pod['status'] = {},
  extra: { nodeName?: string; deleting?: boolean } = {},
): V1Pod {
  return {
    metadata: {
      name,
      labels: track ? { 'modelops.io/track': track } : {},
      ...(extra.deleting ? { deletionTimestamp: new Date() } : {}),
    },
    spec: {
      nodeName: extra.nodeName,
      containers: [{ name: 'model-server' }, { name: 'istio-proxy' }],
    },
    status,
  };
}

const running: V1Pod['status'] = {
  phase: 'Running',
  startTime: new Date('2026-11-26T10:00:00Z'),
  conditions: [{ type: 'Ready', status: 'True' }],
  containerStatuses: [
    {
      name: 'model-server',
      image: 'model:1',
      imageID: '',
      ready: true,
      restartCount: 2,
      state: { running: {} },
    },
    {
      name: 'istio-proxy',
      image: 'proxy:1',
      imageID: '',
      ready: true,
      restartCount: 1,
      state: { running: {} },
    },
  ],
};

describe('podInstances', () => {
  it('reports a running pod: ready from its Ready condition, restarts over its containers', () => {
    expect(
      podInstances([
        pod('sentiment-abc', 'stable', running, { nodeName: 'cpu-1' }),
      ]),
    ).toEqual([
      {
        name: 'sentiment-abc',
        track: 'stable',
        phase: 'Running',
        ready: true,
        restarts: 3,
        node: 'cpu-1',
        containers: ['model-server', 'istio-proxy'],
        startedAt: '2026-11-26T10:00:00.000Z',
      },
    ]);
  });

  it('reads a start time that a watch delivered as a string', () => {
    const [instance] = podInstances([
      pod('sentiment-abc', 'stable', {
        ...running,
        startTime: '2026-11-26T10:00:00Z' as unknown as Date,
      }),
    ]);
    expect(instance.startedAt).toBe('2026-11-26T10:00:00.000Z');
  });

  it('says why a container does not run: waiting, then terminated', () => {
    const [pulling, crashed] = podInstances([
      pod('a-pulling', 'stable', {
        phase: 'Pending',
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [
          {
            name: 'model-server',
            image: 'model:1',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'ImagePullBackOff' } },
          },
        ],
      }),
      pod('b-crashed', 'stable', {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'model-server',
            image: 'model:1',
            imageID: '',
            ready: false,
            restartCount: 4,
            state: { terminated: { exitCode: 137, reason: 'OOMKilled' } },
          },
        ],
      }),
    ]);
    expect(pulling).toMatchObject({
      phase: 'Pending',
      ready: false,
      reason: 'ImagePullBackOff',
      startedAt: null,
    });
    expect(crashed).toMatchObject({ reason: 'OOMKilled', restarts: 4 });
  });

  it("falls back on the pod's own reason, then on why it is not scheduled", () => {
    const [evicted, unschedulable] = podInstances([
      pod('a-evicted', 'stable', { phase: 'Failed', reason: 'Evicted' }),
      pod('b-unschedulable', 'stable', {
        phase: 'Pending',
        conditions: [
          { type: 'PodScheduled', status: 'False', reason: 'Unschedulable' },
        ],
      }),
    ]);
    expect(evicted).toMatchObject({ phase: 'Failed', reason: 'Evicted' });
    expect(unschedulable).toMatchObject({
      phase: 'Pending',
      reason: 'Unschedulable',
      ready: false,
      restarts: 0,
    });
    expect(unschedulable).not.toHaveProperty('node');
  });

  it('sorts stable first, then canary and preview, each by name', () => {
    const names = podInstances([
      pod('s-preview', 'preview', running),
      pod('s-canary-b', 'canary', running),
      pod('s-stable-b', 'stable', running),
      pod('s-canary-a', 'canary', running),
      pod('s-stable-a', 'stable', running),
    ]).map(i => `${i.track}/${i.name}`);
    expect(names).toEqual([
      'stable/s-stable-a',
      'stable/s-stable-b',
      'canary/s-canary-a',
      'canary/s-canary-b',
      'preview/s-preview',
    ]);
  });

  it('leaves out pods being deleted and pods without a track of ours', () => {
    expect(
      podInstances([
        pod('going', 'stable', running, { deleting: true }),
        pod('unlabelled', undefined, running),
        pod('foreign', 'blue', running),
        pod('kept', 'canary', running),
      ]).map(i => i.name),
    ).toEqual(['kept']);
  });
});
