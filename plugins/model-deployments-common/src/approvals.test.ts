import { waitingRequestNote } from './approvals';

describe('waitingRequestNote', () => {
  const waiting = {
    action: 'update-model' as const,
    requestedBy: 'user:default/nina',
  };

  it('says that a change which waits too replaces the waiting request', () => {
    const running = { status: 'running', pendingApproval: waiting };
    expect(waitingRequestNote(running, 'edit')).toBe(
      'A request to update-model by user:default/nina waits for approval: this change replaces it if it waits for approval too, and withdraws it if it is carried out now and makes a new revision',
    );
    expect(waitingRequestNote(running, 'scale')).toBeDefined();
  });

  it('says nothing for changes that never wait, or when nothing waits', () => {
    expect(
      waitingRequestNote(
        { status: 'running', pendingApproval: waiting },
        'stop',
      ),
    ).toBeUndefined();
    expect(waitingRequestNote({ status: 'running' }, 'delete')).toBeUndefined();
  });

  it('says nothing when deleting a deployment that waits to be created, which withdraws the request', () => {
    expect(
      waitingRequestNote(
        {
          status: 'pending-approval',
          pendingApproval: { ...waiting, action: 'create' },
        },
        'delete',
      ),
    ).toBeUndefined();
  });
});
