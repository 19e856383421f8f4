import { CalendarFeedsScreen } from '../../../../features/settings/calendar-feeds-screen.tsx';

/** Secret iCal URLs of due dates, for calendar apps. */
export default function CalendarFeedsPage() {
  return <CalendarFeedsScreen />;
}
