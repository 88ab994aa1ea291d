export { ActionDialog } from './ActionDialog';
export { errorMessage } from './errorMessage';
export { backendFieldIssues, issueFor } from './fieldIssues';
export { useActionForm } from './useActionForm';
export { useSubmit, type DoneMessage } from './useSubmit';
