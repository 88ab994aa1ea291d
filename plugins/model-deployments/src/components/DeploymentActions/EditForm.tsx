import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  ENVIRONMENTS,
  FIELD_RULES,
  GPU_TYPES,
  LOAD_BALANCING_ALGORITHMS,
  SPEC_FIELD_PATHS,
  STRATEGIES,
  type FieldIssue,
} from '@modelops/plugin-model-deployments-common';
import type { ReactNode } from 'react';
import {
  ALGORITHM_LABELS,
  ENVIRONMENT_LABELS,
  FIELD_LABELS,
  fieldLabel,
  GPU_TYPE_LABELS,
  STRATEGY_LABELS,
} from '../../labels';
import {
  showsField,
  withDraftField,
  type EditDraft,
  type EnvVarDraft,
} from './editDraft';
import { EditEnvVars } from './EditEnvVars';
import {
  CheckboxInput,
  editabilityNote,
  NumberInput,
  SelectInput,
  TextInput,
  type EditFormBinding,
} from './EditFields';

const SECRET_NOTE =
  "A Secret variable names a key of a Kubernetes Secret in the deployment's namespace; its value stays in the cluster.";

function Section(props: { title: string; note?: string; children: ReactNode }) {
  return (
    <Box component="section" mb={3}>
      <Typography variant="h6" component="h3">
        {props.title}
      </Typography>
      {props.note && (
        <Typography variant="body2" color="textSecondary">
          {props.note}
        </Typography>
      )}
      {props.children}
    </Box>
  );
}

/** A row of the form's grid: two fields side by side on wider screens. */
function Cell(props: { children: ReactNode; wide?: boolean }) {
  return (
    <Grid item xs={12} sm={props.wide ? 12 : 6}>
      {props.children}
    </Grid>
  );
}

function options<T extends string>(
  values: readonly T[],
  label: (value: T) => string,
) {
  return values.map(value => ({ value, label: label(value) }));
}

/** The fields whose issues the form shows at an input; issues about any other go in a list. */
function fieldsWithInputs(draft: EditDraft): Set<string> {
  const fields = new Set<string>(
    SPEC_FIELD_PATHS.filter(
      field => field !== 'env' && showsField(draft, field),
    ),
  );
  draft.env.forEach((row, index) => {
    const rowFields =
      row.source === 'value'
        ? ['name', 'value']
        : ['name', 'secretKeyRef.name', 'secretKeyRef.key'];
    rowFields.forEach(field => fields.add(`env.${index}.${field}`));
  });
  return fields;
}

/**
 * The Edit form: the View form's sections with the deployment's values, editable where FIELD_RULES
 * allows. Each issue shows at its field; those about a field without an input are listed at the end.
 */
export function EditForm(props: {
  draft: EditDraft;
  onChange: (draft: EditDraft) => void;
  issues: readonly FieldIssue[];
  unchanged: boolean;
}) {
  const { draft, onChange, issues, unchanged } = props;
  const form: EditFormBinding = {
    draft,
    issues,
    setField: (field, value) => onChange(withDraftField(draft, field, value)),
  };
  const withInputs = fieldsWithInputs(draft);
  const otherIssues = issues.filter(issue => !withInputs.has(issue.field));

  return (
    <>
      <Section title="Basic Information">
        <Grid container spacing={2}>
          <Cell>
            <TextInput form={form} field="name" />
          </Cell>
          <Cell>
            <TextInput form={form} field="modelRef" />
          </Cell>
          <Cell wide>
            <TextInput form={form} field="description" multiline />
          </Cell>
          <Cell>
            <TextInput form={form} field="modelId" />
          </Cell>
          <Cell>
            <TextInput form={form} field="modelVersion" />
          </Cell>
          <Cell>
            <SelectInput
              form={form}
              field="environment"
              options={options(ENVIRONMENTS, env => ENVIRONMENT_LABELS[env])}
            />
          </Cell>
          <Cell>
            <SelectInput
              form={form}
              field="strategy"
              options={options(STRATEGIES, s => STRATEGY_LABELS[s].name)}
              hint={STRATEGY_LABELS[draft.strategy]?.explanation}
            />
          </Cell>
          <Cell wide>
            <CheckboxInput form={form} field="surgeDuringUpdates" />
          </Cell>
        </Grid>
      </Section>

      <Section title="Resource Configuration" note="Per instance.">
        <Grid container spacing={2}>
          <Cell>
            <NumberInput form={form} field="resources.cpuCores" />
          </Cell>
          <Cell>
            <NumberInput form={form} field="resources.memoryGb" />
          </Cell>
          <Cell>
            <NumberInput form={form} field="resources.gpuCount" />
          </Cell>
          <Cell>
            {showsField(draft, 'resources.gpuType') && (
              <SelectInput
                form={form}
                field="resources.gpuType"
                options={options(GPU_TYPES, type => GPU_TYPE_LABELS[type])}
              />
            )}
          </Cell>
          <Cell>
            <NumberInput form={form} field="resources.storageGb" />
          </Cell>
          <Cell>
            <NumberInput form={form} field="resources.networkBandwidthMbps" />
          </Cell>
        </Grid>
      </Section>

      <Section title="Scaling Configuration">
        <Grid container spacing={2}>
          <Cell wide>
            <CheckboxInput form={form} field="autoscaling.enabled" />
          </Cell>
          <Cell>
            <NumberInput form={form} field="replicas.min" />
          </Cell>
          <Cell>
            <NumberInput form={form} field="replicas.max" />
          </Cell>
          <Cell>
            <NumberInput form={form} field="autoscaling.targetCpuPercent" />
          </Cell>
          <Cell>
            <NumberInput form={form} field="autoscaling.targetMemoryPercent" />
          </Cell>
          {showsField(draft, 'autoscaling.targetGpuPercent') && (
            <Cell>
              <NumberInput form={form} field="autoscaling.targetGpuPercent" />
            </Cell>
          )}
        </Grid>
      </Section>

      <Section title="Load Balancer">
        <Grid container spacing={2}>
          <Cell>
            <CheckboxInput form={form} field="loadBalancer.enabled" />
          </Cell>
          <Cell>
            <CheckboxInput form={form} field="loadBalancer.stickySessions" />
          </Cell>
          <Cell wide>
            <SelectInput
              form={form}
              field="loadBalancer.algorithm"
              options={options(
                LOAD_BALANCING_ALGORITHMS,
                algorithm => ALGORITHM_LABELS[algorithm],
              )}
            />
          </Cell>
          <Cell>
            <TextInput form={form} field="loadBalancer.healthCheckPath" />
          </Cell>
          <Cell>
            <NumberInput
              form={form}
              field="loadBalancer.healthCheckIntervalSeconds"
            />
          </Cell>
        </Grid>
      </Section>

      <Section
        title="Monitoring"
        note="Alerts fire, and a canary step fails, beyond these thresholds."
      >
        <Grid container spacing={2}>
          <Cell>
            <NumberInput form={form} field="monitoring.maxErrorRatePercent" />
          </Cell>
          <Cell>
            <NumberInput form={form} field="monitoring.maxP99LatencyMs" />
          </Cell>
          <Cell wide>
            <CheckboxInput
              form={form}
              field="monitoring.alertOnNoReadyInstances"
            />
          </Cell>
        </Grid>
      </Section>

      <Section
        title={FIELD_LABELS.env}
        note={[SECRET_NOTE, editabilityNote('env')].filter(Boolean).join(' ')}
      >
        <EditEnvVars
          rows={draft.env}
          onChange={(rows: EnvVarDraft[]) => form.setField('env', rows)}
          issues={issues}
          disabled={!FIELD_RULES.env.editable}
        />
      </Section>

      {otherIssues.length > 0 && (
        <Alert severity="error">
          <ul>
            {otherIssues.map(issue => (
              <li key={`${issue.field}:${issue.message}`}>
                {fieldLabel(issue.field)}: {issue.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {unchanged && (
        <Typography variant="body2" color="textSecondary">
          No changes yet
        </Typography>
      )}
    </>
  );
}
