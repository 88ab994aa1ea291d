import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import type { EntityOption } from './useFilterOptions';

/** A filter by catalog entities (models or owners), chosen by name from the catalog. */
export function EntityFilter(props: {
  label: string;
  options: EntityOption[];
  loading: boolean;
  value: readonly string[];
  onChange: (refs: string[]) => void;
}) {
  const { label, options, loading, value, onChange } = props;
  // A reference in the URL that the catalog no longer has still shows, by its reference.
  const selected = value.map(
    ref => options.find(option => option.ref === ref) ?? { ref, title: ref },
  );
  return (
    <Autocomplete
      id={`model-deployments-filter-${label.toLowerCase()}`}
      multiple
      size="small"
      options={options}
      loading={loading}
      value={selected}
      getOptionLabel={option => option.title}
      getOptionSelected={(option, chosen) => option.ref === chosen.ref}
      onChange={(_event, chosen) => onChange(chosen.map(option => option.ref))}
      renderInput={params => (
        <TextField
          {...params}
          label={label}
          variant="outlined"
          margin="dense"
        />
      )}
    />
  );
}
