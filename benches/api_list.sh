#!/usr/bin/env bash
# Benchmark for the case list API: `lert demo --cases N`, then wrk at 8 connections against
# /healthz and three filtered pages of 50 cases, in one run. Prints the figures and the ratio of
# each list's throughput to /healthz's. See docs/PERFORMANCE.md.
#
#   benches/api_list.sh [sqlite|postgres]      (CASES=100000 DURATION=20s PORT=18181 by default)
set -euo pipefail
cd "$(dirname "$0")/.."

backend=${1:-sqlite}
cases=${CASES:-100000}
duration=${DURATION:-20s}
port=${PORT:-18181}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }

cargo build --release --quiet
lert="$PWD/target/release/lert"
work=$(mktemp -d)
export LERT_DATA_DIR="$work/data" LERT_LOG_LEVEL=warn LERT_BIND="127.0.0.1:$port"
case "$backend" in
    sqlite) unset LERT_DATABASE_URL ;;
    postgres)
        server=${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
        psql "$server" -qc "DROP DATABASE IF EXISTS lert_bench WITH (FORCE)" -c "CREATE DATABASE lert_bench"
        export LERT_DATABASE_URL="${server%/*}/lert_bench" ;;
    *) echo "usage: $0 [sqlite|postgres]" >&2; exit 2 ;;
esac

echo "backend: $backend; cases: $cases; wrk: 2 threads, 8 connections, $duration per endpoint"
start=$(date +%s.%N)
"$lert" demo --cases "$cases" >/dev/null
echo "demo seeding: $(echo "$(date +%s.%N) - $start" | bc) s"
"$lert" user add bench@lert.test --role viewer >/dev/null
token=$("$lert" token create bench@lert.test)

"$lert" serve >/dev/null 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

base="http://127.0.0.1:$port"
run() { # name url [auth]
    local out
    out=$(wrk -t2 -c8 -d"$duration" --latency -H "Authorization: Bearer $token" "$2")
    local rps p50 p99 non2xx
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
    printf '%-34s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$1" "$rps" "$p50" "$p99" "${non2xx:-0}"
    echo "$rps" >"$work/$1.rps"
}
curl -fs -H "Authorization: Bearer $token" "$base/api/v1/cases?status=in_review&kind=criminal_subpoena&limit=50" \
    | python3 -c 'import json,sys; print("filtered page holds", len(json.load(sys.stdin)["cases"]), "cases")'
run healthz "$base/healthz"
run list_status_kind "$base/api/v1/cases?status=in_review&kind=criminal_subpoena&limit=50"
run list_agency_dates "$base/api/v1/cases?agency=Seattle%20Police%20Department&received_from=2025-01-01&received_to=2025-12-31&limit=50"
run list_first_page "$base/api/v1/cases?limit=50"
health=$(cat "$work/healthz.rps")
for name in list_status_kind list_agency_dates list_first_page; do
    printf '%-34s %5.1f%% of /healthz throughput\n' "$name" "$(echo "100 * $(cat "$work/$name.rps") / $health" | bc -l)"
done
