import { fireEvent, screen, waitFor } from '@testing-library/react';
import {
  aDeployment,
  mockModelDeploymentsApi,
} from '../../__testUtils__/deployments';
import { refusedWith, renderDialog } from '../../__testUtils__/dialogs';
import { StartDialog } from './StartDialog';

const stopped = aDeployment({
  status: 'stopped',
  instances: { desired: 0, current: 0, ready: 0 },
});

const stoppedWithoutAutoscaling = aDeployment({
  status: 'stopped',
  spec: {
    ...stopped.spec,
    replicas: { min: 3, max: 10 },
    autoscaling: { ...stopped.spec.autoscaling, enabled: false },
  },
});

describe('StartDialog', () => {
  it('says what the deployment resumes with: its version and auto-scaling bounds', async () => {
    await renderDialog(StartDialog, mockModelDeploymentsApi(), stopped);
    expect(
      screen.getByText(
        'bert-sentiment-api resumes with its previous configuration in Production:',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Model Version: v2.1.0')).toBeInTheDocument();
    expect(
      screen.getByText('Instances: auto-scaling between 2 and 10 instances'),
    ).toBeInTheDocument();
  });

  it('says how many instances run when auto-scaling is off', async () => {
    await renderDialog(
      StartDialog,
      mockModelDeploymentsApi(),
      stoppedWithoutAutoscaling,
    );
    expect(screen.getByText('Instances: 3 instances')).toBeInTheDocument();
  });

  it('starts and says what happens next', async () => {
    const starting = {
      ...stoppedWithoutAutoscaling,
      status: 'starting' as const,
    };
    const api = mockModelDeploymentsApi({
      startDeployment: async () => starting,
    });
    const { onChanged, expectSuccessMessage } = await renderDialog(
      StartDialog,
      api,
      stoppedWithoutAutoscaling,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(starting));
    expect(api.startDeployment).toHaveBeenCalledWith('d1');
    expectSuccessMessage('Starting bert-sentiment-api: v2.1.0 on 3 instances');
  });

  it("shows the backend's refusal and stays open", async () => {
    const message =
      "Cannot start deployment 'bert-sentiment-api' while it is running";
    const api = mockModelDeploymentsApi({
      startDeployment: refusedWith(409, message),
    });
    const { onChanged, expectRefusalShown } = await renderDialog(
      StartDialog,
      api,
      stopped,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    await expectRefusalShown('Start was refused', message);
    expect(onChanged).not.toHaveBeenCalled();
  });
});
