import * as Y from "yjs";

/** Where Yjs keeps a document's listeners (lib0's Observable): a map from event name to its handlers. */
interface WithObservers {
  _observers: Map<string, Set<unknown>>;
}

/**
 * Applies `parts` (a stored snapshot and the log after it) to `document` in
 * one transaction without emitting Yjs' `update` event. Hocuspocus listens
 * to that event on every document it makes, and for a load it would encode
 * the whole state once more only to broadcast it to nobody (a document has
 * no connections while it loads): some 100 ms for a 6.5 MB document. The
 * document's other listeners (transactions, observers) run as usual. Should
 * a later Yjs keep its listeners elsewhere, the event is emitted as before
 * (slower, never wrong; `durable-log-load.test.ts` notices). Throws what
 * `Y.applyUpdate` throws, with the listeners back in place.
 */
export function applyWithoutUpdateEvent(document: Y.Doc, parts: readonly Uint8Array[], origin: unknown): void {
  const observers = (document as unknown as Partial<WithObservers>)._observers;
  const update = observers instanceof Map ? observers.get("update") : undefined;
  if (update) observers!.delete("update");
  try {
    Y.transact(document, () => {
      for (const part of parts) Y.applyUpdate(document, part);
    }, origin);
  } finally {
    if (update) observers!.set("update", update);
  }
}
