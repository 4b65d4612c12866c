#!/usr/bin/env bash
# smoke-test.sh NAMESPACE — an order placed through the API reaches the SMS gateway (at-sim).
# Talks to the release `sokoni` through kubectl port-forward; needs curl and node.
set -euo pipefail
namespace=${1:-sokoni}
pids=()
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

forward() {
  kubectl -n "$namespace" port-forward "service/$1" "$2:$2" >/dev/null 2>&1 &
  pids+=($!)
}
forward sokoni-idp 3001
forward sokoni-api 3000
forward sokoni-at-sim 3002
for port in 3001 3000 3002; do
  # Any HTTP answer means the tunnel is up.
  for _ in $(seq 60); do
    if curl -s -o /dev/null -m 2 "http://127.0.0.1:$port/"; then break; fi
    sleep 1
  done
done

json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);console.log(process.argv[1].split(".").reduce((o,k)=>o[k],v))})' "$1"; }

echo "==> token from the development OpenID provider (client credentials)"
token=$(curl -fsS -u sokoni-dev:sokoni-dev-secret http://127.0.0.1:3001/token \
  -d grant_type=client_credentials --data-urlencode 'scope=orders:write orders:read customers:write' | json access_token)

echo "==> create a customer"
phone_local="0712$(printf '%06d' $((RANDOM * RANDOM % 1000000)))"
customer=$(curl -fsS http://127.0.0.1:3000/v1/customers -H "authorization: Bearer $token" \
  -H 'content-type: application/json' -d "{\"name\":\"Smoke Test\",\"phone\":\"$phone_local\"}")
customer_id=$(json id <<<"$customer")
phone=$(json phone <<<"$customer")

echo "==> place an order for $phone"
curl -fsS http://127.0.0.1:3000/v1/orders -H "authorization: Bearer $token" -H 'content-type: application/json' \
  -d "{\"customerId\":\"$customer_id\",\"item\":\"Unga 2kg\",\"quantity\":2,\"amount\":\"360.00\",\"currency\":\"KES\"}" >/dev/null

echo "==> wait for the SMS at the gateway"
for _ in $(seq 60); do
  if curl -fsS http://127.0.0.1:3002/messages | grep -q "${phone#+}"; then
    echo "SMS to $phone received by at-sim"
    exit 0
  fi
  sleep 2
done
echo "no SMS to $phone reached at-sim within 120 s" >&2
curl -sS http://127.0.0.1:3002/messages >&2 || true
exit 1
