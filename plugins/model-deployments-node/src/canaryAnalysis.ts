import type { DeploymentSpec } from '@modelops/plugin-model-deployments-common';

/**
 * One canary step to judge: the deployment, the two revisions and the time the canary was observed.
 *
 * @public
 */
export type CanaryAnalysisRequest = {
  deploymentId: string;
  namespace: string;
  spec: DeploymentSpec;
  stableRevision: number;
  canaryRevision: number;
  stepIndex: number;
  weightPercent: number;
  from: Date;
  to: Date;
};

/**
 * The verdict on a canary step. `not-analysed` says that nothing measured the step (no metrics provider),
 * so the step passed on readiness alone; the event says so rather than inventing figures.
 *
 * @public
 */
export type CanaryAnalysisResult = {
  verdict: 'pass' | 'fail' | 'not-analysed';
  summary: string;
  /** The figures the verdict rests on, e.g. error rate and p99 latency of each track. */
  figures?: Record<string, number>;
};

/**
 * The hook that judges each canary step before the next one; a failing verdict aborts the update and
 * rolls back, with the verdict's figures in the event. A metrics provider implements it.
 *
 * @public
 */
export interface CanaryAnalysis {
  analyse(request: CanaryAnalysisRequest): Promise<CanaryAnalysisResult>;
}

/**
 * The analysis when no module provides one: nothing is measured, and the event says so.
 *
 * @public
 */
export const readinessOnlyAnalysis: CanaryAnalysis = {
  async analyse() {
    return {
      verdict: 'not-analysed',
      summary:
        'no metrics provider is configured, so the step passed on instance readiness alone',
    };
  },
};
