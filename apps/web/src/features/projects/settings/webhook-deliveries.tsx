'use client';
import { useEffect } from 'react';
import { useMutation, useQuery } from 'urql';
import { Button } from '../../../components/ui/button.tsx';
import { toast } from '../../../components/ui/toast.tsx';
import { errorText } from '../../../lib/client/errors.ts';
import { useExactlyOnce } from '../../../lib/client/exactly-once.ts';
import {
  RedeliverWebhookMutation,
  type SettingsWebhookDelivery,
  WebhookDeliveriesQuery,
} from './documents.ts';
import { canRedeliver, lastAttemptInWords } from './webhook-words.ts';

/** The log shows a hook's newest deliveries, this many. */
const deliveryLogSize = 20;
/**
 * How often an open log is read again. Attempts are recorded by the leader as they happen and
 * raise no project event, so the log polls while it is open (and the tab is visible).
 */
const deliveryLogRefreshMs = 2_000;

type DeliveryState = SettingsWebhookDelivery['state'];

const stateBadges: Record<DeliveryState, { text: string; className: string }> = {
  DELIVERED: { text: 'Delivered', className: 'text-accent' },
  PENDING: { text: 'Pending', className: 'text-warn' },
  FAILED: { text: 'Failed', className: 'text-danger' },
};

function formatTime(instant: string): string {
  return new Date(instant).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/**
 * One hook's delivery log, newest first: the event's kind and log index, where the delivery
 * stands, its attempts, the last answer and when it is tried next. Delivered and failed ones
 * can be sent again (same delivery id, a fresh round of attempts).
 */
export function WebhookDeliveries({ webhookId, id }: { webhookId: string; id: string }) {
  const [{ data, error }, reexecute] = useQuery({
    query: WebhookDeliveriesQuery,
    variables: { webhookId, first: deliveryLogSize },
    requestPolicy: 'cache-and-network',
  });
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reexecute({ requestPolicy: 'network-only' });
    }, deliveryLogRefreshMs);
    return () => clearInterval(timer);
  }, [reexecute]);
  const hook = data?.node?.__typename === 'Webhook' ? data.node : null;
  const deliveries = hook?.deliveries.edges.map((edge) => edge.node) ?? [];

  return (
    <div id={id} className="flex flex-col gap-2">
      {error && !hook && (
        <p role="alert" className="text-sm text-danger">
          Could not load the deliveries: {errorText(error)}
        </p>
      )}
      {!data && !error && <p className="text-xs text-muted">Loading the deliveries…</p>}
      {hook && deliveries.length === 0 && (
        <p className="text-xs text-muted">
          No deliveries yet: events of the kinds it receives show up here.
        </p>
      )}
      {deliveries.length > 0 && (
        // `relative`: the screen-reader-only texts (absolutely placed) scroll with the table
        // instead of widening the page.
        <div className="relative overflow-x-auto rounded-md border border-line">
          <table className="w-full text-xs">
            <caption className="sr-only">Deliveries to {hook?.url}, newest first</caption>
            <thead className="text-left text-muted">
              <tr className="border-b border-line">
                {['Event', 'Index', 'State', 'Attempts', 'Last answer', 'Next attempt'].map(
                  (heading) => (
                    <th key={heading} scope="col" className="whitespace-nowrap px-2 py-1.5">
                      {heading}
                    </th>
                  ),
                )}
                <th scope="col" className="px-2 py-1.5">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((delivery) => (
                <DeliveryRow key={delivery.id} delivery={delivery} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {hook && hook.deliveries.totalCount > deliveries.length && (
        <p className="text-xs text-muted">
          The newest {deliveries.length} of {hook.deliveries.totalCount} deliveries.
        </p>
      )}
    </div>
  );
}

function DeliveryRow({ delivery }: { delivery: SettingsWebhookDelivery }) {
  const [state, redeliver] = useMutation(RedeliverWebhookMutation);
  const runOnce = useExactlyOnce();
  const badge = stateBadges[delivery.state];
  const lastAnswer = lastAttemptInWords(delivery.attempts);
  const lastFailed = delivery.attempts.at(-1)?.ok === false;
  const name = `${delivery.eventKind} #${delivery.logIndex}`;

  async function sendAgain() {
    const done = await runOnce(
      ['redeliver', delivery.id],
      `Could not redeliver ${name}`,
      (requestId) => redeliver({ deliveryId: delivery.id, requestId }),
    );
    if (done) toast(`${name} queued again`);
  }

  return (
    <tr className="border-b border-line last:border-0">
      <th scope="row" className="whitespace-nowrap px-2 py-1.5 text-left font-mono font-normal">
        {delivery.eventKind}
      </th>
      <td className="px-2 py-1.5 tabular-nums">{delivery.logIndex}</td>
      <td className={`whitespace-nowrap px-2 py-1.5 font-medium ${badge.className}`}>
        {badge.text}
      </td>
      <td className="px-2 py-1.5 tabular-nums">{delivery.attempts.length}</td>
      <td
        className={`max-w-56 truncate px-2 py-1.5 ${lastFailed ? 'text-danger' : ''}`}
        title={lastAnswer ?? undefined}
      >
        {lastAnswer ?? '—'}
      </td>
      <td className="whitespace-nowrap px-2 py-1.5 tabular-nums">
        {delivery.nextAttemptAt ? (
          <time dateTime={delivery.nextAttemptAt}>{formatTime(delivery.nextAttemptAt)}</time>
        ) : (
          '—'
        )}
      </td>
      <td className="px-2 py-1 text-right">
        {canRedeliver(delivery.state) && (
          <Button
            variant="ghost"
            size="xs"
            aria-label={`Redeliver ${name}`}
            disabled={state.fetching}
            onClick={() => void sendAgain()}
          >
            Redeliver
          </Button>
        )}
      </td>
    </tr>
  );
}
