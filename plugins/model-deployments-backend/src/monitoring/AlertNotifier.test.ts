import { mockServices } from '@backstage/backend-test-utils';
import type { DeploymentAlert } from '@modelops/plugin-model-deployments-common';
import { AlertNotifier } from './AlertNotifier';

const alert: DeploymentAlert = {
  id: 'al1',
  deploymentId: 'd1',
  kind: 'error-rate',
  state: 'firing',
  summary: 'Error rate 12 % over the last 5 min is above 5 %',
  value: 12,
  threshold: 5,
  unit: 'percent',
  firedAt: '2026-11-27T10:00:00.000Z',
  resolvedAt: null,
  lastEvaluatedAt: '2026-11-27T10:00:00.000Z',
};
const deployment = {
  name: 'fraud',
  owner: 'group:default/risk-team',
  environment: 'production',
};

describe('AlertNotifier', () => {
  it("tells the model's owner that an alert fired, and resolved, in one notification per alert", async () => {
    const send = jest.fn();
    const notifier = new AlertNotifier({ send }, mockServices.logger.mock());

    await notifier.changed(alert, deployment);
    await notifier.changed(
      {
        ...alert,
        state: 'resolved',
        summary: 'Error rate 1 % … is within 5 %',
      },
      deployment,
    );

    expect(send.mock.calls.map(([notification]) => notification)).toEqual([
      {
        recipients: { type: 'entity', entityRef: 'group:default/risk-team' },
        payload: {
          title: 'Firing: fraud in production',
          description: 'Error rate 12 % over the last 5 min is above 5 %',
          link: '/model-deployments/d1?tab=monitoring',
          severity: 'critical',
          topic: 'model-deployments:alerts',
          scope: 'alert:al1',
        },
      },
      {
        recipients: { type: 'entity', entityRef: 'group:default/risk-team' },
        payload: expect.objectContaining({
          title: 'Resolved: fraud in production',
          severity: 'low',
          scope: 'alert:al1',
        }),
      },
    ]);
  });

  it('never fails an evaluation when the notification cannot be sent, and sends nothing without the backend', async () => {
    const logger = mockServices.logger.mock();
    const failing = new AlertNotifier(
      {
        send: async () => {
          throw new Error('notifications backend down');
        },
      },
      logger,
    );
    await expect(failing.changed(alert, deployment)).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not notify group:default/risk-team of alert al1: notifications backend down',
    );
    await expect(
      new AlertNotifier(undefined, logger).changed(alert, deployment),
    ).resolves.toBeUndefined();
  });
});
