import {
  GPU_FIELD_PATHS,
  type DeploymentSpec,
  type SpecFieldPath,
} from '@modelops/plugin-model-deployments-common';

/**
 * The Edit form's values: the spec as the inputs hold it. A cleared number input is `undefined`, so
 * that the spec schema reports the field as required rather than the form inventing a value.
 */

type Section =
  | 'resources'
  | 'replicas'
  | 'autoscaling'
  | 'loadBalancer'
  | 'monitoring';

/** One environment variable row: a plain value, or a reference to a key of a Kubernetes Secret. */
export type EnvVarDraft = {
  /** Identifies the row while rows are added and removed. */
  key: number;
  name: string;
  source: 'value' | 'secret';
  value: string;
  secretName: string;
  secretKey: string;
};

export type EditDraft = Omit<DeploymentSpec, Section | 'env'> & {
  [S in Section]: Partial<DeploymentSpec[S]>;
} & { env: EnvVarDraft[] };

function hasGpus(draft: EditDraft): boolean {
  return (draft.resources.gpuCount ?? 0) > 0;
}

/**
 * Whether the form has an input for `field`: every field but those that need GPUs, when there are none
 * (the form then does not send them either).
 */
export function showsField(draft: EditDraft, field: SpecFieldPath): boolean {
  return hasGpus(draft) || !GPU_FIELD_PATHS.includes(field);
}

export function draftFromSpec(spec: DeploymentSpec): EditDraft {
  return {
    ...structuredClone(spec),
    env: spec.env.map((envVar, index) => ({
      key: index,
      name: envVar.name,
      source: envVar.secretKeyRef ? 'secret' : 'value',
      value: envVar.value ?? '',
      secretName: envVar.secretKeyRef?.name ?? '',
      secretKey: envVar.secretKeyRef?.key ?? '',
    })),
  };
}

export function newEnvVarDraft(rows: readonly EnvVarDraft[]): EnvVarDraft {
  return {
    key: Math.max(-1, ...rows.map(row => row.key)) + 1,
    name: '',
    source: 'value',
    value: '',
    secretName: '',
    secretKey: '',
  };
}

function envVarFromDraft(row: EnvVarDraft) {
  return row.source === 'secret'
    ? {
        name: row.name,
        secretKeyRef: { name: row.secretName, key: row.secretKey },
      }
    : { name: row.name, value: row.value };
}

/** The spec the form shows, for the spec schema to check: hidden fields are left out. */
export function specFromDraft(draft: EditDraft): unknown {
  const spec: Record<string, unknown> = {
    ...draft,
    env: draft.env.map(envVarFromDraft),
  };
  for (const field of GPU_FIELD_PATHS) {
    if (!showsField(draft, field)) {
      const [section, key] = field.split('.');
      const { [key]: _hidden, ...rest } = spec[section] as Record<
        string,
        unknown
      >;
      spec[section] = rest;
    }
  }
  return spec;
}

export function draftField(draft: EditDraft, field: SpecFieldPath): unknown {
  const [section, key] = field.split('.');
  const value = (draft as Record<string, unknown>)[section];
  return key === undefined ? value : (value as Record<string, unknown>)[key];
}

export function withDraftField(
  draft: EditDraft,
  field: SpecFieldPath,
  value: unknown,
): EditDraft {
  const [section, key] = field.split('.');
  if (key === undefined) {
    return { ...draft, [section]: value };
  }
  const sectionValue = (draft as Record<string, unknown>)[section] as Record<
    string,
    unknown
  >;
  return { ...draft, [section]: { ...sectionValue, [key]: value } };
}
