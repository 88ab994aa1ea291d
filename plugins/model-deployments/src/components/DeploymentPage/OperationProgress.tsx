import {
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
import { formatActor, formatTime } from '../../formatChange';
import { ACTION_LABELS, STRATEGY_LABELS } from '../../labels';
import { canaryStepsOf } from '../../canarySteps';

/** What the operation does, in a few words: "Update Model to v2.2.0 with Canary". */
function describeOperation(deployment: ModelDeployment): string {
  const operation = deployment.operation!;
  const { strategy, toRevision } = operation.parameters as {
    strategy?: keyof typeof STRATEGY_LABELS;
    toRevision?: number;
  };
  const parts = [ACTION_LABELS[operation.type]];
  if (operation.type === 'update-model') {
    // The spec asks for the new version once the update is accepted.
    parts.push(`to ${deployment.spec.modelVersion}`);
  }
  if (operation.type === 'rollback' && toRevision !== undefined) {
    parts.push(`to revision ${toRevision}`);
  }
  if (strategy && STRATEGY_LABELS[strategy]) {
    parts.push(`with ${STRATEGY_LABELS[strategy].name}`);
  }
  return parts.join(' ');
}

/** The canary's steps, each with its share of traffic; the last is all traffic to the new version. */
function CanarySteps(props: {
  operation: DeploymentOperation;
  progress: RolloutProgress;
}) {
  const { operation, progress } = props;
  const steps = canaryStepsOf(operation.parameters);
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
                  next step at {formatTime(progress.until)}
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
                  switch back possible until {formatTime(progress.until)}
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
  // Ready instances measure the progress of what only adds instances; an update that replaces them
  // counts the old ones as ready too, so its step says how far it is instead.
  const countsProgress =
    ['create', 'scale', 'start'].includes(operation.type) &&
    instances.ready !== null &&
    instances.desired > 0;
  return (
    <Box>
      <Typography variant="subtitle1">
        {describeOperation(props.deployment)}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {operation.status === 'queued' ? 'Queued' : 'Under way'}, asked by{' '}
        {formatActor(operation.requestedBy)} at{' '}
        {formatTime(operation.createdAt)}
        {operation.promoteRequestedAt &&
          `; promote asked at ${formatTime(operation.promoteRequestedAt)}`}
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
      {!progress && countsProgress && (
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
