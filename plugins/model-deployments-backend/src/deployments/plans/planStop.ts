import type { ChangePlan } from '../ChangePlan';

/** Every instance shuts down; the configuration stays, to start again. */
export function planStop(request: { reason?: string }): ChangePlan {
  return {
    status: 'stopping',
    operation: {
      parameters: { reason: request.reason ?? null },
      step: 'queued: stop',
    },
    event: {
      outcome: 'accepted',
      message: `Stop: all instances shut down and the endpoint becomes unavailable${
        request.reason ? ` (${request.reason})` : ''
      }`,
      changes: [],
    },
  };
}
