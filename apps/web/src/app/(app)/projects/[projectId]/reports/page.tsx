import { ReportsScreen } from '../../../../../features/reports/reports-screen.tsx';

export default function ProjectReportsPage() {
  return <ReportsScreen />;
}
