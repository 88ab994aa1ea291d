import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  SECTION_FIELDS,
  SPEC_FIELD_PATHS,
  SPEC_SECTIONS,
  type FieldIssue,
  type SpecSection,
} from '@modelops/plugin-model-deployments-common';
import type { ReactNode } from 'react';
import { fieldLabel, SECTION_LABELS } from '../../labels';
import { showsField, withDraftField, type EditDraft } from './editDraft';
import { EditFieldInput, FIELD_INPUTS } from './EditFieldInput';
import { editabilityNote, type EditFormBinding } from './EditFields';

const SECRET_NOTE =
  "A Secret variable names a key of a Kubernetes Secret in the deployment's namespace; its value stays in the cluster.";

/** What the form says under a section's title. */
const SECTION_NOTES: Partial<Record<SpecSection, string>> = {
  resources: 'Per instance.',
  monitoring: 'Alerts fire, and a canary step fails, beyond these thresholds.',
  env: [SECRET_NOTE, editabilityNote('env')].filter(Boolean).join(' '),
};

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
 * The Edit form: the sections of the details view (SECTION_FIELDS) with the deployment's values,
 * editable where FIELD_RULES allows. Each issue shows at its field; those about a field without an
 * input are listed at the end.
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
      {SPEC_SECTIONS.map(section => (
        <Section
          key={section}
          title={SECTION_LABELS[section]}
          note={SECTION_NOTES[section]}
        >
          <Grid container spacing={2}>
            {SECTION_FIELDS[section].map(field => (
              // A field without an input keeps its cell, so that the fields after it stay in their pairs.
              <Cell key={field} wide={FIELD_INPUTS[field].wide}>
                {showsField(draft, field) && (
                  <EditFieldInput form={form} field={field} />
                )}
              </Cell>
            ))}
          </Grid>
        </Section>
      ))}

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
