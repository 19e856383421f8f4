import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { WebhookTarget } from '@raftboard/schema/integrations/webhook-target';

/** What one attempt came to, as `outbox.recordDelivery` records it. */
export interface SendOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

/** One POST of one delivery. */
export interface WebhookRequest {
  body: string;
  secret: string;
  /** `X-Raftboard-Delivery`: the same on every attempt at this event for this webhook. */
  deliveryId: string;
  eventKind: string;
  /** Unix seconds the signature is made at (`t=`). */
  timestampSec: number;
  timeoutMs: number;
}

/** Longest error text an attempt records. */
const errorLengthMax = 1_024;

/**
 * `X-Raftboard-Signature`: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the scheme
 * Stripe uses. A receiver recomputes v1 with its secret, compares in constant time, and
 * refuses a `t` outside its replay window (docs/operations.md shows one).
 */
export function signWebhook(secret: string, timestampSec: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${timestampSec}.${body}`).digest('hex');
  return `t=${timestampSec},v1=${digest}`;
}

/**
 * What a receiver does with `X-Raftboard-Signature` (docs/operations.md shows the same in a
 * few lines): true when its `v1` is the HMAC of `t.body` under `secret` and `t` is within
 * `toleranceSec` of `nowSec`, so a captured request cannot be replayed later.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string,
  body: string,
  nowSec: number,
  toleranceSec = 300,
): boolean {
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestampSec = Number(parts.get('t'));
  const given = Buffer.from(parts.get('v1') ?? '', 'hex');
  if (!Number.isInteger(timestampSec) || Math.abs(nowSec - timestampSec) > toleranceSec) {
    return false;
  }
  const expected = Buffer.from(
    signWebhook(secret, timestampSec, body).split('v1=')[1] ?? '',
    'hex',
  );
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A DNS lookup that answers the address the guard checked, whatever the host name. */
function pinnedLookup(target: WebhookTarget): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

/**
 * POSTs one delivery to the checked `target` and reports what came of it: 2xx is a success,
 * anything else (another status, a timeout, a refused connection) a failure with its reason.
 * Redirects are not followed (they could lead past the guard), and the response body is read
 * and dropped. Never throws.
 */
export function sendWebhook(target: WebhookTarget, request: WebhookRequest): Promise<SendOutcome> {
  const headers = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(request.body)),
    'user-agent': 'Raftboard-Webhooks/1',
    'x-raftboard-delivery': request.deliveryId,
    'x-raftboard-event': request.eventKind,
    'x-raftboard-signature': signWebhook(request.secret, request.timestampSec, request.body),
  };
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const fail = (error: Error) =>
      finish({ ok: false, statusCode: null, error: error.message.slice(0, errorLengthMax) });
    const outgoing = client.request(
      target.url,
      {
        method: 'POST',
        headers,
        lookup: pinnedLookup(target),
        signal: AbortSignal.timeout(request.timeoutMs),
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const statusCode = status >= 100 && status <= 599 ? status : null;
        response.resume();
        response.on('error', fail);
        response.on('end', () => {
          const ok = status >= 200 && status < 300;
          finish({ ok, statusCode, error: ok ? null : `HTTP ${status}` });
        });
      },
    );
    outgoing.on('error', (error) =>
      fail(
        error.name === 'AbortError' ? new Error(`no answer within ${request.timeoutMs} ms`) : error,
      ),
    );
    outgoing.end(request.body);
  });
}
