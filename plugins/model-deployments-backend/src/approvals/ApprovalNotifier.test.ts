import { mockServices } from '@backstage/backend-test-utils';
import type { ApprovalRequest } from '@modelops/plugin-model-deployments-common';
import { ApprovalNotifier } from './ApprovalNotifier';

const request: ApprovalRequest = {
  id: 'a1',
  deploymentId: 'd1',
  deploymentName: 'bert-sentiment-api',
  environment: 'production',
  modelRef: 'resource:default/bert-sentiment',
  action: 'update-model',
  parameters: { modelVersion: 'v2.1.0' },
  changes: [{ field: 'modelVersion', before: 'v2.0.0', after: 'v2.1.0' }],
  requestedBy: 'user:default/nina',
  requestedAt: '2026-11-26T10:00:00.000Z',
  expiresAt: '2026-11-29T10:00:00.000Z',
  status: 'pending',
  decidedBy: null,
  decidedAt: null,
  reason: null,
  basisRevision: 1,
  approvers: ['group:default/nlp-team', 'group:default/ml-release-board'],
  viewer: { canDecide: false, isRequester: true },
};

describe('ApprovalNotifier', () => {
  it('tells the approvers, but not the requester, that a change waits for them', async () => {
    const send = jest.fn();
    await new ApprovalNotifier({ send }, mockServices.logger.mock()).requested(
      request,
    );
    expect(send).toHaveBeenCalledWith({
      recipients: {
        type: 'entity',
        entityRef: ['group:default/nlp-team', 'group:default/ml-release-board'],
        excludeEntityRef: 'user:default/nina',
      },
      payload: expect.objectContaining({
        title:
          'user:default/nina asks to update the model of bert-sentiment-api in production',
        link: '/model-deployments/d1',
        severity: 'high',
      }),
    });
  });

  it('tells the requester how it was decided, with the reason', async () => {
    const send = jest.fn();
    await new ApprovalNotifier({ send }, mockServices.logger.mock()).decided({
      ...request,
      status: 'rejected',
      decidedBy: 'user:default/otto',
      reason: 'not during the sale',
    });
    expect(send).toHaveBeenCalledWith({
      recipients: {
        type: 'entity',
        entityRef: ['user:default/nina'],
        excludeEntityRef: 'user:default/otto',
      },
      payload: expect.objectContaining({
        title:
          'Your request to update the model of bert-sentiment-api was rejected by user:default/otto',
        description: 'not during the sale',
      }),
    });
  });

  it('sends nothing without the notifications backend, and a failed send does not fail the decision', async () => {
    const logger = mockServices.logger.mock();
    await expect(
      new ApprovalNotifier(undefined, logger).requested(request),
    ).resolves.toBeUndefined();
    const failing = {
      send: jest.fn().mockRejectedValue(new Error('notifications down')),
    };
    await expect(
      new ApprovalNotifier(failing, logger).requested(request),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not notify about approval request a1: Error: notifications down',
    );
  });
});
