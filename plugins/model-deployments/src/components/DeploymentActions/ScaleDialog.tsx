import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  parseWithIssues,
  scaleDeploymentRequestSchema,
  type FieldIssue,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import { useState } from 'react';
import { modelDeploymentsApiRef } from '../../api';
import { FIELD_LABELS } from '../../labels';
import {
  ActionDialog,
  backendFieldIssues,
  issueFor,
  useSubmit,
} from '../ActionDialog';

type ScaleForm = { replicas: string; min: string; max: string };

function formOf(deployment: ModelDeployment): ScaleForm {
  const { min, max } = deployment.spec.replicas;
  return { replicas: String(min), min: String(min), max: String(max) };
}

/** A number field's text as the schema reads it: empty is no value, anything else a number. */
function numberOf(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

function observed(count: number | null): string {
  return count === null ? '—' : String(count);
}

/**
 * Scale (the documentation's Manual Scaling): with auto-scaling off, the number of instances to run;
 * with auto-scaling on, the bounds the autoscaler keeps to.
 */
export function ScaleDialog(props: {
  open: boolean;
  deployment: ModelDeployment;
  onClose: () => void;
  onChanged: (deployment: ModelDeployment) => void;
}) {
  const { open, deployment, onClose, onChanged } = props;
  const api = useApi(modelDeploymentsApiRef);
  const autoscaling = deployment.spec.autoscaling.enabled;
  const [form, setForm] = useState(() => formOf(deployment));
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const { submit, submitting, error, clearError } = useSubmit<ModelDeployment>({
    onDone: onChanged,
    successMessage: result =>
      result.spec.autoscaling.enabled
        ? `Scaling ${result.name} between ${result.spec.replicas.min} and ${result.spec.replicas.max} instances`
        : `Scaling ${result.name} to ${result.spec.replicas.min} instances`,
  });

  // Each opening starts from the deployment as it is now.
  const [shownOpen, setShownOpen] = useState(open);
  if (open !== shownOpen) {
    setShownOpen(open);
    if (open) {
      setForm(formOf(deployment));
      setIssues([]);
      clearError();
    }
  }

  const shownIssues = [...issues, ...backendFieldIssues(error)];
  const edit = (field: keyof ScaleForm, value: string) => {
    setForm({ ...form, [field]: value });
    setIssues(issues.filter(issue => issue.field !== field));
  };

  const handleSubmit = () => {
    const request = autoscaling
      ? { min: numberOf(form.min), max: numberOf(form.max) }
      : { replicas: numberOf(form.replicas) };
    const parsed = parseWithIssues(scaleDeploymentRequestSchema, request);
    if (!parsed.success) {
      setIssues(parsed.issues);
      return;
    }
    setIssues([]);
    submit(() => api.scaleDeployment(deployment.id, parsed.data));
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
      onChange={event => edit(field, event.target.value)}
      error={Boolean(issueFor(shownIssues, field))}
      helperText={issueFor(shownIssues, field) ?? explanation}
      inputProps={{ step: 1 }}
    />
  );

  const maxLabel = FIELD_LABELS['replicas.max'];
  return (
    <ActionDialog
      open={open}
      title={`Scale ${deployment.name}`}
      submitLabel="Apply"
      onSubmit={handleSubmit}
      onClose={onClose}
      submitting={submitting}
      error={error}
      maxWidth="xs"
    >
      <Typography variant="body2">
        Instances now: {observed(deployment.instances.ready)} ready of{' '}
        {observed(deployment.instances.current)}.
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
