import type { ChangePlan } from '../ChangePlan';

/** A stopped deployment runs again with the configuration it had. */
export function planStart(): ChangePlan {
  return {
    status: 'starting',
    operation: { parameters: {}, step: 'queued: start' },
    event: {
      outcome: 'accepted',
      message: 'Start with the previous configuration',
      changes: [],
    },
  };
}
