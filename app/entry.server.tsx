import { PassThrough } from "node:stream";
import {
  createReadableStreamFromReadable,
  type EntryContext,
  type HandleDataRequestFunction,
  type HandleErrorFunction,
} from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { databaseOutage, isUnavailable, UNAVAILABLE_MESSAGE } from "./http/service-unavailable.server";
import { startJobs } from "./jobs/registry.server";
import { addDocumentResponseHeaders } from "./shopify.server";

// The server process runs (in-process) or feeds (Redis) the background jobs from its start.
void startJobs().catch((e) => console.error("background jobs could not start:", e));

// Requests whose loader or action failed because the database is away: answered 503 (not 500)
// and logged once per outage (service-unavailable.server.ts) rather than a stack trace each.
const unavailable = new WeakSet<Request>();

export const handleError: HandleErrorFunction = (error, { request }) => {
  if (isUnavailable(error)) {
    unavailable.add(request);
    databaseOutage.down(error instanceof Error ? error.message.split("\n")[0] : String(error));
    return;
  }
  // Remix's default: the error itself, unless the client went away.
  if (!request.signal.aborted)
    console.error(isRouteErrorResponse(error) ? ((error as { error?: unknown }).error ?? error) : error);
};

export const handleDataRequest: HandleDataRequestFunction = (response, { request }) => {
  if (!unavailable.has(request)) {
    if (response.status < 500) databaseOutage.up();
    return response;
  }
  const headers = new Headers(response.headers);
  headers.set("Retry-After", "5");
  return new Response(response.body, { status: 503, statusText: UNAVAILABLE_MESSAGE, headers });
};

export const streamTimeout = 5000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  if (unavailable.has(request)) {
    responseStatusCode = 503;
    responseHeaders.set("Retry-After", "5");
  } else if (responseStatusCode < 500) databaseOutage.up();
  const userAgent = request.headers.get("user-agent");
  const callbackName = isbot(userAgent ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        responseStatusCode = 500;
        console.error(error);
      },
    });
    // Abort slightly after streamTimeout so rejected boundaries can flush.
    setTimeout(abort, streamTimeout + 1000);
  });
}
