import type { ReactNode } from 'react';
import { SettingsNav } from '../../../features/settings/settings-nav.tsx';

/** Your account's settings: tabs above the screen. */
export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SettingsNav />
      {children}
    </>
  );
}
