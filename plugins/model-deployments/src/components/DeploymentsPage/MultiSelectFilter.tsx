import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';

/** A filter with a fixed set of values, any number of which may be chosen (none: all). */
export function MultiSelectFilter<T extends string>(props: {
  label: string;
  options: readonly T[];
  optionLabel?: (option: T) => string;
  value: readonly T[];
  onChange: (value: T[]) => void;
}) {
  const { label, options, value, onChange } = props;
  const optionLabel = props.optionLabel ?? ((option: T) => option);
  const id = `model-deployments-filter-${label.toLowerCase()}`;
  return (
    <FormControl fullWidth variant="outlined" size="small" margin="dense">
      <InputLabel id={`${id}-label`}>{label}</InputLabel>
      <Select
        labelId={`${id}-label`}
        id={id}
        label={label}
        multiple
        value={value as T[]}
        onChange={event => onChange(event.target.value as T[])}
        renderValue={selected => (selected as T[]).map(optionLabel).join(', ')}
      >
        {options.map(option => (
          <MenuItem key={option} value={option}>
            <Checkbox checked={value.includes(option)} size="small" />
            <ListItemText primary={optionLabel(option)} />
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}
