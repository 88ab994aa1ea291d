export { ActionDialog } from './ActionDialog';
export { ReasonDialog } from './ReasonDialog';
export { backendFieldIssues, issueFor } from './fieldIssues';
export { errorMessage } from './errorMessage';
export { useActionForm } from './useActionForm';
export { useSubmit, type DoneMessage } from './useSubmit';
