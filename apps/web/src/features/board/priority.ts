/** Task priorities as the API names them, most urgent first. */
export const priorities = ['URGENT', 'HIGH', 'MEDIUM', 'LOW', 'NONE'] as const;
export type Priority = (typeof priorities)[number];

const labels: Record<Priority, string> = {
  URGENT: 'Urgent',
  HIGH: 'High',
  MEDIUM: 'Medium',
  LOW: 'Low',
  NONE: 'No priority',
};

/** The words a person reads for a priority. */
export function priorityLabel(priority: Priority): string {
  return labels[priority];
}
