import {
  ENVIRONMENTS,
  FIELD_RULES,
  GPU_TYPES,
  LOAD_BALANCING_ALGORITHMS,
  STRATEGIES,
  type SpecFieldPath,
} from '@modelops/plugin-model-deployments-common';
import {
  ALGORITHM_LABELS,
  ENVIRONMENT_LABELS,
  GPU_TYPE_LABELS,
  STRATEGY_LABELS,
} from '../../labels';
import type { EditDraft } from './editDraft';
import { EditEnvVars } from './EditEnvVars';
import {
  CheckboxInput,
  NumberInput,
  SelectInput,
  TextInput,
  type EditFormBinding,
} from './EditFields';

type Options = readonly { value: string; label: string }[];

/** How the Edit form asks for a field, and whether the input takes the whole row of the form's grid. */
type FieldInput = { wide?: boolean } & (
  | { kind: 'text'; multiline?: boolean }
  | { kind: 'number' | 'checkbox' | 'env' }
  | {
      kind: 'select';
      options: Options;
      /** What the chosen option does. */
      hint?: (draft: EditDraft) => string | undefined;
    }
);

function options<T extends string>(
  values: readonly T[],
  label: (value: T) => string,
): Options {
  return values.map(value => ({ value, label: label(value) }));
}

const NUMBER: FieldInput = { kind: 'number' };

/** The input of every field of the spec: a new field cannot be added without deciding it. */
export const FIELD_INPUTS: Readonly<Record<SpecFieldPath, FieldInput>> = {
  name: { kind: 'text', wide: true },
  description: { kind: 'text', multiline: true, wide: true },
  modelRef: { kind: 'text' },
  modelId: { kind: 'text' },
  modelVersion: { kind: 'text' },
  environment: {
    kind: 'select',
    options: options(ENVIRONMENTS, env => ENVIRONMENT_LABELS[env]),
  },
  strategy: {
    kind: 'select',
    options: options(STRATEGIES, strategy => STRATEGY_LABELS[strategy].name),
    hint: draft => STRATEGY_LABELS[draft.strategy]?.explanation,
    wide: true,
  },
  surgeDuringUpdates: { kind: 'checkbox', wide: true },
  'resources.cpuCores': NUMBER,
  'resources.memoryGb': NUMBER,
  'resources.gpuCount': NUMBER,
  'resources.gpuType': {
    kind: 'select',
    options: options(GPU_TYPES, type => GPU_TYPE_LABELS[type]),
  },
  'resources.storageGb': NUMBER,
  'resources.networkBandwidthMbps': NUMBER,
  'autoscaling.enabled': { kind: 'checkbox', wide: true },
  'replicas.min': NUMBER,
  'replicas.max': NUMBER,
  'autoscaling.targetCpuPercent': NUMBER,
  'autoscaling.targetMemoryPercent': NUMBER,
  'autoscaling.targetGpuPercent': NUMBER,
  'loadBalancer.enabled': { kind: 'checkbox', wide: true },
  'loadBalancer.algorithm': {
    kind: 'select',
    options: options(
      LOAD_BALANCING_ALGORITHMS,
      algorithm => ALGORITHM_LABELS[algorithm],
    ),
    wide: true,
  },
  'loadBalancer.healthCheckPath': { kind: 'text' },
  'loadBalancer.healthCheckIntervalSeconds': NUMBER,
  'loadBalancer.stickySessions': { kind: 'checkbox', wide: true },
  'monitoring.maxErrorRatePercent': NUMBER,
  'monitoring.maxP99LatencyMs': NUMBER,
  'monitoring.alertOnNoReadyInstances': { kind: 'checkbox', wide: true },
  env: { kind: 'env', wide: true },
};

/** The Edit form's input of one field, as FIELD_INPUTS says. */
export function EditFieldInput(props: {
  form: EditFormBinding;
  field: SpecFieldPath;
}) {
  const { form, field } = props;
  const input = FIELD_INPUTS[field];
  switch (input.kind) {
    case 'text':
      return (
        <TextInput form={form} field={field} multiline={input.multiline} />
      );
    case 'number':
      return <NumberInput form={form} field={field} />;
    case 'checkbox':
      return <CheckboxInput form={form} field={field} />;
    case 'select':
      return (
        <SelectInput
          form={form}
          field={field}
          options={input.options}
          hint={input.hint?.(form.draft)}
        />
      );
    case 'env':
      return (
        <EditEnvVars
          rows={form.draft.env}
          onChange={rows => form.setField('env', rows)}
          issues={form.issues}
          disabled={!FIELD_RULES.env.editable}
        />
      );
    default:
      throw new Error(`Unknown input ${input satisfies never}`);
  }
}
