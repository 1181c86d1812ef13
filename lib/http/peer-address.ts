import http from "node:http";
import { PEER_ADDRESS_HEADER, PEER_PROOF_HEADER, peerProof } from "./client-address";

const INSTALLED = Symbol.for("portier.peerAddressStamp");

/**
 * Stamps the TCP peer's address on every request this process serves, before Next sees it. Patching
 * the prototype reaches the server `next start` creates (we do not own it); the header a client
 * may have sent under the same name is overwritten, so it cannot be forged.
 */
export function installPeerAddressStamp() {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_ADDRESS_HEADER] = req.socket?.remoteAddress ?? "";
      req.headers[PEER_PROOF_HEADER] = peerProof();
    }
    return (emit as (event: string | symbol, ...args: unknown[]) => boolean).apply(this, [event, ...args]);
  } as typeof proto.emit;
}
