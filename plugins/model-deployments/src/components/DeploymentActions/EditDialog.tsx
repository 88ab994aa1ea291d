import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import {
  type DeploymentSpec,
  type DeploymentSpecPatch,
  type EditDeploymentResponse,
  type ModelDeployment,
  waitingRequestNote,
} from '@modelops/plugin-model-deployments-common';
import { useMemo, useState } from 'react';
import { modelDeploymentsApiRef } from '../../api';
import { awaitingApprovalOutcome } from '../../approvalSummary';
import { ActionDialog, backendFieldIssues, useSubmit } from '../ActionDialog';
import type { DeploymentDialogProps } from './DeploymentDialogProps';
import { draftFromSpec, type EditDraft } from './editDraft';
import { EditForm } from './EditForm';
import { editSuccessMessage } from './editOutcome';
import { prepareEdit } from './editPatch';
import { EditPreview } from './EditPreview';

/** One opening of the dialog: the spec it opened with, the edits, and the backend's preview once asked. */
type EditSession = {
  /** What the edits are compared with; later refreshes of the deployment do not move it. */
  current: DeploymentSpec;
  draft: EditDraft;
  preview?: { patch: DeploymentSpecPatch; response: EditDeploymentResponse };
};

function startSession(deployment: ModelDeployment): EditSession {
  return { current: deployment.spec, draft: draftFromSpec(deployment.spec) };
}

/**
 * Edit Deployment: the View form with editable fields. "Review changes" asks the backend what the edit
 * would do (a dry run) and shows it, restarts included; "Update Deployment" then sends the same patch.
 */
export function EditDialog(props: DeploymentDialogProps) {
  const { open, deployment, onClose, onChanged } = props;
  const api = useApi(modelDeploymentsApiRef);
  const [session, setSession] = useState(() => startSession(deployment));
  const [reviewing, setReviewing] = useState(false);
  const [reviewError, setReviewError] = useState<Error | undefined>();
  const {
    submit,
    submitting,
    error: updateError,
    clearError,
  } = useSubmit<EditDeploymentResponse>({
    open,
    // Each opening starts from the deployment as it is then, on the form, without the last refusal.
    onOpen: () => {
      setSession(startSession(deployment));
      setReviewError(undefined);
    },
    onDone: response => onChanged(response.deployment),
    successMessage: response =>
      awaitingApprovalOutcome(deployment, response.deployment) ??
      editSuccessMessage(response),
  });

  const { current, draft, preview } = session;
  const prepared = useMemo(() => prepareEdit(current, draft), [current, draft]);
  const error = preview ? updateError : reviewError ?? updateError;
  const issues = [
    ...(prepared.state === 'invalid' ? prepared.issues : []),
    ...backendFieldIssues(error),
  ];
  const backToForm = () => setSession(s => ({ ...s, preview: undefined }));

  const review = async (patch: DeploymentSpecPatch) => {
    setReviewing(true);
    setReviewError(undefined);
    clearError();
    try {
      const response = await api.editDeployment(deployment.id, patch, {
        dryRun: true,
      });
      setSession(s => ({ ...s, preview: { patch, response } }));
    } catch (e) {
      setReviewError(e as Error);
    } finally {
      setReviewing(false);
    }
  };

  const handleSubmit = () => {
    if (preview) {
      submit(() => api.editDeployment(deployment.id, preview.patch));
    } else if (prepared.state === 'ready') {
      review(prepared.patch);
    }
  };

  return (
    <ActionDialog
      open={open}
      title={`Edit Deployment: ${deployment.name}`}
      note={waitingRequestNote(deployment, 'edit')}
      submitLabel={preview ? 'Update Deployment' : 'Review changes'}
      onSubmit={handleSubmit}
      onClose={onClose}
      submitting={reviewing || submitting}
      canSubmit={
        preview
          ? preview.response.changes.length > 0
          : prepared.state === 'ready'
      }
      error={error}
      // A dry run's refusal is of the change itself, whichever step shows it.
      errorTitle={preview ? undefined : 'The change was refused'}
      secondaryAction={
        preview && (
          <Button
            startIcon={<ArrowBackIcon />}
            onClick={backToForm}
            disabled={submitting}
          >
            Back
          </Button>
        )
      }
      maxWidth="md"
    >
      {preview ? (
        <EditPreview preview={preview.response} />
      ) : (
        <EditForm
          draft={draft}
          onChange={edited => setSession(s => ({ ...s, draft: edited }))}
          issues={issues}
          unchanged={prepared.state === 'unchanged'}
        />
      )}
    </ActionDialog>
  );
}
