import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { anApprovalAskedByViewer } from '../../__testUtils__/approvals';
import {
  aDeployment,
  mockModelDeploymentsApi,
} from '../../__testUtils__/deployments';
import { refusedWith, renderDialog } from '../../__testUtils__/dialogs';
import { DeleteDialog } from './DeleteDialog';

function confirmName(value: string) {
  fireEvent.change(
    screen.getByLabelText('Type bert-sentiment-api to confirm'),
    {
      target: { value },
    },
  );
}

describe('DeleteDialog', () => {
  it("shows the documentation's warning and checklist", async () => {
    await renderDialog(DeleteDialog, mockModelDeploymentsApi());
    const warning = screen.getByRole('note');
    expect(
      within(warning).getByText(
        'Deleting bert-sentiment-api (Production) will:',
      ),
    ).toBeInTheDocument();
    expect(
      within(warning)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'Shut down all instances',
      'Remove the endpoint',
      'Delete deployment configuration',
      'This action cannot be undone!',
    ]);
    expect(screen.getByText('Before Deleting:')).toBeInTheDocument();
    for (const step of [
      'Stop sending traffic to the endpoint',
      'Update client applications',
      'Export logs if needed',
      'Verify you have the correct deployment',
    ]) {
      expect(screen.getByText(step)).toBeInTheDocument();
    }
  });

  it('keeps Delete disabled until the name is typed exactly, and sends nothing before', async () => {
    const api = mockModelDeploymentsApi();
    await renderDialog(DeleteDialog, api);
    const button = screen.getByRole('button', { name: 'Delete' });
    expect(button).toBeDisabled();
    for (const attempt of [
      'bert-sentiment',
      'Bert-Sentiment-Api',
      ' bert-sentiment-api',
    ]) {
      confirmName(attempt);
      expect(button).toBeDisabled();
    }
    fireEvent.submit(button.closest('form')!);
    expect(api.deleteDeployment).not.toHaveBeenCalled();
    confirmName('bert-sentiment-api');
    expect(button).toBeEnabled();
  });

  it('deletes with the name typed and says what happens next', async () => {
    const deleting = aDeployment({ status: 'deleting' });
    const api = mockModelDeploymentsApi({
      deleteDeployment: async () => deleting,
    });
    const { onChanged, expectSuccessMessage } = await renderDialog(
      DeleteDialog,
      api,
    );
    confirmName('bert-sentiment-api');
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(deleting));
    expect(api.deleteDeployment).toHaveBeenCalledWith(
      'd1',
      'bert-sentiment-api',
    );
    expectSuccessMessage(
      'Deleting bert-sentiment-api: its instances shut down, and its endpoint and configuration are removed',
    );
  });

  it('says that the deletion waits for approval, and that nothing changes until then', async () => {
    const waiting = aDeployment({
      pendingApproval: anApprovalAskedByViewer({
        action: 'delete',
        parameters: {},
        changes: [],
      }),
    });
    const api = mockModelDeploymentsApi({
      deleteDeployment: async () => waiting,
    });
    const { onChanged, expectInfoMessage } = await renderDialog(
      DeleteDialog,
      api,
    );
    confirmName('bert-sentiment-api');
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(waiting));
    expectInfoMessage(
      'bert-sentiment-api: Deletion waits for approval by nlp-team or ml-approvers; nothing changes until it is approved',
    );
  });

  it('withdraws a creation that waits for approval: nothing runs, nothing shuts down', async () => {
    const api = mockModelDeploymentsApi({
      deleteDeployment: async () => aDeployment({ status: 'deleted' }),
    });
    const { onChanged, expectSuccessMessage } = await renderDialog(
      DeleteDialog,
      api,
      aDeployment({ status: 'pending-approval' }),
    );
    expect(screen.getByRole('note')).toHaveTextContent(
      'The creation of bert-sentiment-api still waits for approval, and nothing of it runs yet: deleting it withdraws the request.',
    );
    expect(screen.queryByText('Before Deleting:')).toBeNull();
    confirmName('bert-sentiment-api');
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expectSuccessMessage('Deleted bert-sentiment-api');
  });

  it("shows the backend's refusal and stays open", async () => {
    const message =
      "Cannot delete deployment 'bert-sentiment-api' while it is deleting";
    const api = mockModelDeploymentsApi({
      deleteDeployment: refusedWith(409, message),
    });
    const { onChanged, expectRefusalShown } = await renderDialog(
      DeleteDialog,
      api,
    );
    confirmName('bert-sentiment-api');
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await expectRefusalShown('Delete was refused', message);
    expect(onChanged).not.toHaveBeenCalled();
  });
});
