import {
  canaryOptionsSchema,
  type DeploymentOperation,
  type ModelDeployment,
  type RolloutProgress,
} from '@modelops/plugin-model-deployments-common';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import { STRATEGY_LABELS } from '../../labels';

const ACTION_NAMES: Record<DeploymentOperation['type'], string> = {
  create: 'Create',
  edit: 'Edit',
  scale: 'Scale',
  stop: 'Stop',
  start: 'Start',
  'update-model': 'Update model',
  promote: 'Promote',
  rollback: 'Rollback',
  delete: 'Delete',
};

/** What the operation does, in a few words: "Update model to v2.2.0 with Canary". */
export function describeOperation(operation: DeploymentOperation): string {
  const { modelVersion, strategy, revision } = operation.parameters as {
    modelVersion?: string;
    strategy?: keyof typeof STRATEGY_LABELS;
    revision?: number;
  };
  const parts = [ACTION_NAMES[operation.type]];
  if (operation.type === 'update-model' && modelVersion) {
    parts.push(`to ${modelVersion}`);
  }
  if (operation.type === 'rollback' && revision) {
    parts.push(`to revision ${revision}`);
  }
  if (strategy && STRATEGY_LABELS[strategy]) {
    parts.push(`with ${STRATEGY_LABELS[strategy].name}`);
  }
  return parts.join(' ');
}

function time(iso: string): string {
  return new Date(iso).toLocaleTimeString();
}

/** The canary's steps, each with its share of traffic; the last is all traffic to the new version. */
function CanarySteps(props: {
  operation: DeploymentOperation;
  progress: RolloutProgress;
}) {
  const { operation, progress } = props;
  const parsed = canaryOptionsSchema.safeParse(
    operation.parameters.canary ?? {},
  );
  const steps = parsed.success ? parsed.data.steps : [];
  const finishing =
    progress.phase === 'finishing' || progress.phase === 'completing';
  const active = finishing ? steps.length : progress.stepIndex ?? 0;
  return (
    <Stepper activeStep={active} alternativeLabel aria-label="Canary steps">
      {steps.map((step, index) => (
        <Step key={index}>
          <StepLabel
            optional={
              index === active && progress.until ? (
                <Typography variant="caption">
                  next step at {time(progress.until)}
                </Typography>
              ) : undefined
            }
          >
            {step.weightPercent}% of traffic
          </StepLabel>
        </Step>
      ))}
      <Step>
        <StepLabel>100%: new version everywhere</StepLabel>
      </Step>
    </Stepper>
  );
}

const BLUE_GREEN_PHASES: { phase: RolloutProgress['phase']; label: string }[] =
  [
    { phase: 'preview', label: 'New version starts beside the old one' },
    { phase: 'switched', label: 'Traffic switched; old version kept' },
    { phase: 'completing', label: 'Old version removed' },
  ];

function BlueGreenPhases(props: { progress: RolloutProgress }) {
  const { progress } = props;
  const active = BLUE_GREEN_PHASES.findIndex(p => p.phase === progress.phase);
  return (
    <Stepper
      activeStep={active}
      alternativeLabel
      aria-label="Blue-green phases"
    >
      {BLUE_GREEN_PHASES.map(({ phase, label }) => (
        <Step key={phase}>
          <StepLabel
            optional={
              phase === 'switched' &&
              progress.phase === 'switched' &&
              progress.until ? (
                <Typography variant="caption">
                  switch back possible until {time(progress.until)}
                </Typography>
              ) : undefined
            }
          >
            {label}
          </StepLabel>
        </Step>
      ))}
    </Stepper>
  );
}

/**
 * The operation under way: what it does, who asked, the step the runtime reports and, for canary and
 * blue-green updates, the phase and step they are in. Ready instances are shown as observed.
 */
export function OperationProgress(props: { deployment: ModelDeployment }) {
  const { operation, instances } = props.deployment;
  if (!operation) {
    return null;
  }
  const { progress } = operation;
  const observed = instances.ready !== null && instances.desired > 0;
  return (
    <Box>
      <Typography variant="subtitle1">
        {describeOperation(operation)}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {operation.status === 'queued' ? 'Queued' : 'Under way'}, asked by{' '}
        {operation.requestedBy} at {time(operation.createdAt)}
        {operation.promoteRequestedAt &&
          `; promote asked at ${time(operation.promoteRequestedAt)}`}
      </Typography>
      {operation.step && (
        <Typography variant="body2" data-testid="operation-step">
          {operation.step}
        </Typography>
      )}
      {progress?.strategy === 'canary' && (
        <CanarySteps operation={operation} progress={progress} />
      )}
      {progress?.strategy === 'blue-green' && (
        <BlueGreenPhases progress={progress} />
      )}
      {!progress && observed && (
        <Box mt={1}>
          <LinearProgress
            variant="determinate"
            value={Math.min(
              100,
              (100 * (instances.ready ?? 0)) / instances.desired,
            )}
            aria-label="Ready instances"
          />
          <Typography variant="caption" color="textSecondary">
            {instances.ready} of {instances.desired} instances ready
          </Typography>
        </Box>
      )}
    </Box>
  );
}
