import type { RolloutProgress } from '@modelops/plugin-model-deployments-common';
import { testSpec } from '../manifests/testPlans';
import type { ObservedState } from '../observedState';
import { afterCanaryAnalysis, canarySizing, planCanary } from './canary';
import type { StagedInput } from './stagedUpdate';

const ready = (n: number): ObservedState => ({
  current: n,
  ready: n,
  rolledOut: true,
  conditions: [],
});
const starting: ObservedState = {
  current: 1,
  ready: 0,
  rolledOut: false,
  conditions: [],
};
const steps = [
  { weightPercent: 10, pauseSeconds: 60 },
  { weightPercent: 50, pauseSeconds: 60 },
];
const now = new Date('2026-11-26T10:00:00Z');

function input(overrides: Partial<StagedInput> = {}): StagedInput {
  return {
    now,
    progress: null,
    fromRevision: 1,
    promoted: false,
    servingInstances: 4,
    stable: ready(4),
    extra: ready(1),
    spec: testSpec({ autoscaling: { enabled: false } }),
    managedTraffic: true,
    ...overrides,
  };
}

const atStep = (
  stepIndex: number,
  extra: Partial<RolloutProgress> = {},
): RolloutProgress => ({
  strategy: 'canary',
  phase: 'canary',
  fromRevision: 1,
  baseInstances: 4,
  stepIndex,
  weightPercent: steps[stepIndex].weightPercent,
  canaryInstances: 1,
  ...extra,
});

describe('canarySizing', () => {
  it.each([
    // With a traffic manager the weight is exact and the canary is sized for its share.
    [
      { weightPercent: 10, surge: true, managedTraffic: true },
      { canary: 1, effectivePercent: 10 },
    ],
    [
      { weightPercent: 50, surge: true, managedTraffic: true },
      { canary: 2, effectivePercent: 50 },
    ],
    // Without one, requests spread over instances: the canary's share of all instances is its share.
    [
      { weightPercent: 20, surge: true, managedTraffic: false },
      { canary: 1, effectivePercent: 20 },
    ],
    [
      { weightPercent: 50, surge: true, managedTraffic: false },
      { canary: 4, effectivePercent: 50 },
    ],
    [
      { weightPercent: 10, surge: true, managedTraffic: false },
      { canary: 1, effectivePercent: 20 },
    ],
    // Without surge the canary takes stable instances' places.
    [
      { weightPercent: 50, surge: false, managedTraffic: false },
      { canary: 2, stable: 2, effectivePercent: 50 },
    ],
    [
      { weightPercent: 10, surge: false, managedTraffic: true },
      { canary: 1, stable: 3, effectivePercent: 10 },
    ],
  ])('%o of 4 instances gives %o', (options, expected) => {
    expect(canarySizing({ servingInstances: 4, ...options })).toEqual(expected);
  });
});

describe('planCanary', () => {
  it('starts the first step with exact weights when a traffic manager splits requests', () => {
    const decision = planCanary(input(), steps);
    expect(decision).toMatchObject({
      kind: 'apply',
      layout: {
        stable: 'previous',
        extra: { track: 'canary', replicas: 1 },
        routing: { weights: { stable: 90, canary: 10 } },
      },
      progress: {
        phase: 'canary',
        stepIndex: 0,
        baseInstances: 4,
        fromRevision: 1,
      },
    });
  });

  it('waits for the canary to be ready, then observes it for the step pause', () => {
    expect(
      planCanary(input({ progress: atStep(0), extra: starting }), steps),
    ).toMatchObject({
      kind: 'wait',
      step: expect.stringContaining(
        'starting the canary (0 of 1 instances ready)',
      ),
    });
    expect(planCanary(input({ progress: atStep(0) }), steps)).toMatchObject({
      kind: 'wait',
      progress: { until: '2026-11-26T10:01:00.000Z' },
    });
  });

  it('asks for an analysis when the pause is over, and not before', () => {
    const observing = atStep(0, { until: '2026-11-26T10:01:00.000Z' });
    expect(planCanary(input({ progress: observing }), steps).kind).toBe('wait');
    expect(
      planCanary(
        input({ progress: observing, now: new Date('2026-11-26T10:01:00Z') }),
        steps,
      ),
    ).toEqual({ kind: 'analyse' });
  });

  it('aborts instead of analysing when the canary lost instances during its pause', () => {
    const ended = atStep(0, { until: '2026-11-26T09:59:00.000Z' });
    expect(
      planCanary(input({ progress: ended, extra: starting }), steps),
    ).toMatchObject({
      kind: 'abort',
      problem: {
        permanent: true,
        message: 'canary step 1 of 2 (10%) ended with 0 of 1 instances ready',
      },
    });
  });

  it('goes to the next step after an analysis, and promotes after the last', () => {
    expect(
      afterCanaryAnalysis(input({ progress: atStep(0) }), steps),
    ).toMatchObject({
      kind: 'apply',
      progress: { stepIndex: 1, weightPercent: 50, canaryInstances: 2 },
    });
    expect(
      afterCanaryAnalysis(input({ progress: atStep(1) }), steps),
    ).toMatchObject({
      kind: 'apply',
      layout: { stable: 'next' },
      progress: { phase: 'finishing' },
    });
  });

  it('promotes at once when a user asked, and completes when the stable workload has the new revision', () => {
    expect(
      planCanary(input({ progress: atStep(0), promoted: true }), steps),
    ).toMatchObject({
      kind: 'apply',
      progress: { phase: 'finishing' },
      event: expect.stringContaining('promoted by a user'),
    });
    const finishing = atStep(1, { phase: 'finishing' });
    expect(
      planCanary(input({ progress: finishing, stable: starting }), steps).kind,
    ).toBe('wait');
    expect(planCanary(input({ progress: finishing }), steps)).toEqual({
      kind: 'complete',
    });
  });

  it('aborts when the canary cannot become ready', () => {
    const problem = {
      reason: 'ProgressDeadlineExceeded',
      message: 'no progress',
      permanent: true,
    };
    expect(
      planCanary(
        input({ progress: atStep(0), extra: { ...starting, problem } }),
        steps,
      ),
    ).toEqual({ kind: 'abort', problem });
  });
});
