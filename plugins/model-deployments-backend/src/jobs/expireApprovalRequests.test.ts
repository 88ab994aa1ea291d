import { mockCredentials } from '@backstage/backend-test-utils';
import { expireApprovalRequests } from './expireApprovalRequests';

describe('expireApprovalRequests', () => {
  it('expires the requests due now, every minute, as the plugin itself', async () => {
    const credentials = mockCredentials.service('plugin:model-deployments');
    const approvals = { expireDue: jest.fn().mockResolvedValue(2) };
    const task = expireApprovalRequests({
      approvals,
      auth: { getOwnServiceCredentials: async () => credentials },
    });

    await task.fn(new AbortController().signal);

    expect(task).toMatchObject({
      id: 'expire-approval-requests',
      frequency: { minutes: 1 },
    });
    expect(approvals.expireDue).toHaveBeenCalledWith(credentials);
  });
});
