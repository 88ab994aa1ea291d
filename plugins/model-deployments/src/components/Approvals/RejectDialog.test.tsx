import { fireEvent, screen, waitFor } from '@testing-library/react';
import { anApproval } from '../../__testUtils__/approvals';
import { mockModelDeploymentsApi } from '../../__testUtils__/deployments';
import { refusedWith, renderApprovalDialog } from '../../__testUtils__/dialogs';
import { RejectDialog } from './RejectDialog';

function typeReason(value: string) {
  fireEvent.change(screen.getByLabelText(/^Reason/), { target: { value } });
}

describe('RejectDialog', () => {
  it('requires a reason, and sends nothing without one', async () => {
    const api = mockModelDeploymentsApi();
    await renderApprovalDialog(RejectDialog, api, anApproval());
    expect(
      screen.getByText(
        'Update to v2.2.0 with Canary, asked by alice, will not be made.',
      ),
    ).toBeInTheDocument();
    typeReason('   ');
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    expect(
      await screen.findByText('is required: tell the requester why'),
    ).toBeInTheDocument();
    expect(api.rejectChange).not.toHaveBeenCalled();
  });

  it('rejects with the reason, and says the change will not be made', async () => {
    const decided = anApproval({ status: 'rejected' });
    const api = mockModelDeploymentsApi({ rejectChange: async () => decided });
    const { onDecided, expectSuccessMessage } = await renderApprovalDialog(
      RejectDialog,
      api,
      anApproval(),
    );
    typeReason('Wait for the release freeze to end ');
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    await waitFor(() => expect(onDecided).toHaveBeenCalledWith(decided));
    expect(api.rejectChange).toHaveBeenCalledWith('a1', {
      reason: 'Wait for the release freeze to end',
    });
    expectSuccessMessage(
      'bert-sentiment-api: Update to v2.2.0 with Canary rejected; it will not be made',
    );
  });

  it('says that a deployment whose creation waits is removed', async () => {
    await renderApprovalDialog(
      RejectDialog,
      mockModelDeploymentsApi(),
      anApproval({ action: 'create', parameters: {} }),
    );
    expect(
      screen.getByText(
        'Creation, asked by alice, will not be made: the deployment that waits for it is removed.',
      ),
    ).toBeInTheDocument();
  });

  it("shows the backend's refusal when the request was decided meanwhile", async () => {
    const message =
      "Approval request 'a1' is no longer pending: it was withdrawn";
    const api = mockModelDeploymentsApi({
      rejectChange: refusedWith(409, message),
    });
    const { onDecided, expectRefusalShown } = await renderApprovalDialog(
      RejectDialog,
      api,
      anApproval(),
    );
    typeReason('not now');
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    await expectRefusalShown('Reject was refused', message);
    expect(onDecided).not.toHaveBeenCalled();
  });
});
