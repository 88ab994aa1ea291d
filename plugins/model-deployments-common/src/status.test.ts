import {
  ACTIONS_BY_STATUS,
  DEPLOYMENT_ACTIONS,
  DEPLOYMENT_STATUSES,
  STATUS_TRANSITIONS,
  TRANSITIONAL_STATUSES,
  canTransition,
  isActionAllowed,
  statusAfterAction,
  type DeploymentStatus,
} from './status';

describe('the status state machine', () => {
  it('only names known statuses', () => {
    for (const [from, targets] of Object.entries(STATUS_TRANSITIONS)) {
      expect(DEPLOYMENT_STATUSES).toContain(from);
      targets.forEach(to => expect(DEPLOYMENT_STATUSES).toContain(to));
    }
  });

  it('reaches every status from a new deployment, and ends only in deleted', () => {
    const reached = new Set<DeploymentStatus>();
    const queue: DeploymentStatus[] = ['pending-approval', 'deploying'];
    while (queue.length) {
      const status = queue.shift()!;
      if (!reached.has(status)) {
        reached.add(status);
        queue.push(...STATUS_TRANSITIONS[status]);
      }
    }
    expect([...reached].sort()).toEqual([...DEPLOYMENT_STATUSES].sort());
    const terminal = DEPLOYMENT_STATUSES.filter(
      s => STATUS_TRANSITIONS[s].length === 0,
    );
    expect(terminal).toEqual(['deleted']);
  });

  it('lets every status but deleted reach deleted', () => {
    for (const start of DEPLOYMENT_STATUSES.filter(s => s !== 'deleted')) {
      const seen = new Set<DeploymentStatus>([start]);
      const queue: DeploymentStatus[] = [start];
      while (queue.length) {
        for (const next of STATUS_TRANSITIONS[queue.shift()!]) {
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
      expect(seen.has('deleted')).toBe(true);
    }
  });

  it('allows an action only where the status it leads to may follow', () => {
    for (const status of DEPLOYMENT_STATUSES) {
      for (const action of ACTIONS_BY_STATUS[status]) {
        expect(DEPLOYMENT_ACTIONS).toContain(action);
        if (action === 'create') {
          continue;
        }
        // Nothing is applied while waiting for approval; a deployment that was never picked up neither.
        const appliedStates: Partial<Record<typeof status, boolean[]>> = {
          'pending-approval': [false],
          deploying: [false, true],
        };
        for (const applied of appliedStates[status] ?? [true]) {
          for (const restartRequired of [false, true]) {
            const next = statusAfterAction(action, {
              status,
              applied,
              restartRequired,
            });
            expect({
              status,
              action,
              applied,
              next,
              ok: canTransition(status, next),
            }).toEqual({
              status,
              action,
              applied,
              next,
              ok: true,
            });
          }
        }
      }
    }
  });

  it('refuses every action on a deleted or deleting deployment', () => {
    for (const action of DEPLOYMENT_ACTIONS) {
      expect(isActionAllowed('deleted', action)).toBe(false);
      expect(isActionAllowed('deleting', action)).toBe(false);
    }
  });

  it('lets a deployment be deleted whatever operation is under way', () => {
    for (const status of TRANSITIONAL_STATUSES.filter(s => s !== 'deleting')) {
      expect(isActionAllowed(status, 'delete')).toBe(true);
    }
  });

  it('scales only a deployment that runs', () => {
    expect(
      DEPLOYMENT_STATUSES.filter(s => isActionAllowed(s, 'scale')),
    ).toEqual(['running', 'degraded']);
  });

  it('starts only a stopped deployment', () => {
    expect(
      DEPLOYMENT_STATUSES.filter(s => isActionAllowed(s, 'start')),
    ).toEqual(['stopped']);
  });

  it('deletes at once what was never applied', () => {
    expect(
      statusAfterAction('delete', { status: 'deploying', applied: false }),
    ).toBe('deleted');
    expect(
      statusAfterAction('delete', { status: 'running', applied: true }),
    ).toBe('deleting');
  });

  it('replaces instances of a running deployment on a restart edit, not of a stopped one', () => {
    expect(
      statusAfterAction('edit', {
        status: 'running',
        applied: true,
        restartRequired: true,
      }),
    ).toBe('updating');
    expect(
      statusAfterAction('edit', {
        status: 'stopped',
        applied: true,
        restartRequired: true,
      }),
    ).toBe('stopped');
    expect(
      statusAfterAction('edit', {
        status: 'running',
        applied: true,
        restartRequired: false,
      }),
    ).toBe('running');
  });

  it('treats staying in a status as no transition', () => {
    expect(canTransition('running', 'running')).toBe(true);
    expect(canTransition('deleted', 'running')).toBe(false);
    expect(canTransition('stopped', 'running')).toBe(false);
  });
});
