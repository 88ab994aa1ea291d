export { ApprovalButtons } from './ApprovalButtons';
export { PendingApprovalCard } from './PendingApprovalCard';
export { PendingApprovalNote } from './PendingApprovalNote';
