import { fireEvent, screen, waitFor } from '@testing-library/react';
import {
  anApproval,
  anApprovalAskedByViewer,
} from '../../__testUtils__/approvals';
import { mockModelDeploymentsApi } from '../../__testUtils__/deployments';
import { refusedWith, renderApprovalDialog } from '../../__testUtils__/dialogs';
import type { ApprovalDialogProps } from './ApprovalDialogProps';
import { RejectOrWithdrawDialog } from './RejectOrWithdrawDialog';

/** The dialog of one decision, as the approval's buttons open it. */
function dialogOf(decision: 'reject' | 'withdraw') {
  return (props: ApprovalDialogProps) => (
    <RejectOrWithdrawDialog decision={decision} {...props} />
  );
}

const RejectDialog = dialogOf('reject');
const WithdrawDialog = dialogOf('withdraw');

function typeReason(value: string) {
  fireEvent.change(screen.getByLabelText(/^Reason/), { target: { value } });
}

describe('RejectOrWithdrawDialog', () => {
  describe('reject', () => {
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
      const api = mockModelDeploymentsApi({
        rejectChange: async () => decided,
      });
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

  describe('withdraw', () => {
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
});
