// What a webhook topic's work receives from the front door (app/http/*-webhook.server.ts),
// after the signature was checked and the delivery counted once.
import type { Db } from "~/db/client.server";
import type { Shop } from "~/generated/sqlite";

export interface WebhookWork {
  db: Db;
  shop: Shop;
  topic: string;
  payload: unknown; // parsed with ids above 2^53 kept as strings
}
