#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on 127.0.0.1, starting them when they do not, whatever
# PostgreSQL version or cluster layout is installed. Exits non-zero at once, naming the service
# and what was tried, when one cannot be reached: without them whole suites would only skip.
#   bash .ci/services.sh            # both
#   PG_PORT=5432 REDIS_PORT=6379 bash .ci/services.sh
set -uo pipefail

PG_PORT=${PG_PORT:-5432}
REDIS_PORT=${REDIS_PORT:-6379}
WAIT_SECONDS=${SERVICES_WAIT_SECONDS:-20}

say() { printf 'services: %s\n' "$*"; }
fail() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# An open TCP port, with no client tool needed.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pg_ready() {
	if command -v pg_isready >/dev/null 2>&1; then
		pg_isready -h 127.0.0.1 -p "$PG_PORT" -q 2>/dev/null
	else
		port_open "$PG_PORT"
	fi
}

redis_ready() {
	if command -v redis-cli >/dev/null 2>&1; then
		[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]
	else
		port_open "$REDIS_PORT"
	fi
}

wait_for() {
	local check=$1
	for _ in $(seq 1 "$((WAIT_SECONDS * 2))"); do
		"$check" && return 0
		sleep 0.5
	done
	return 1
}

tried=()
tried_list() {
	local joined
	joined=$(printf '%s; ' "${tried[@]}")
	echo "${joined%; }"
}

start_postgres() {
	# Debian/Ubuntu clusters of any version: every cluster configured for this port.
	if command -v pg_lsclusters >/dev/null 2>&1; then
		local version cluster port
		while read -r version cluster port _; do
			[ "$port" = "$PG_PORT" ] || continue
			tried+=("pg_ctlcluster $version $cluster start")
			pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start >/dev/null 2>&1 || true
			wait_for pg_ready && return 0
		done < <(pg_lsclusters --no-header 2>/dev/null)
	fi
	# Init scripts of other layouts.
	local unit
	for unit in postgresql postgresql.service; do
		if command -v service >/dev/null 2>&1; then
			tried+=("service $unit start")
			service "$unit" start >/dev/null 2>&1 && wait_for pg_ready && return 0
		fi
	done
	return 1
}

start_redis() {
	if command -v redis-server >/dev/null 2>&1; then
		# Nothing on disk: the tests need none of it, and any writable folder will do.
		local dir
		dir=$(mktemp -d)
		tried+=("redis-server --port $REDIS_PORT --dir $dir")
		redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" \
			--appendonly no --dir "$dir" --logfile "$dir/redis.log" >/dev/null 2>&1 || true
		wait_for redis_ready && return 0
	fi
	if command -v service >/dev/null 2>&1; then
		tried+=("service redis-server start")
		service redis-server start >/dev/null 2>&1 && wait_for redis_ready && return 0
	fi
	return 1
}

if pg_ready; then
	say "PostgreSQL answers on 127.0.0.1:$PG_PORT"
else
	say "PostgreSQL is not answering on 127.0.0.1:$PG_PORT; starting it"
	tried=()
	start_postgres || fail "PostgreSQL does not answer on 127.0.0.1:$PG_PORT and could not be started (tried: $( [ ${#tried[@]} -gt 0 ] && tried_list || echo "nothing: no pg_lsclusters or service command"))"
	say "PostgreSQL started on 127.0.0.1:$PG_PORT"
fi

if redis_ready; then
	say "Redis answers on 127.0.0.1:$REDIS_PORT"
else
	say "Redis is not answering on 127.0.0.1:$REDIS_PORT; starting it"
	tried=()
	start_redis || fail "Redis does not answer on 127.0.0.1:$REDIS_PORT and could not be started (tried: $( [ ${#tried[@]} -gt 0 ] && tried_list || echo "nothing: no redis-server or service command"))"
	say "Redis started on 127.0.0.1:$REDIS_PORT"
fi
