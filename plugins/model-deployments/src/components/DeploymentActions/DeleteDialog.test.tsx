import { alertApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  aDeployment,
  mockModelDeploymentsApi,
} from '../../__testUtils__/deployments';
import { modelDeploymentsApiRef, type ModelDeploymentsApi } from '../../api';
import { DeleteDialog } from './DeleteDialog';

async function renderDialog(api: ModelDeploymentsApi) {
  const onChanged = jest.fn();
  const alertApi = { post: jest.fn(), alert$: jest.fn() };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [modelDeploymentsApiRef, api],
        [alertApiRef, alertApi],
      ]}
    >
      <DeleteDialog
        open
        deployment={aDeployment()}
        onClose={jest.fn()}
        onChanged={onChanged}
      />
    </TestApiProvider>,
  );
  return { onChanged, alertApi };
}

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
    await renderDialog(mockModelDeploymentsApi());
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
    await renderDialog(api);
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
    const { onChanged, alertApi } = await renderDialog(api);
    confirmName('bert-sentiment-api');
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(deleting));
    expect(api.deleteDeployment).toHaveBeenCalledWith(
      'd1',
      'bert-sentiment-api',
    );
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        message:
          'Deleting bert-sentiment-api: its instances shut down, and its endpoint and configuration are removed',
        severity: 'success',
      }),
    );
  });

  it("shows the backend's refusal and stays open", async () => {
    const message =
      "Cannot delete deployment 'bert-sentiment-api' while it is deleting";
    const api = mockModelDeploymentsApi({
      deleteDeployment: async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: { name: 'StatusConflictError', message },
              request: { method: 'DELETE', url: '/x' },
              response: { statusCode: 409 },
            }),
            { status: 409, headers: { 'Content-Type': 'application/json' } },
          ),
        );
      },
    });
    const { onChanged } = await renderDialog(api);
    confirmName('bert-sentiment-api');
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Delete was refused')).toBeInTheDocument();
    expect(within(alert).getByText(message)).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(onChanged).not.toHaveBeenCalled();
  });
});
