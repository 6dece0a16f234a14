import type { IncomingMessage } from "node:http";
import { connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";

/** How long the server forwarded to has to answer the upgrade (it answers at once when it runs). */
const ANSWER_TIMEOUT_MS = 3000;

/** Marks an upgrade one server forwarded to another: it is never forwarded again. */
export const FORWARDED_HEADER = "x-accord-forwarded";

/**
 * Hands a WebSocket upgrade to the server at `address` (`http://host:port`),
 * which serves the document: the request is written to it as it came, with
 * `FORWARDED_HEADER`, and the two sockets are joined until either closes. A
 * server that cannot be reached, or does not answer within 3 s, closes the
 * client's socket, and the client reconnects. Returns the socket to that
 * server.
 */
export function forwardUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, address: string): Socket {
  const target = new URL(address);
  const upstream = connect(Number(target.port || 80), target.hostname);
  const lines = [`${request.method ?? "GET"} ${request.url ?? "/"} HTTP/1.1`];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) lines.push(`${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}`);
  lines.push(`${FORWARDED_HEADER}: 1`);
  // A server that accepts the connection but does not answer (paused: the kernel accepts for it)
  // must not hold the client: without an answer in time, the client's socket closes and it reconnects.
  upstream.setTimeout(ANSWER_TIMEOUT_MS, () => upstream.destroy());
  upstream.once("data", () => upstream.setTimeout(0));
  upstream.once("connect", () => {
    upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
    if (head.length) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  upstream.on("error", () => socket.destroy());
  upstream.on("close", () => socket.destroy());
  socket.on("error", () => upstream.destroy());
  socket.on("close", () => upstream.destroy());
  return upstream;
}
