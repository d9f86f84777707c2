// The portal's public bundle-signing key (SPKI PEM), for devices and `syncwright verify --public-key <url>`.
import { withPublic } from "@/app/_server/route";
import { serverSigningKeys } from "@/lib/versions/server-signer";

export const dynamic = "force-dynamic";

export const GET = withPublic(async () => {
  const keys = serverSigningKeys();
  return new Response(keys.publicKeyPem, {
    headers: {
      "content-type": "application/x-pem-file",
      "x-key-id": keys.keyId,
      "cache-control": "public, max-age=300",
    },
  });
});
