import { alertApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  FieldIssue,
  ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { useState, type ComponentType } from 'react';
import { modelDeploymentsApiRef, type ModelDeploymentsApi } from '../api';
import type { DeploymentDialogProps } from '../components/DeploymentActions/DeploymentDialogProps';
import { aDeployment } from './deployments';

/**
 * The backend's refusal as the client throws it: a ResponseError whose body carries the backend's
 * message, and on a 400 the fields it names.
 */
export async function backendRefusal(
  status: 400 | 409,
  message: string,
  issues?: FieldIssue[],
): Promise<ResponseError> {
  const name = status === 400 ? 'InputError' : 'StatusConflictError';
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message, ...(issues ? { issues } : {}) },
        request: { method: 'POST', url: '/x' },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

/** A client method that the backend refuses with `status`, `message` and (on a 400) `issues`. */
export function refusedWith(
  status: 400 | 409,
  message: string,
  issues?: FieldIssue[],
) {
  return async (): Promise<never> => {
    throw await backendRefusal(status, message, issues);
  };
}

/** The text of each row of the table named `name`, its headings first, once it shows. */
export async function findRowTexts(name: string) {
  const table = await screen.findByRole('table', { name });
  return within(table)
    .getAllByRole('row')
    .map(row => row.textContent);
}

const OPENER = 'Open the dialog';

/** A page that holds a dialog open, as the deployment's actions do: it closes on Cancel and on a change. */
function DialogPage(props: {
  Dialog: ComponentType<DeploymentDialogProps>;
  deployment: ModelDeployment;
  onClose: () => void;
  onChanged: (deployment: ModelDeployment) => void;
}) {
  const { Dialog, deployment, onClose, onChanged } = props;
  const [open, setOpen] = useState(true);
  return (
    <>
      <button onClick={() => setOpen(true)}>{OPENER}</button>
      <Dialog
        open={open}
        deployment={deployment}
        onClose={() => {
          setOpen(false);
          onClose();
        }}
        onChanged={changed => {
          setOpen(false);
          onChanged(changed);
        }}
      />
    </>
  );
}

/**
 * Renders an action dialog, open, with the backend client `api` and an alert API that records the
 * messages posted. `reopen` opens it again after it closed; `refresh` passes a new deployment while it
 * stays open, as the page's live refresh does.
 */
export async function renderDialog(
  Dialog: ComponentType<DeploymentDialogProps>,
  api: ModelDeploymentsApi,
  deployment: ModelDeployment = aDeployment(),
) {
  const onChanged = jest.fn();
  const onClose = jest.fn();
  const alertApi = { post: jest.fn(), alert$: jest.fn() };
  const page = (shown: ModelDeployment) => (
    <TestApiProvider
      apis={[
        [modelDeploymentsApiRef, api],
        [alertApiRef, alertApi],
      ]}
    >
      <DialogPage
        Dialog={Dialog}
        deployment={shown}
        onClose={onClose}
        onChanged={onChanged}
      />
    </TestApiProvider>
  );
  const { rerender } = await renderInTestApp(page(deployment));
  return {
    onChanged,
    onClose,
    reopen: () => fireEvent.click(screen.getByRole('button', { name: OPENER })),
    refresh: (refreshed: ModelDeployment) => rerender(page(refreshed)),
    /** The success message the dialog posted: what happens next. */
    expectSuccessMessage: (message: string) =>
      expect(alertApi.post).toHaveBeenCalledWith(
        expect.objectContaining({ message, severity: 'success' }),
      ),
    /** The backend's refusal shown in the dialog under `title`, and the dialog still open. */
    expectRefusalShown: async (title: string, message: string) => {
      // Found by its title: a dialog may show other alerts, e.g. the warnings of a preview.
      const alert = (await screen.findByText(title)).closest<HTMLElement>(
        '[role="alert"]',
      );
      expect(alert).not.toBeNull();
      expect(within(alert!).getByText(message)).toBeInTheDocument();
      expect(screen.getByRole('dialog')).toBeInTheDocument();
    },
  };
}
