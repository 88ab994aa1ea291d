import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  scaleDeploymentRequestSchema,
  type ModelDeployment,
  waitingRequestNote,
} from '@modelops/plugin-model-deployments-common';
import { modelDeploymentsApiRef } from '../../api';
import { awaitingApprovalOutcome } from '../../approvalSummary';
import { FIELD_LABELS } from '../../labels';
import { ActionDialog, issueFor, useActionForm } from '../ActionDialog';
import type { DeploymentDialogProps } from './DeploymentDialogProps';
import { observedCount } from '../DeploymentStatus';
import { numberOf } from './formText';

type ScaleForm = { replicas: string; min: string; max: string };

function formOf(deployment: ModelDeployment): ScaleForm {
  const { min, max } = deployment.spec.replicas;
  return { replicas: String(min), min: String(min), max: String(max) };
}

/**
 * Scale (the documentation's Manual Scaling): with auto-scaling off, the number of instances to run;
 * with auto-scaling on, the bounds the autoscaler keeps to.
 */
export function ScaleDialog(props: DeploymentDialogProps) {
  const { open, deployment, onClose, onChanged } = props;
  const api = useApi(modelDeploymentsApiRef);
  const autoscaling = deployment.spec.autoscaling.enabled;
  const { form, edit, submit, issues, dialogProps } = useActionForm({
    open,
    // Each opening starts from the deployment as it is now.
    initialForm: () => formOf(deployment),
    onDone: onChanged,
    successMessage: result =>
      awaitingApprovalOutcome(deployment, result) ??
      (result.spec.autoscaling.enabled
        ? `Scaling ${result.name} between ${result.spec.replicas.min} and ${result.spec.replicas.max} instances`
        : `Scaling ${result.name} to ${result.spec.replicas.min} instances`),
  });

  const editField = (field: keyof ScaleForm, value: string) =>
    edit({ ...form, [field]: value }, issueField => issueField === field);

  const handleSubmit = () => {
    const request = autoscaling
      ? { min: numberOf(form.min), max: numberOf(form.max) }
      : { replicas: numberOf(form.replicas) };
    submit(scaleDeploymentRequestSchema, request, checked =>
      api.scaleDeployment(deployment.id, checked),
    );
  };

  const numberField = (
    field: keyof ScaleForm,
    label: string,
    explanation: string,
  ) => (
    <TextField
      id={`model-deployments-scale-${field}`}
      label={label}
      type="number"
      required
      fullWidth
      margin="normal"
      value={form[field]}
      onChange={event => editField(field, event.target.value)}
      error={Boolean(issueFor(issues, field))}
      helperText={issueFor(issues, field) ?? explanation}
      inputProps={{ step: 1 }}
    />
  );

  const maxLabel = FIELD_LABELS['replicas.max'];
  return (
    <ActionDialog
      {...dialogProps}
      title={`Scale ${deployment.name}`}
      note={waitingRequestNote(deployment, 'scale')}
      submitLabel="Apply"
      onSubmit={handleSubmit}
      onClose={onClose}
      maxWidth="xs"
    >
      <Typography variant="body2">
        Instances now: {observedCount(deployment.instances.ready)} ready of{' '}
        {observedCount(deployment.instances.current)}.
      </Typography>
      {autoscaling ? (
        <>
          <Box mt={1}>
            <Typography variant="body2" color="textSecondary">
              Auto-scaling is on: it keeps the number of instances between these
              bounds.
            </Typography>
          </Box>
          {numberField(
            'min',
            FIELD_LABELS['replicas.min'],
            'Auto-scaling never goes below this',
          )}
          {numberField('max', maxLabel, 'Auto-scaling never goes above this')}
        </>
      ) : (
        numberField(
          'replicas',
          'Instances',
          `${maxLabel} (${deployment.spec.replicas.max}) caps this; raise it with Edit`,
        )
      )}
    </ActionDialog>
  );
}
