import { alertApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  ApprovalRequest,
  FieldIssue,
  ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { useState, type ComponentType, type ReactNode } from 'react';
import { modelDeploymentsApiRef, type ModelDeploymentsApi } from '../api';
import type { ApprovalDialogProps } from '../components/Approvals/ApprovalDialogProps';
import type { DeploymentDialogProps } from '../components/DeploymentActions/DeploymentDialogProps';
import { aDeployment } from './deployments';

/**
 * The backend's refusal as the client throws it: a ResponseError whose body carries the backend's
 * message, and on a 400 the fields it names.
 */
export async function backendRefusal(
  status: 400 | 403 | 404 | 409 | 503,
  message: string,
  issues?: FieldIssue[],
): Promise<ResponseError> {
  const name = {
    400: 'InputError',
    403: 'NotAllowedError',
    404: 'NotFoundError',
    409: 'StatusConflictError',
    503: 'ServiceUnavailableError',
  }[status];
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
  status: Parameters<typeof backendRefusal>[0],
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

/** What a dialog takes from the page that opens it, about its subject `S` (a deployment, a request). */
type DialogControls<S> = {
  open: boolean;
  onClose: () => void;
  /** The subject as the backend answered the change. */
  onDone: (changed: S) => void;
};

/** A page that holds a dialog open, as the deployment's actions do: it closes on Cancel and on a change. */
function DialogPage<S>(props: {
  dialog: (controls: DialogControls<S>) => ReactNode;
  onClose: () => void;
  onDone: (changed: S) => void;
}) {
  const { dialog, onClose, onDone } = props;
  const [open, setOpen] = useState(true);
  return (
    <>
      <button onClick={() => setOpen(true)}>{OPENER}</button>
      {dialog({
        open,
        onClose: () => {
          setOpen(false);
          onClose();
        },
        onDone: changed => {
          setOpen(false);
          onDone(changed);
        },
      })}
    </>
  );
}

/**
 * Renders a dialog about `subject`, open, with the backend client `api` and an alert API that records
 * the messages posted. `reopen` opens it again after it closed; `refresh` passes a new subject while it
 * stays open, as the page's live refresh does.
 */
async function renderSubjectDialog<S>(
  dialog: (subject: S, controls: DialogControls<S>) => ReactNode,
  api: ModelDeploymentsApi,
  subject: S,
) {
  const onDone = jest.fn();
  const onClose = jest.fn();
  const alertApi = { post: jest.fn(), alert$: jest.fn() };
  const page = (shown: S) => (
    <TestApiProvider
      apis={[
        [modelDeploymentsApiRef, api],
        [alertApiRef, alertApi],
      ]}
    >
      <DialogPage<S>
        dialog={controls => dialog(shown, controls)}
        onClose={onClose}
        onDone={onDone}
      />
    </TestApiProvider>
  );
  const { rerender } = await renderInTestApp(page(subject), {
    // Dialogs link the model and the approver groups to their catalog pages.
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return {
    onDone,
    onClose,
    reopen: () => fireEvent.click(screen.getByRole('button', { name: OPENER })),
    refresh: (refreshed: S) => rerender(page(refreshed)),
    /** The success message the dialog posted: what happens next. */
    expectSuccessMessage: (message: string) =>
      expect(alertApi.post).toHaveBeenCalledWith(
        expect.objectContaining({ message, severity: 'success' }),
      ),
    /** The message the dialog posted when the change was accepted but waits (for an approver). */
    expectInfoMessage: (message: string) =>
      expect(alertApi.post).toHaveBeenCalledWith(
        expect.objectContaining({ message, severity: 'info' }),
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

/** Renders a deployment's action dialog, open (see {@link renderSubjectDialog}). */
export async function renderDialog(
  Dialog: ComponentType<DeploymentDialogProps>,
  api: ModelDeploymentsApi,
  deployment: ModelDeployment = aDeployment(),
) {
  const { onDone, ...rendered } = await renderSubjectDialog<ModelDeployment>(
    (shown, { onDone: onChanged, ...controls }) => (
      <Dialog deployment={shown} onChanged={onChanged} {...controls} />
    ),
    api,
    deployment,
  );
  return { onChanged: onDone, ...rendered };
}

/** Renders a decision's dialog on an approval request, open (see {@link renderSubjectDialog}). */
export async function renderApprovalDialog(
  Dialog: ComponentType<ApprovalDialogProps>,
  api: ModelDeploymentsApi,
  approval: ApprovalRequest,
) {
  const { onDone, ...rendered } = await renderSubjectDialog<ApprovalRequest>(
    (shown, { onDone: onDecided, ...controls }) => (
      <Dialog approval={shown} onDecided={onDecided} {...controls} />
    ),
    api,
    approval,
  );
  return { onDecided: onDone, ...rendered };
}
