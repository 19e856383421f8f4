'use client';
import Link from 'next/link';
import { useId } from 'react';
import { useMutation, useQuery } from 'urql';
import { Switch } from '../../components/ui/switch.tsx';
import { toast } from '../../components/ui/toast.tsx';
import { errorText } from '../../lib/client/errors.ts';
import { useExactlyOnce } from '../../lib/client/exactly-once.ts';
import { useRequiredViewer } from '../auth/viewer.ts';
import {
  type NotificationKindSetting,
  NotificationSettingsQuery,
  SetEmailDigestMutation,
  SetNotificationEmailMutation,
} from './documents.ts';

/** One kind: what it is, its kind name, and whether it is emailed. */
function KindRow({
  setting,
  busy,
  onChange,
}: {
  setting: NotificationKindSetting;
  busy: boolean;
  onChange: (email: boolean) => void;
}) {
  const labelId = useId();
  const defaultWord = setting.emailByDefault ? 'on' : 'off';
  return (
    <li className="flex items-center gap-3 px-4 py-2.5">
      <div className="min-w-0 flex-1">
        <p id={labelId} className="text-sm">
          {setting.description}
        </p>
        <p className="text-xs text-muted">
          <code className="font-mono">{setting.kind}</code> · by default {defaultWord}
        </p>
      </div>
      <Switch
        checked={setting.email}
        aria-labelledby={labelId}
        disabled={busy}
        onCheckedChange={onChange}
      />
    </li>
  );
}

/**
 * Which notifications reach you by email: a switch per kind, and a daily digest that replaces
 * single emails with one a day. Every notification still shows in the inbox. Each switch shows
 * the server's answer (its settings), never a guess; email itself needs the cluster's SMTP relay.
 */
export function NotificationSettingsScreen() {
  const { viewer } = useRequiredViewer();
  const [{ data, error }] = useQuery({ query: NotificationSettingsQuery, pause: !viewer });
  const [kindState, setNotificationEmail] = useMutation(SetNotificationEmailMutation);
  const [digestState, setEmailDigest] = useMutation(SetEmailDigestMutation);
  const runOnce = useExactlyOnce();
  const digestLabelId = useId();
  const settings = data?.notificationSettings;
  const busy = kindState.fetching || digestState.fetching;

  async function setKind(kind: string, email: boolean) {
    const done = await runOnce(['email', kind, email], 'Could not change it', (requestId) =>
      setNotificationEmail({ kind, email, requestId }),
    );
    if (done) toast(email ? `Emails on for ${kind}` : `Emails off for ${kind}`);
  }

  async function setDigest(enabled: boolean) {
    const done = await runOnce(['digest', enabled], 'Could not change the digest', (requestId) =>
      setEmailDigest({ enabled, requestId }),
    );
    if (done) toast(enabled ? 'Daily digest on' : 'Daily digest off');
  }

  return (
    <main className="mx-auto flex w-full max-w-3xl flex-col gap-4 px-3 py-6 sm:px-4">
      <div>
        <h1 className="text-lg font-semibold">Notifications</h1>
        <p className="text-sm text-muted">
          Everything shows in your{' '}
          <Link href="/notifications" className="text-accent underline underline-offset-2">
            inbox
          </Link>
          . Choose what also reaches you by email.
        </p>
      </div>
      <p className="rounded-md border border-line bg-surface-2 px-3 py-2 text-xs text-muted">
        Email needs the cluster’s SMTP relay. Until an operator configures it, these choices are
        kept but no email is sent.
      </p>
      {error && !settings && (
        <p role="alert" className="text-sm text-danger">
          Could not load your settings: {errorText(error)}
        </p>
      )}
      {!settings && !error && <p className="text-sm text-muted">Loading…</p>}
      {settings && (
        <>
          <section
            aria-labelledby="digest-heading"
            className="flex items-center gap-3 rounded-lg border border-line bg-surface px-4 py-3"
          >
            <div className="min-w-0 flex-1">
              <h2 id="digest-heading" className="text-sm font-semibold">
                <span id={digestLabelId}>Daily digest</span>
              </h2>
              <p className="text-xs text-muted">
                One email a day (from 07:00 UTC) listing all of the last day’s notifications,
                instead of the emails below.
              </p>
            </div>
            <Switch
              checked={settings.emailDigest}
              aria-labelledby={digestLabelId}
              disabled={busy}
              onCheckedChange={(enabled) => void setDigest(enabled)}
            />
          </section>
          <section aria-labelledby="kinds-heading" className="flex flex-col gap-2">
            <h2 id="kinds-heading" className="text-sm font-semibold">
              Email me when
            </h2>
            {settings.emailDigest && (
              <p className="text-xs text-muted">
                The daily digest is on: no single emails are sent until you switch it off. These
                choices are kept for then.
              </p>
            )}
            <ul
              aria-labelledby="kinds-heading"
              className="divide-y divide-line rounded-lg border border-line bg-surface"
            >
              {settings.kinds.map((setting) => (
                <KindRow
                  key={setting.kind}
                  setting={setting}
                  busy={busy}
                  onChange={(email) => void setKind(setting.kind, email)}
                />
              ))}
            </ul>
          </section>
        </>
      )}
    </main>
  );
}
