'use client';
import { CalendarView } from '../../../../../features/board/calendar-view.tsx';

export default function CalendarPage() {
  return <CalendarView />;
}
