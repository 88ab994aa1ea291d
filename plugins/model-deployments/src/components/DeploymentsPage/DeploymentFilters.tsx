import {
  DEPLOYMENT_STATUSES,
  ENVIRONMENTS,
} from '@modelops/plugin-model-deployments-common';
import Box from '@material-ui/core/Box';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import SearchIcon from '@material-ui/icons/Search';
import { useEffect, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { ENVIRONMENT_LABELS } from '../../labels';
import { EntityFilter } from './EntityFilter';
import { MultiSelectFilter } from './MultiSelectFilter';
import type { DeploymentFilters as Filters } from './useDeploymentFilters';
import { useFilterOptions } from './useFilterOptions';

/** Typing is sent to the backend once it pauses this long. */
const SEARCH_DEBOUNCE_MS = 300;

/** Search and the filters of the Deployments page: environment, status, owner and model. */
export function DeploymentFilters(props: {
  filters: Filters;
  onChange: <K extends keyof Filters>(key: K, value: Filters[K]) => void;
}) {
  const { filters, onChange } = props;
  const options = useFilterOptions();
  const [search, setSearch] = useState(filters.q);
  useEffect(() => setSearch(filters.q), [filters.q]);
  useDebounce(
    () => {
      if (search !== filters.q) onChange('q', search);
    },
    SEARCH_DEBOUNCE_MS,
    [search],
  );

  return (
    <Box display="flex" flexDirection="column">
      <TextField
        id="model-deployments-search"
        label="Search"
        placeholder="Name or model ID"
        variant="outlined"
        size="small"
        margin="dense"
        value={search}
        onChange={event => setSearch(event.target.value)}
        InputProps={{
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon fontSize="small" />
            </InputAdornment>
          ),
        }}
      />
      <MultiSelectFilter
        label="Environment"
        options={ENVIRONMENTS}
        optionLabel={environment => ENVIRONMENT_LABELS[environment]}
        value={filters.environment}
        onChange={value => onChange('environment', value)}
      />
      <MultiSelectFilter
        label="Status"
        options={DEPLOYMENT_STATUSES}
        value={filters.status}
        onChange={value => onChange('status', value)}
      />
      <EntityFilter
        label="Owner"
        options={options.value?.owners ?? []}
        loading={options.loading}
        value={filters.owner}
        onChange={value => onChange('owner', value)}
      />
      <EntityFilter
        label="Model"
        options={options.value?.models ?? []}
        loading={options.loading}
        value={filters.model}
        onChange={value => onChange('model', value)}
      />
    </Box>
  );
}
