import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  blueGreenOptionsSchema,
  DEFAULT_CANARY_STEPS,
  strategyConflict,
  STRATEGIES,
  updateModelRequestSchema,
  type DeploymentStrategy,
  type ModelDeployment,
  waitingRequestNote,
} from '@modelops/plugin-model-deployments-common';
import { modelDeploymentsApiRef } from '../../api';
import { FIELD_LABELS, STRATEGY_LABELS } from '../../labels';
import {
  ActionDialog,
  issueFor,
  useActionForm,
  type DoneMessage,
} from '../ActionDialog';
import { awaitingApprovalOutcome } from '../../approvalSummary';
import { ModelVersionSelect } from '../ModelVersionSelect';
import {
  CanaryStepsField,
  canaryStepRows,
  type CanaryStepRow,
} from './CanaryStepsField';
import type { DeploymentDialogProps } from './DeploymentDialogProps';
import { numberOf } from './formText';

type UpdateModelForm = {
  modelVersion: string;
  strategy: DeploymentStrategy;
  canarySteps: CanaryStepRow[];
  rollbackWindowMinutes: string;
};

const ROLLBACK_WINDOW = blueGreenOptionsSchema.shape.rollbackWindowMinutes;

function formOf(deployment: ModelDeployment): UpdateModelForm {
  return {
    modelVersion: '',
    strategy: deployment.spec.strategy,
    canarySteps: canaryStepRows(DEFAULT_CANARY_STEPS),
    rollbackWindowMinutes: String(ROLLBACK_WINDOW.parse(undefined)),
  };
}

/** The request the form asks for; only the chosen strategy's options go with it. */
function requestOf(form: UpdateModelForm) {
  return {
    modelVersion: form.modelVersion || undefined,
    strategy: form.strategy,
    ...(form.strategy === 'canary'
      ? {
          canary: {
            steps: form.canarySteps.map(row => ({
              weightPercent: numberOf(row.weightPercent),
              pauseSeconds: numberOf(row.pauseSeconds),
            })),
          },
        }
      : {}),
    ...(form.strategy === 'blue-green'
      ? {
          blueGreen: {
            rollbackWindowMinutes: numberOf(form.rollbackWindowMinutes),
          },
        }
      : {}),
  };
}

/**
 * Update Model (the documentation's Updating Model Version): a new version of the model, rolled out with
 * a strategy, and the canary steps or the blue-green rollback window that go with it.
 */
export function UpdateModelDialog(props: DeploymentDialogProps) {
  const { open, deployment, onClose, onChanged } = props;
  const { spec } = deployment;
  const api = useApi(modelDeploymentsApiRef);
  const {
    form,
    edit: editForm,
    submit,
    issues,
    dialogProps,
  } = useActionForm({
    open,
    // Each opening starts from the deployment as it is now.
    initialForm: () => formOf(deployment),
    onDone: onChanged,
    // Its return type is spelled out: the message reads the form this call returns.
    successMessage: (result): string | DoneMessage =>
      awaitingApprovalOutcome(deployment, result) ??
      `Rolling out ${result.spec.modelVersion} to ${result.name} with ${
        STRATEGY_LABELS[form.strategy].name
      }`,
  });

  const edit = (changes: Partial<UpdateModelForm>, field: string) =>
    editForm({ ...form, ...changes }, issueField =>
      issueField.startsWith(field),
    );

  const handleSubmit = () =>
    submit(updateModelRequestSchema, requestOf(form), checked =>
      api.updateModel(deployment.id, checked),
    );

  const versionIssue = issueFor(issues, 'modelVersion');
  const strategyIssue = issueFor(issues, 'strategy');
  const windowIssue = issueFor(issues, 'blueGreen.rollbackWindowMinutes');
  return (
    <ActionDialog
      {...dialogProps}
      title={`Update the model of ${deployment.name}`}
      note={waitingRequestNote(deployment, 'update-model')}
      submitLabel="Update"
      onSubmit={handleSubmit}
      onClose={onClose}
    >
      <ModelVersionSelect
        id="model-deployments-update-model-version"
        modelRef={spec.modelRef}
        value={form.modelVersion}
        onChange={version =>
          edit({ modelVersion: version ?? '' }, 'modelVersion')
        }
        label={FIELD_LABELS.modelVersion}
        required
        serving={spec.modelVersion}
        issue={versionIssue}
        detailed
      />

      <Box mt={2}>
        <FormControl component="fieldset" error={Boolean(strategyIssue)}>
          <FormLabel component="legend">{FIELD_LABELS.strategy}</FormLabel>
          <RadioGroup
            value={form.strategy}
            onChange={event =>
              edit(
                { strategy: event.target.value as DeploymentStrategy },
                'strategy',
              )
            }
          >
            {STRATEGIES.map(strategy => {
              const conflict = strategyConflict(strategy, {
                surgeDuringUpdates: spec.surgeDuringUpdates,
                autoscalingEnabled: spec.autoscaling.enabled,
                minReplicas: spec.replicas.min,
              });
              return (
                <FormControlLabel
                  key={strategy}
                  value={strategy}
                  control={<Radio />}
                  disabled={Boolean(conflict)}
                  label={
                    <Box py={0.5}>
                      <Typography variant="body1">
                        {STRATEGY_LABELS[strategy].name}
                      </Typography>
                      <Typography variant="body2" color="textSecondary">
                        {STRATEGY_LABELS[strategy].explanation}
                      </Typography>
                      {conflict && (
                        <Typography variant="body2" color="textSecondary">
                          Not available: {conflict}
                        </Typography>
                      )}
                    </Box>
                  }
                />
              );
            })}
          </RadioGroup>
          {strategyIssue && <FormHelperText>{strategyIssue}</FormHelperText>}
        </FormControl>
      </Box>

      {form.strategy === 'canary' && (
        <Box mt={2}>
          <CanaryStepsField
            rows={form.canarySteps}
            onChange={rows => edit({ canarySteps: rows }, 'canary')}
            field="canary.steps"
            issues={issues}
          />
        </Box>
      )}
      {form.strategy === 'blue-green' && (
        <TextField
          id="model-deployments-update-rollback-window"
          label="Rollback window (minutes)"
          type="number"
          fullWidth
          margin="normal"
          value={form.rollbackWindowMinutes}
          onChange={event =>
            edit(
              { rollbackWindowMinutes: event.target.value },
              'blueGreen.rollbackWindowMinutes',
            )
          }
          error={Boolean(windowIssue)}
          helperText={windowIssue ?? ROLLBACK_WINDOW.description}
          inputProps={{ step: 1 }}
        />
      )}
    </ActionDialog>
  );
}
