import type { Peer } from "@accord/collab";
import * as Y from "yjs";

/**
 * A hub and peers exchanging real Yjs updates in memory, as the sync protocol
 * does: while connected, a peer's updates reach the hub and the hub's reach
 * every connected peer; on reconnect both sides send what the other lacks.
 */
export class MemoryNetwork {
  readonly hub = new Y.Doc();
  private readonly connected = new Set<MemoryPeer>();

  constructor() {
    this.hub.on("update", (update: Uint8Array, origin: unknown) => {
      for (const peer of this.connected) if (peer !== origin) Y.applyUpdate(peer.doc, update, this);
    });
  }

  peer(name: string, initial?: Uint8Array): MemoryPeer {
    const peer = new MemoryPeer(name, this);
    if (initial) Y.applyUpdate(peer.doc, initial);
    peer.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin !== this && this.connected.has(peer)) Y.applyUpdate(this.hub, update, peer);
    });
    return peer;
  }

  /** @internal */
  attach(peer: MemoryPeer): void {
    Y.applyUpdate(this.hub, Y.encodeStateAsUpdate(peer.doc, Y.encodeStateVector(this.hub)), peer);
    Y.applyUpdate(peer.doc, Y.encodeStateAsUpdate(this.hub, Y.encodeStateVector(peer.doc)), this);
    this.connected.add(peer);
  }

  /** @internal */
  detach(peer: MemoryPeer): void {
    this.connected.delete(peer);
  }

  isConnected(peer: MemoryPeer): boolean {
    return this.connected.has(peer);
  }
}

export class MemoryPeer implements Peer {
  readonly doc = new Y.Doc();

  constructor(
    readonly name: string,
    private readonly network: MemoryNetwork,
  ) {}

  get connected(): boolean {
    return this.network.isConnected(this);
  }

  connect(): void {
    this.network.attach(this);
  }

  disconnect(): void {
    this.network.detach(this);
  }
}
