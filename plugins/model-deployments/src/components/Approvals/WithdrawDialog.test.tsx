import { fireEvent, screen, waitFor } from '@testing-library/react';
import { anApprovalAskedByViewer } from '../../__testUtils__/approvals';
import { mockModelDeploymentsApi } from '../../__testUtils__/deployments';
import { refusedWith, renderApprovalDialog } from '../../__testUtils__/dialogs';
import { WithdrawDialog } from './WithdrawDialog';

describe('WithdrawDialog', () => {
  it('withdraws with the reason given, and says the change will not be made', async () => {
    const decided = anApprovalAskedByViewer({ status: 'withdrawn' });
    const api = mockModelDeploymentsApi({
      withdrawChange: async () => decided,
    });
    const { onDecided, expectSuccessMessage } = await renderApprovalDialog(
      WithdrawDialog,
      api,
      anApprovalAskedByViewer(),
    );
    fireEvent.change(screen.getByLabelText('Reason'), {
      target: { value: 'wrong version' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Withdraw' }));
    await waitFor(() => expect(onDecided).toHaveBeenCalledWith(decided));
    expect(api.withdrawChange).toHaveBeenCalledWith('a1', {
      reason: 'wrong version',
    });
    expectSuccessMessage(
      'bert-sentiment-api: Update to v2.2.0 with Canary withdrawn; it will not be made',
    );
  });

  it('sends no reason when none is given', async () => {
    const api = mockModelDeploymentsApi({
      withdrawChange: async () =>
        anApprovalAskedByViewer({ status: 'withdrawn' }),
    });
    const { onDecided } = await renderApprovalDialog(
      WithdrawDialog,
      api,
      anApprovalAskedByViewer(),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Withdraw' }));
    await waitFor(() => expect(onDecided).toHaveBeenCalled());
    expect(api.withdrawChange).toHaveBeenCalledWith('a1', {});
  });

  it("shows the backend's refusal and stays open", async () => {
    const message = 'Only the requester may withdraw this request';
    const api = mockModelDeploymentsApi({
      withdrawChange: refusedWith(403, message),
    });
    const { onDecided, expectRefusalShown } = await renderApprovalDialog(
      WithdrawDialog,
      api,
      anApprovalAskedByViewer(),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Withdraw' }));
    await expectRefusalShown('Withdraw was refused', message);
    expect(onDecided).not.toHaveBeenCalled();
  });
});
