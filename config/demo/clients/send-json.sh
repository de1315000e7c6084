#!/usr/bin/env bash
# A JSON client of the bus in a few lines of shell, with openssl and curl only: signs the body with a detached,
# unencoded JWS (RS256) and posts it. Usage, from the project directory while `./govbus demo` runs:
#   config/demo/clients/send-json.sh KZ/GOV/MJ/gbd-fl/person-by-iin/v1 config/demo/requests/person-by-iin.json
# GOVBUS_URL, GOVBUS_P12, GOVBUS_P12_PASSWORD and GOVBUS_CLIENT choose another bus, key or client system.
set -euo pipefail
service=$1 body=$2
bus=${GOVBUS_URL:-http://127.0.0.1:8080}
p12=${GOVBUS_P12:-data/demo/pki/portal.p12} pass=${GOVBUS_P12_PASSWORD:-changeit}
client=${GOVBUS_CLIENT:-KZ/GOV/EGOV/portal}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
key=$(mktemp) && trap 'rm -f "$key"' EXIT
openssl pkcs12 -in "$p12" -passin "pass:$pass" -nocerts -nodes -out "$key" 2>/dev/null
x5c=$(openssl pkcs12 -in "$p12" -passin "pass:$pass" -clcerts -nokeys 2>/dev/null | openssl x509 -outform DER | openssl base64 -A)

# the protected header: the profile's parameters, the signer's certificate, and the bus header as "govbus"
header=$(printf '{"alg":"RS256","b64":false,"crit":["b64"],"x5c":["%s"],"govbus":{"messageId":"%s","client":"%s","service":"%s","userId":"operator-0042","purpose":"Public service delivery","timestamp":"%s"}}' \
  "$x5c" "$(cat /proc/sys/kernel/random/uuid)" "$client" "$service" "$(date -u +%Y-%m-%dT%H:%M:%SZ)")
protected=$(printf '%s' "$header" | b64url)
# signing input = ASCII(BASE64URL(protected)) || "." || the body exactly as sent
signature=$({ printf '%s.' "$protected"; cat "$body"; } | openssl dgst -sha256 -sign "$key" | b64url)

echo "X-GovBus-Signature: $protected..$signature" >&2   # what the answer's requestHash is computed over, with the body
curl -sS -D - -H 'Content-Type: application/json' -H "X-GovBus-Signature: $protected..$signature" \
  --data-binary @"$body" "$bus/api/v1/services/$service"
echo
