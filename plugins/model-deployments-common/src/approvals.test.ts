import { waitingApprovalConflict } from './approvals';

describe('waitingApprovalConflict', () => {
  const waiting = {
    action: 'update-model' as const,
    requestedBy: 'user:default/nina',
  };

  it('lets one change wait at a time', () => {
    const running = { status: 'running', pendingApproval: waiting };
    expect(waitingApprovalConflict(running, 'delete')).toBe(
      'A request to update-model by user:default/nina waits for approval: it must be decided or withdrawn first',
    );
    expect(waitingApprovalConflict(running, 'update-model')).toBeDefined();
  });

  it('leaves the changes that never wait, and deployments with nothing waiting, alone', () => {
    expect(
      waitingApprovalConflict(
        { status: 'running', pendingApproval: waiting },
        'scale',
      ),
    ).toBeUndefined();
    expect(
      waitingApprovalConflict({ status: 'running' }, 'delete'),
    ).toBeUndefined();
  });

  it('lets a deployment that waits to be created be deleted, which withdraws the request', () => {
    expect(
      waitingApprovalConflict(
        {
          status: 'pending-approval',
          pendingApproval: { ...waiting, action: 'create' },
        },
        'delete',
      ),
    ).toBeUndefined();
  });
});
