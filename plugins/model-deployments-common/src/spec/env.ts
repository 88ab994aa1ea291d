import { z } from 'zod/v3';

/**
 * The rules of a deployment's environment variables: their names, their values and Secret references,
 * the variables the platform sets, and the references Kubernetes expands. The spec assembles them.
 */

/** Kubernetes accepts more, but C identifiers are what every model server and shell can read. */
const ENV_NAME_RULE =
  "must be a C identifier: letters, digits and '_', not starting with a digit";

/** @public */
export const envVarNameSchema = z
  .string({ required_error: 'is required' })
  .max(256, 'must be at most 256 characters')
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, ENV_NAME_RULE);

/** @public */
export const secretKeyRefSchema = z
  .object({
    name: z
      .string({ required_error: 'is required' })
      .max(253, 'must be at most 253 characters')
      .regex(
        /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
        'must be the name of a Kubernetes Secret (a DNS-1123 subdomain)',
      ),
    key: z
      .string({ required_error: 'is required' })
      .max(253, 'must be at most 253 characters')
      .regex(
        /^[-._a-zA-Z0-9]+$/,
        "must be a Secret key: letters, digits, '-', '_' and '.'",
      ),
  })
  .strict()
  .describe('A key of a Kubernetes Secret in the environment namespace');

/**
 * A plain value, or a reference to a Kubernetes Secret (exactly one of them). Secret values never reach
 * our database.
 *
 * @public
 */
export const envVarSchema = z
  .object({
    name: envVarNameSchema,
    value: z.string().max(32768, 'must be at most 32768 characters').optional(),
    secretKeyRef: secretKeyRefSchema.optional(),
  })
  .strict()
  .superRefine((envVar, ctx) => {
    if ((envVar.value === undefined) === (envVar.secretKeyRef === undefined)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['value'],
        message: 'give either a value or a secretKeyRef {name, key}, not both',
      });
    }
  });

/**
 * The variables the platform sets in every model server's container: the model's id, version and
 * location, and the port to serve on. They come last in the container, and no user variable may name
 * one, so what runs is what the platform says.
 *
 * @public
 */
export const PLATFORM_ENV_NAMES = [
  'MODEL_ID',
  'MODEL_VERSION',
  'MODEL_URI',
  'PORT',
] as const;

/** @public */
export type PlatformEnvName = (typeof PLATFORM_ENV_NAMES)[number];

/** Whether a variable's name is one the platform sets. @public */
export function isPlatformEnvName(name: string): name is PlatformEnvName {
  return (PLATFORM_ENV_NAMES as readonly string[]).includes(name);
}

/** Where a value refers to a variable, as Kubernetes reads it: `$$` is a literal `$`. */
function referenceSpans(value: string): { start: number; name: string }[] {
  const spans: { start: number; name: string }[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '$') {
      continue;
    }
    if (value[i + 1] === '$') {
      i++;
    } else if (value[i + 1] === '(') {
      const end = value.indexOf(')', i + 2);
      if (end === -1) {
        break;
      }
      spans.push({ start: i, name: value.slice(i + 2, end) });
      i = end;
    }
  }
  return spans;
}

/**
 * The variables a value refers to, as Kubernetes expands them: `$(NAME)` is a reference, `$$` is a
 * literal `$`, so `$$(NAME)` is the text `$(NAME)`.
 *
 * @public
 */
export function envReferences(value: string): string[] {
  return referenceSpans(value).map(span => span.name);
}

/**
 * The value with each reference to a variable that `escape` names written as text (`$$(NAME)`), so
 * that Kubernetes expands none of them.
 *
 * @public
 */
export function escapeEnvReferences(
  value: string,
  escape: (name: string) => boolean,
): string {
  let escaped = '';
  let from = 0;
  for (const span of referenceSpans(value)) {
    if (escape(span.name)) {
      escaped += `${value.slice(from, span.start)}$`;
      from = span.start;
    }
  }
  return escaped + value.slice(from);
}

/**
 * All the values of a deployment together: a pod template travels in every Deployment, ReplicaSet and
 * pod object (etcd takes 1.5 MiB each), and a process's environment shares the kernel's limit with its
 * arguments.
 *
 * @public
 */
export const ENV_VALUES_MAX_LENGTH = 128 * 1024;

/** @public */
export const envVarsSchema = z
  .array(envVarSchema)
  .max(200, 'must have at most 200 variables')
  .superRefine((vars, ctx) => {
    const length = vars.reduce((sum, v) => sum + (v.value?.length ?? 0), 0);
    if (length > ENV_VALUES_MAX_LENGTH) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `the values must be at most ${ENV_VALUES_MAX_LENGTH} characters together (these are ${length})`,
      });
    }
    const seen = new Set<string>();
    const secrets = new Set(vars.filter(v => v.secretKeyRef).map(v => v.name));
    vars.forEach((v, index) => {
      if (isPlatformEnvName(v.name)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [index, 'name'],
          message: `${v.name} is set by the platform (${PLATFORM_ENV_NAMES.join(
            ', ',
          )} are): choose another name`,
        });
      } else if (seen.has(v.name)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [index, 'name'],
          message: `'${v.name}' is defined more than once`,
        });
      }
      seen.add(v.name);
      // Kubernetes expands a reference to a variable listed before it: none may name the platform's
      // (listed last, so the text would stay as written) or a secret's (whose value would be copied).
      const reference = envReferences(v.value ?? '').find(
        name => isPlatformEnvName(name) || secrets.has(name),
      );
      if (reference) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [index, 'value'],
          message: `$(${reference}) refers to ${
            isPlatformEnvName(reference)
              ? 'a variable the platform sets'
              : 'a variable that holds a secret'
          }; write $$(${reference}) for the text itself`,
        });
      }
    });
  })
  .describe(
    'Environment variables: plain values or Kubernetes Secret references',
  );
