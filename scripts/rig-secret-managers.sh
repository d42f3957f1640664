#!/usr/bin/env bash
# By hand, not in CI: runs the Secret Managers drop-in (integrations/activepieces-server/hashicorp-provider.ts)
# inside the REAL Activepieces enterprise edition, built by the rigs of the shared folder
# (build-ap-full.sh, then ap-ee-start.sh), against this repo's dev server as Vault.
#
# usage: scripts/rig-secret-managers.sh <path to ap-ee-start.sh>
# env: AP_ROOT (default <tmp>/apfull), SM_STATE (default <tmp>/smstate), VAULT_PORT (8299), AP_PORT (31320)
#
# It packs the piece, bundles the provider against the packed tarball (the platform's
# @activepieces/shared, fastify and ./secret-manager-providers stay external and resolve to the
# platform's own), swaps it in with the rig's SM_SWAP_ADAPTER hook, signs up, enables Secret Managers,
# creates one on an AppRole of the dev server, then prints what the platform answers for: a good and a
# wrong secret_id, a connection whose token is a reference, a missing key, a denied path, a malformed
# path; then how many Vault tokens are alive before and after deleting the Secret Manager.
set -euo pipefail
EE_START=${1:?usage: $0 <path to ap-ee-start.sh>}
REPO=$(cd "$(dirname "$0")/.." && pwd)
TMP_ROOT=$(dirname "$(mktemp -u)")
export AP_ROOT=${AP_ROOT:-$TMP_ROOT/apfull} SM_STATE=${SM_STATE:-$TMP_ROOT/smstate} AP_PORT=${AP_PORT:-31320}
VAULT_PORT=${VAULT_PORT:-8299}
SWAP=$SM_STATE/swap; mkdir -p "$SWAP/node_modules/@activepieces"
API_DIST=$AP_ROOT/src/packages/server/api/dist/src/app/ee/secret-managers/secret-manager-providers
B=http://127.0.0.1:$AP_PORT/api/v1
V=http://127.0.0.1:$VAULT_PORT/v1
step() { echo "== $*"; }

step "pack the piece and bundle the provider against the tarball"
(cd "$REPO" && npm run -s pack > /dev/null)
TARBALL=$(ls "$REPO"/dist/*.tgz | tail -1)
rm -rf "$SWAP/pkg" && mkdir -p "$SWAP/pkg" && tar xzf "$TARBALL" -C "$SWAP/pkg"
ln -sfn "$SWAP/pkg/package" "$SWAP/node_modules/@activepieces/piece-hashicorp-vault"
ln -sfn "$AP_ROOT/src/packages/shared" "$SWAP/node_modules/@activepieces/shared"
echo "module.exports = require('$API_DIST/secret-manager-providers.js');" > "$SWAP/secret-manager-providers.js"
(cd "$REPO" && npx esbuild integrations/activepieces-server/hashicorp-provider.ts --bundle --platform=node --format=cjs \
  --target=node20 --external:@activepieces/shared --external:@activepieces/piece-hashicorp-vault --external:fastify \
  --external:./secret-manager-providers --outfile="$SWAP/hashicorp-provider.js" --log-level=warning)

step "dev server on $VAULT_PORT, AppRole 'sm' reading secret/data/app/*"
# its own process group, so that stopping it stops tsx and the node under it
(cd "$REPO" && setsid bash -c 'echo $$ > "$0"; exec node --import tsx dev/cli.ts --port "$1" --root-token root' \
  "$SM_STATE/dev-server.pid" "$VAULT_PORT" > "$SM_STATE/dev-server.log" 2>&1 &)
for _ in $(seq 1 30); do curl -fs "$V/sys/health" > /dev/null && break; sleep 1; done
H='x-vault-token: root'
curl -fs -X POST "$V/sys/auth/approle" -H "$H" -d '{"type":"approle"}' > /dev/null || true
curl -fs -X POST "$V/sys/policies/acl/sm" -H "$H" -d '{"policy":"path \"secret/data/app/*\" { capabilities = [\"read\"] }"}' > /dev/null
curl -fs -X POST "$V/auth/approle/role/sm" -H "$H" -d '{"token_policies":["sm"],"token_ttl":"1h"}' > /dev/null
RID=$(curl -fs "$V/auth/approle/role/sm/role-id" -H "$H" | node -pe 'JSON.parse(require("fs").readFileSync(0)).data.role_id')
SID=$(curl -fs -X POST "$V/auth/approle/role/sm/secret-id" -H "$H" | node -pe 'JSON.parse(require("fs").readFileSync(0)).data.secret_id')
curl -fs -X POST "$V/secret/data/app/vault" -H "$H" -d '{"data":{"token":"root","empty":""}}' > /dev/null
tokens() { curl -fs -X LIST "$V/auth/token/accessors" -H "$H" | node -pe 'JSON.parse(require("fs").readFileSync(0)).data.keys.length'; }

step "enterprise edition with the provider swapped in"
bash "$EE_START" pg-start
SM_PROVIDER=ours SM_SWAP_ADAPTER=$SWAP/hashicorp-provider.js AP_SSRF_ALLOW_LIST=127.0.0.1 bash "$EE_START" start
json() { node -pe "JSON.parse(require('fs').readFileSync(0))$1"; }
curl -fs -X POST "$B/authentication/sign-up" -H 'content-type: application/json' \
  -d '{"email":"rig@example.com","password":"Passw0rd-Long-Enough!","firstName":"Rig","lastName":"Check","trackEvents":false,"newsLetter":false}' > "$SM_STATE/signup.json" || true
T=$(json .token < "$SM_STATE/signup.json" 2>/dev/null || true)
[ -n "$T" ] && curl -fs -X POST "$B/platforms" -H "authorization: Bearer $T" -H 'content-type: application/json' -d '{"name":"Rig"}' > /dev/null || true
curl -fs -X POST "$B/authentication/sign-in" -H 'content-type: application/json' -d '{"email":"rig@example.com","password":"Passw0rd-Long-Enough!"}' > "$SM_STATE/signin.json"
T=$(json .token < "$SM_STATE/signin.json"); P=$(json .projectId < "$SM_STATE/signin.json")
PGPASSWORD=$(cat "$SM_STATE/pg.pass") psql -h 127.0.0.1 -p "${SM_PG_PORT:-15433}" -U postgres -d activepieces -qc 'UPDATE platform_plan SET "secretManagersEnabled" = true;'
curl -fs -X POST "$B/pieces" -H "authorization: Bearer $T" --form-string packageType=ARCHIVE --form-string scope=PLATFORM \
  --form-string pieceName=@activepieces/piece-hashicorp-vault --form-string pieceVersion="$(node -pe "require('$SWAP/pkg/package/package.json').version")" \
  -F "pieceArchive=@$TARBALL" > /dev/null

sm() { curl -s -X POST "$B/secret-managers" -H "authorization: Bearer $T" -H 'content-type: application/json' \
  -d "{\"name\":\"$1\",\"scope\":\"PLATFORM\",\"providerId\":\"hashicorp\",\"config\":{\"url\":\"http://127.0.0.1:$VAULT_PORT\",\"roleId\":\"$RID\",\"secretId\":\"$2\"}}"; }
connection() { curl -s -X POST "$B/app-connections" -H "authorization: Bearer $T" -H 'content-type: application/json' \
  -d "{\"externalId\":\"$1\",\"displayName\":\"$1\",\"pieceName\":\"@activepieces/piece-hashicorp-vault\",\"projectId\":\"$P\",\"type\":\"CUSTOM_AUTH\",\"value\":{\"type\":\"CUSTOM_AUTH\",\"props\":{\"url\":\"http://127.0.0.1:$VAULT_PORT\",\"authMethod\":\"token\",\"token\":\"$2\"}}}"; }

step "Secret Manager, wrong secret_id";  sm bad wrong-secret-id; echo
step "Secret Manager, good secret_id";   SM=$(sm good "$SID" | tee /dev/stderr | json .id); echo
step "connection whose token is {{$SM|ap_sep_v1|secret/data/app/vault/token}}"; connection via-ref "{{$SM|ap_sep_v1|secret/data/app/vault/token}}" | json .status; echo
step "missing key";    connection missing "{{$SM|ap_sep_v1|secret/data/app/vault/nokey}}"; echo
step "denied path";    connection denied "{{$SM|ap_sep_v1|secret/data/other/x/token}}"; echo
step "malformed path"; connection malformed "{{$SM|ap_sep_v1|secret/token}}"; echo
step "Vault tokens alive (root + the provider's login): $(tokens)"
curl -s -o /dev/null -w "delete Secret Manager: %{http_code}\n" -X DELETE "$B/secret-managers/$SM" -H "authorization: Bearer $T"
sleep 1
step "Vault tokens alive after the delete (root only): $(tokens)"
step "role_id / secret_id in the platform's logs: $(cat "$SM_STATE"/logs/*.log | grep -c -e "$RID" -e "$SID" || true)"

step "stop"
bash "$EE_START" stop-all
kill -- "-$(cat "$SM_STATE/dev-server.pid")" 2>/dev/null || true
