// Webhook deliveries to `--webhook-url`: the documented envelope (`id`, `timestamp`, `eventType`, `data`), checked
// against the description's `webhooks` schema before it is sent, and resent with the SAME `id` after a non-2xx
// answer or no answer. What the docs do not say is the sandbox's own choice (P74): the signature header carries an
// HMAC-SHA256 (hex) of the body keyed with the sandbox's webhook secret; resends wait 0.2 s, 1 s, 5 s, 25 s (then
// the delivery is given up); each attempt times out after 10 s.
import { createHmac, randomUUID } from "node:crypto";
import { assertValid } from "../validators/index.js";

export interface DeliveryAttempt {
  at: string;
  status?: number;
  error?: string;
}

export interface Delivery {
  id: string;
  /** The facility whose change it reports (`GET /_sandbox/webhooks` lists a facility's own deliveries only). */
  facility: string;
  eventType: string;
  body: { id: string; timestamp: string; eventType: string; data: unknown };
  attempts: DeliveryAttempt[];
  state: "pending" | "delivered" | "failed";
}

export interface WebhookOptions {
  url?: string;
  secret: string;
  retryDelaysMs: number[];
}

export class Webhooks {
  readonly deliveries: Delivery[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private running = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: WebhookOptions) {}

  /** Queue a PayTo agreement notification; returns the delivery (its state changes as attempts are made). */
  sendAgreementEvent(eventType: string, agreement: unknown, now: Date, facility: string): Delivery {
    return this.send("WEBHOOK payToAgreementNotification", eventType, agreement, now, facility);
  }

  /** Queue a PayTo payment notification (`payto.payment.approved`, ...): `data` is the transaction. */
  sendPaymentEvent(eventType: string, transaction: unknown, now: Date, facility: string): Delivery {
    return this.send("WEBHOOK payToPaymentNotification", eventType, transaction, now, facility);
  }

  private send(target: "WEBHOOK payToAgreementNotification" | "WEBHOOK payToPaymentNotification", eventType: string, data: unknown, now: Date, facility: string): Delivery {
    const body = { id: randomUUID(), timestamp: now.toISOString().replace(/\.\d{3}Z$/, "Z"), eventType, data };
    assertValid("quickstream", target, body);
    const delivery: Delivery = { id: body.id, facility, eventType, body, attempts: [], state: "pending" };
    this.deliveries.push(delivery);
    if (this.options.url) this.attempt(delivery, 0);
    else delivery.state = "failed";
    return delivery;
  }

  private attempt(delivery: Delivery, retry: number): void {
    const run = this.post(delivery).then((ok) => {
      if (ok) delivery.state = "delivered";
      else if (retry >= this.options.retryDelaysMs.length || this.stopped) delivery.state = "failed";
      else {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.attempt(delivery, retry + 1);
        }, this.options.retryDelaysMs[retry]);
        this.timers.add(timer);
      }
    });
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  private async post(delivery: Delivery): Promise<boolean> {
    const text = JSON.stringify(delivery.body);
    const signature = createHmac("sha256", this.options.secret).update(text).digest("hex");
    const attempt: DeliveryAttempt = { at: new Date().toISOString() };
    delivery.attempts.push(attempt);
    try {
      const response = await fetch(this.options.url!, {
        method: "POST",
        headers: { "content-type": "application/json", "x-webhook-signature": signature },
        body: text,
        redirect: "manual",
        signal: AbortSignal.timeout(10_000),
      });
      attempt.status = response.status;
      await response.body?.cancel();
      return response.status >= 200 && response.status < 300;
    } catch (error) {
      attempt.error = (error as Error).message;
      return false;
    }
  }

  /** Wait for attempts under way; cancel the resends not yet due. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }
}
