import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { fieldLabel, formatFieldValue } from '../../labels';

type Change = { field: string; before: unknown; after: unknown };

/**
 * Changes of spec fields, one row each: the field's name, its value before and after, as the
 * documentation names and shows them, and optionally one more column about the change.
 */
export function FieldChangesTable<C extends Change>(props: {
  /** The table's accessible name. */
  label: string;
  /** The headings of the value columns, e.g. "Before" and "After". */
  headings: { before: string; after: string };
  changes: readonly C[];
  extraColumn?: { heading: string; cell: (change: C) => string };
}) {
  const { label, headings, changes, extraColumn } = props;
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell>Field</TableCell>
          <TableCell>{headings.before}</TableCell>
          <TableCell>{headings.after}</TableCell>
          {extraColumn && <TableCell>{extraColumn.heading}</TableCell>}
        </TableRow>
      </TableHead>
      <TableBody>
        {changes.map(change => (
          <TableRow key={change.field}>
            <TableCell component="th" scope="row">
              {fieldLabel(change.field)}
            </TableCell>
            <TableCell>
              {formatFieldValue(change.field, change.before)}
            </TableCell>
            <TableCell>
              {formatFieldValue(change.field, change.after)}
            </TableCell>
            {extraColumn && <TableCell>{extraColumn.cell(change)}</TableCell>}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
