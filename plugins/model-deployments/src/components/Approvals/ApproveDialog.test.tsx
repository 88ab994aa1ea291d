import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { anApproval } from '../../__testUtils__/approvals';
import { mockModelDeploymentsApi } from '../../__testUtils__/deployments';
import {
  findRowTexts,
  refusedWith,
  renderApprovalDialog,
} from '../../__testUtils__/dialogs';
import { formatTime } from '../../formatChange';
import { ApproveDialog } from './ApproveDialog';

describe('ApproveDialog', () => {
  it('shows what the approver approves: the change, who asked, the approvers and each field', async () => {
    await renderApprovalDialog(
      ApproveDialog,
      mockModelDeploymentsApi(),
      anApproval(),
    );
    expect(
      screen.getByText('Approve the change of bert-sentiment-api'),
    ).toBeInTheDocument();
    for (const [label, value] of [
      ['Change', 'Update to v2.2.0 with Canary'],
      ['Rollout', 'Canary steps: 20% for 60 s, then 100%'],
      ['Environment', 'Production'],
      ['Asked by', `alice, ${formatTime('2026-11-26T11:00:00Z')}`],
      ['Expires', formatTime('2026-11-29T11:00:00Z')],
      ['Approvers', 'nlp-team, ml-approvers'],
    ]) {
      const row = screen.getByRole('rowheader', { name: label }).closest('tr')!;
      expect(within(row).getByRole('cell')).toHaveTextContent(value);
    }
    expect(await findRowTexts('Changes waiting for approval')).toEqual([
      'FieldNowOnce approved',
      'Model Versionv2.1.0v2.2.0',
      'Deployment StrategyBlue-GreenCanary',
    ]);
  }, 20_000);

  it('approves with the comment given, and says the change is under way', async () => {
    const decided = anApproval({ status: 'approved' });
    const api = mockModelDeploymentsApi({
      approveChange: async () => decided,
    });
    const { onDecided, expectSuccessMessage } = await renderApprovalDialog(
      ApproveDialog,
      api,
      anApproval(),
    );
    fireEvent.change(screen.getByLabelText('Comment'), {
      target: { value: '  error rate is flat on staging ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(onDecided).toHaveBeenCalledWith(decided));
    expect(api.approveChange).toHaveBeenCalledWith('a1', {
      comment: 'error rate is flat on staging',
    });
    expectSuccessMessage(
      'bert-sentiment-api: Update to v2.2.0 with Canary approved; it is under way',
    );
  });

  it('sends no comment when none is given', async () => {
    const api = mockModelDeploymentsApi({
      approveChange: async () => anApproval({ status: 'approved' }),
    });
    const { onDecided } = await renderApprovalDialog(
      ApproveDialog,
      api,
      anApproval(),
    );
    expect(
      screen.getByText('Optional. A note for the history'),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(onDecided).toHaveBeenCalled());
    expect(api.approveChange).toHaveBeenCalledWith('a1', {});
  });

  it('lists every field of a deployment whose creation waits', async () => {
    await renderApprovalDialog(
      ApproveDialog,
      mockModelDeploymentsApi(),
      anApproval({
        action: 'create',
        parameters: {},
        changes: [
          { field: 'modelVersion', before: null, after: 'v2.1.0' },
          { field: 'resources.gpuType', before: null, after: 'A100' },
        ],
      }),
    );
    expect(
      within(
        screen.getByRole('rowheader', { name: 'Change' }).closest('tr')!,
      ).getByRole('cell'),
    ).toHaveTextContent('Creation');
    expect(screen.queryByRole('rowheader', { name: 'Rollout' })).toBeNull();
    const gpu = screen
      .getByRole('rowheader', { name: 'GPU Type' })
      .closest('tr')!;
    expect(within(gpu).getByRole('cell')).toHaveTextContent('NVIDIA A100');
    expect(
      screen.queryByRole('table', { name: 'Changes waiting for approval' }),
    ).toBeNull();
  });

  it("shows the backend's refusal and stays open", async () => {
    const message =
      'You asked for this change: another approver must approve it';
    const api = mockModelDeploymentsApi({
      approveChange: refusedWith(403, message),
    });
    const { onDecided, expectRefusalShown } = await renderApprovalDialog(
      ApproveDialog,
      api,
      anApproval(),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await expectRefusalShown('Approve was refused', message);
    expect(onDecided).not.toHaveBeenCalled();
  });
});
