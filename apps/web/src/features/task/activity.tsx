import { describeEvent } from './activity-text.ts';
import type { TaskDetail } from './documents.ts';
import { timeInWords } from './relative-time.ts';

/** The task's recent history, newest first, one sentence per event. */
export function Activity({ history }: { history: TaskDetail['history'] }) {
  const events = history.edges.map((edge) => edge.node).reverse();
  const now = Date.now();
  return (
    <section aria-labelledby="task-activity" className="flex flex-col gap-1.5">
      <h3 id="task-activity" className="text-xs font-semibold uppercase tracking-wide text-muted">
        Activity
      </h3>
      <ol className="flex flex-col gap-1 border-l border-line pl-3">
        {events.map((event) => (
          <li key={`${event.index}:${event.ordinal}`} className="flex items-baseline gap-2 text-xs">
            <span className="text-ink">
              {describeEvent({
                kind: event.kind,
                payload: event.payload,
                actorName: event.actor?.name ?? null,
              })}
            </span>
            <time dateTime={event.at} title={event.at} className="ml-auto shrink-0 text-muted">
              {timeInWords(event.at, now)}
            </time>
          </li>
        ))}
      </ol>
      {history.totalCount > events.length && (
        <p className="text-xs text-muted">
          Showing the latest {events.length} of {history.totalCount} changes.
        </p>
      )}
    </section>
  );
}
