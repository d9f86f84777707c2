// The portal's own signer: the configured or generated Ed25519 key pair (lib/bundle/keys.ts).
import "server-only";
import { getConfig } from "@/lib/config";
import { loadSigningKeys, type SigningKeys } from "@/lib/bundle/keys";

export function serverSigningKeys(): SigningKeys {
  return loadSigningKeys(getConfig());
}
