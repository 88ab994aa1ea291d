import type { AlertEvaluator } from '../monitoring/AlertEvaluator';
import type { ScheduledTask } from './ScheduledTask';

/** Every minute, each running deployment's figures are held against its thresholds (see AlertEvaluator). */
export function evaluateAlerts(deps: {
  evaluator: Pick<AlertEvaluator, 'evaluateAll'>;
}): ScheduledTask {
  return {
    id: 'evaluate-alerts',
    frequency: { minutes: 1 },
    timeout: { minutes: 5 },
    // A shutdown aborts the signal: the evaluation stops between deployments.
    fn: signal => deps.evaluator.evaluateAll(signal),
  };
}
