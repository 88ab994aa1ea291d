import {
  ACTIONS_BY_STATUS,
  DEPLOYMENT_ACTIONS,
  DEPLOYMENT_STATUSES,
  SHUT_DOWN_STATUSES,
  STATUS_TRANSITIONS,
  STATUSES_WITH_CLUSTER_OBJECTS,
  STATUSES_WITH_RUNNING_OBJECTS,
  STATUSES_WITHOUT_DESIRED_INSTANCES,
  STOPPED_STATUSES,
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

describe('the status groups', () => {
  it('names each group by its members', () => {
    expect(STATUSES_WITH_RUNNING_OBJECTS).toEqual([
      'running',
      'degraded',
      'failed',
    ]);
    expect(STOPPED_STATUSES).toEqual(['stopping', 'stopped']);
    expect(STATUSES_WITHOUT_DESIRED_INSTANCES).toEqual([
      'stopping',
      'stopped',
      'deleting',
      'deleted',
    ]);
    expect(SHUT_DOWN_STATUSES).toEqual(['stopped', 'deleted']);
    expect(STATUSES_WITH_CLUSTER_OBJECTS).toEqual([
      'deploying',
      'running',
      'degraded',
      'updating',
      'stopping',
      'stopped',
      'starting',
      'rolling-back',
      'failed',
      'deleting',
    ]);
  });

  it('runs objects only where no operation is under way and instances are wanted', () => {
    for (const status of STATUSES_WITH_RUNNING_OBJECTS) {
      expect(TRANSITIONAL_STATUSES).not.toContain(status);
      expect(STATUSES_WITHOUT_DESIRED_INSTANCES).not.toContain(status);
    }
  });

  it('leads every status without desired instances to one that is shut down', () => {
    for (const status of STATUSES_WITHOUT_DESIRED_INSTANCES) {
      const shutDown = [status, ...STATUS_TRANSITIONS[status]].some(s =>
        SHUT_DOWN_STATUSES.includes(s),
      );
      expect({ status, shutDown }).toEqual({ status, shutDown: true });
    }
  });

  it('has cluster objects in every status of a deployment that was approved and is not deleted', () => {
    expect(STATUSES_WITH_CLUSTER_OBJECTS).toEqual(
      expect.arrayContaining([
        ...STATUSES_WITH_RUNNING_OBJECTS,
        ...STOPPED_STATUSES,
        ...TRANSITIONAL_STATUSES,
      ]),
    );
    expect(STATUSES_WITH_CLUSTER_OBJECTS).not.toContain('pending-approval');
    expect(STATUSES_WITH_CLUSTER_OBJECTS).not.toContain('deleted');
  });
});
