import type { RolloutProgress } from '@modelops/plugin-model-deployments-common';
import { testSpec } from '../manifests/testPlans';
import type { ObservedState } from '../observedState';
import { planBlueGreen } from './blueGreen';
import type { StagedInput } from './stagedUpdate';

const ready: ObservedState = {
  current: 3,
  ready: 3,
  rolledOut: true,
  conditions: [],
};
const starting: ObservedState = {
  current: 3,
  ready: 1,
  rolledOut: false,
  conditions: [],
};
const now = new Date('2026-11-26T10:00:00Z');

function input(
  progress: RolloutProgress | null,
  overrides: Partial<StagedInput> = {},
): StagedInput {
  return {
    now,
    progress,
    fromRevision: 1,
    promoted: false,
    servingInstances: 3,
    stable: ready,
    extra: ready,
    spec: testSpec(),
    managedTraffic: false,
    ...overrides,
  };
}

const inPhase = (
  phase: RolloutProgress['phase'],
  extra: Partial<RolloutProgress> = {},
): RolloutProgress => ({
  strategy: 'blue-green',
  phase,
  fromRevision: 1,
  baseInstances: 3,
  ...extra,
});

describe('planBlueGreen', () => {
  it('starts a preview at the serving size while the previous revision keeps every request', () => {
    expect(planBlueGreen(input(null), 60)).toMatchObject({
      kind: 'apply',
      layout: {
        stable: 'previous',
        extra: { track: 'preview', replicas: 3 },
        routing: { track: 'stable' },
      },
      progress: { phase: 'preview', baseInstances: 3 },
    });
  });

  it('switches only when every preview instance is ready, and keeps the previous one for the window', () => {
    expect(
      planBlueGreen(input(inPhase('preview'), { extra: starting }), 60).kind,
    ).toBe('wait');
    expect(planBlueGreen(input(inPhase('preview')), 60)).toMatchObject({
      kind: 'apply',
      layout: { stable: 'previous', routing: { track: 'preview' } },
      progress: { phase: 'switched', until: '2026-11-26T11:00:00.000Z' },
    });
  });

  it('retires the previous revision after the window or on promote, then completes', () => {
    const switched = inPhase('switched', { until: '2026-11-26T11:00:00.000Z' });
    expect(planBlueGreen(input(switched), 60).kind).toBe('wait');
    for (const moved of [
      input(switched, { promoted: true }),
      input({ ...switched, until: '2026-11-26T09:59:59.000Z' }),
    ]) {
      expect(planBlueGreen(moved, 60)).toMatchObject({
        kind: 'apply',
        layout: { stable: 'next', routing: { track: 'preview' } },
        progress: { phase: 'finishing' },
      });
    }
    expect(
      planBlueGreen(input(inPhase('finishing'), { stable: starting }), 60).kind,
    ).toBe('wait');
    expect(planBlueGreen(input(inPhase('finishing')), 60)).toEqual({
      kind: 'complete',
    });
  });

  it('aborts when the preview cannot become ready', () => {
    const problem = {
      reason: 'ProgressDeadlineExceeded',
      message: 'no progress',
      permanent: true,
    };
    expect(
      planBlueGreen(
        input(inPhase('preview'), { extra: { ...starting, problem } }),
        60,
      ),
    ).toEqual({ kind: 'abort', problem });
  });
});
