'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** The screens of your account's settings, in the order the tabs show them. */
export const settingsScreens = [
  { href: '/settings/tokens', label: 'API tokens' },
  { href: '/settings/notifications', label: 'Notifications' },
  { href: '/settings/calendar', label: 'Calendar' },
] as const;

/** Tabs between your account's settings screens, above each of them. */
export function SettingsNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="mx-auto w-full max-w-3xl px-3 pt-4 sm:px-4">
      <ul className="flex gap-1 overflow-x-auto border-b border-line">
        {settingsScreens.map((screen) => (
          <li key={screen.href}>
            <Link
              href={screen.href}
              aria-current={pathname.startsWith(screen.href) ? 'page' : undefined}
              className="-mb-px block whitespace-nowrap border-b-2 border-transparent px-2.5 py-1.5 text-sm text-muted hover:text-ink aria-[current=page]:border-accent aria-[current=page]:font-medium aria-[current=page]:text-ink"
            >
              {screen.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
