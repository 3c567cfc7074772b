#!/usr/bin/env bash
# Tries deploy/Caddyfile on this machine: Caddy (its own CA, `tls internal`) in front of the
# demo's bot on loopback, and a member's link completed through it with curl, as a browser
# would: the mock Resonite's consent page, the approval, the redirect back to the bot through
# Caddy (HTTPS), and the confirmation POST with the cookies the bot set.
#
#   deploy/try-caddy.sh [path/to/resonite-verify]      (default target/release/resonite-verify)
#
# Needs caddy (Debian's package), curl and python3. Nothing leaves 127.0.0.1; Caddy's data
# (its local CA) goes to a temporary folder and the system's trust store is left alone.
# The demo's bot keeps its own PUBLIC_URL (http://127.0.0.1:BOT_PORT, the redirect URI the
# mock Resonite checks); the member's side of the redirect is sent to Caddy instead.
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=${1:-target/release/resonite-verify}
HTTPS_PORT=${HTTPS_PORT:-8443}
BOT_PORT=${BOT_PORT:-18080}
MOCK_PORT=${MOCK_PORT:-18081}
SITE="https://localhost:$HTTPS_PORT"

work=$(mktemp -d /tmp/try-caddy.XXXXXX)
demo_pid=
caddy_pid=
cleanup() {
    exec 3>&- 2>/dev/null || true
    [ -n "$caddy_pid" ] && kill "$caddy_pid" 2>/dev/null && wait "$caddy_pid" 2>/dev/null
    [ -n "$demo_pid" ] && kill "$demo_pid" 2>/dev/null && wait "$demo_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

say() { printf '\n== %s\n' "$*"; }
# Waits (at most $2 seconds) until the command $1 succeeds.
wait_for() {
    local deadline=$((SECONDS + $2))
    until eval "$1" >/dev/null 2>&1; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "timed out waiting for: $1" >&2
            echo "--- demo:" >&2; cat "$work/demo.log" >&2
            echo "--- caddy:" >&2; tail -20 "$work/caddy.log" >&2
            exit 1
        fi
        sleep 0.2
    done
}

say "the demo: the bot on 127.0.0.1:$BOT_PORT, the mock Resonite on 127.0.0.1:$MOCK_PORT"
mkfifo "$work/prompt"
"$BIN" demo --port "$BOT_PORT" --mock-port "$MOCK_PORT" <"$work/prompt" >"$work/demo.log" 2>&1 &
demo_pid=$!
exec 3>"$work/prompt"
wait_for "grep -q 'Role rules in' '$work/demo.log'" 60
head -4 "$work/demo.log"

say "Caddy with deploy/Caddyfile: DOMAIN=localhost:$HTTPS_PORT CERTIFICATES=internal BOT=127.0.0.1:$BOT_PORT"
HOME="$work" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" \
    DOMAIN="localhost:$HTTPS_PORT" CERTIFICATES=internal BOT="127.0.0.1:$BOT_PORT" \
    caddy run --config deploy/Caddyfile --adapter caddyfile >"$work/caddy.log" 2>&1 &
caddy_pid=$!
CA="$work/data/caddy/pki/authorities/local/root.crt"
wait_for "test -s '$CA' && curl -sf --cacert '$CA' '$SITE/healthz'" 60
curl() { command curl -sS --cacert "$CA" "$@"; }

say "GET $SITE/healthz and /readyz through Caddy (TLS checked against Caddy's local CA)"
curl -D - -o "$work/healthz" "$SITE/healthz" | tr -d '\r' | grep -iE '^(HTTP|strict-transport|server)'
echo "body: $(cat "$work/healthz")"
echo "readyz: $(curl -o /dev/null -w '%{http_code}' "$SITE/readyz")"

say "/link typed in the demo server"
echo "/link" >&3
wait_for "grep -q 'connect/authorize?' '$work/demo.log'" 30
url=$(grep -o "http://127.0.0.1:$MOCK_PORT/connect/authorize?[^ ]*" "$work/demo.log" | tail -1)
echo "the button: ${url%%\?*}?…"

say "the mock Resonite's consent page, approved as PatronUser"
curl -o "$work/consent.html" "$url"
accounts=$(grep -o 'name="account" value="[^"]*"' "$work/consent.html" | cut -d'"' -f4)
# PatronUser earns every demo role; otherwise the first account offered.
account=$(grep -x 'U-PatronUser' <<<"$accounts" || head -1 <<<"$accounts")
echo "consent page: $(grep -o '<title>[^<]*' "$work/consent.html" | cut -c8-); account $account"
location=$(curl -o /dev/null -w '%{redirect_url}' \
    --data "${url#*\?}&account=$account&decision=approve" \
    "http://127.0.0.1:$MOCK_PORT/connect/authorize")
echo "the mock redirects to ${location%%\?*}?code=…&state=…"

say "the redirect, followed through Caddy"
callback="$SITE/${location#http://127.0.0.1:"$BOT_PORT"/}"
curl -c "$work/cookies" -b "$work/cookies" -D "$work/callback.headers" -o "$work/callback.html" "$callback"
tr -d '\r' <"$work/callback.headers" | grep -iE '^(HTTP|set-cookie|strict-transport)' |
    sed -E '/^set-cookie/I s/=[^;]{8,}/=…/'
echo "page: $(grep -o '<title>[^<]*' "$work/callback.html" | cut -c8-)"

# The confirmation step: a form posting to /oauth/confirm; its fields, as a browser sends them.
form=$(python3 - "$work/callback.html" <<'PY'
import html.parser, sys, urllib.parse
class Form(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.action = None; self.fields = []; self.inside = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post" and self.action is None:
            self.action = a.get("action") or ""; self.inside = True
        elif self.inside and tag in ("input", "button") and a.get("name"):
            if tag == "input" and a.get("type") in ("hidden", None, "text"):
                self.fields.append((a["name"], a.get("value") or ""))
            elif tag == "button" and a.get("type", "submit") == "submit" and not any(n == a["name"] for n, _ in self.fields):
                self.fields.append((a["name"], a.get("value") or ""))
    def handle_endtag(self, tag):
        if tag == "form": self.inside = False
f = Form(); f.feed(open(sys.argv[1], encoding="utf-8").read())
if f.action is not None:
    print(urllib.parse.urlsplit(f.action).path or "/oauth/confirm")
    print(urllib.parse.urlencode(f.fields))
PY
)
if [ -n "$form" ]; then
    action=$(sed -n 1p <<<"$form")
    fields=$(sed -n 2p <<<"$form")
    say "POST $SITE$action through Caddy, with the cookie jar"
    curl -c "$work/cookies" -b "$work/cookies" -D "$work/confirm.headers" -o "$work/confirm.html" \
        --data "$fields" "$SITE$action"
    tr -d '\r' <"$work/confirm.headers" | grep -iE '^HTTP'
    echo "page: $(grep -o '<title>[^<]*' "$work/confirm.html" | cut -c8-)"
else
    say "(the result page asks for no confirmation)"
fi

say "what the demo's Discord shows"
wait_for "grep -q 'gained' '$work/demo.log'" 30
grep -E 'roles: |Linked to the Resonite account' "$work/demo.log" | sed 's/^ */  /'

say "Caddy's access log: the requests it proxied"
grep -o '"uri":"[^"?]*' "$work/caddy.log" | sed 's/"uri":"/  /' | uniq

echo "quit" >&3
wait "$demo_pid" && demo_pid=
say "done: linked through Caddy"
