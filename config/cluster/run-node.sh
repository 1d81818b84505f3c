#!/usr/bin/env bash
# Starts node N of an OpenUCC cluster (README, "Run a cluster"). Run it from anywhere; it works in the
# repository it belongs to. It writes data/cluster/nodeN/contact-center.yaml: the shipped configuration
# (config/contact-center.yaml) with the shared PostgreSQL store and this node's cluster section, then runs
# the server with it. Ports on one machine: HTTP 808N, SIP 506N, RTP 2N000-2N999, Hazelcast 570N.
#
#   OPENUCC_CLUSTER_SECRET       required: the same secret, at least 16 characters, on every node
#   OPENUCC_CLUSTER_DB           JDBC URL of the shared database (jdbc:postgresql://127.0.0.1:5432/openucc)
#   OPENUCC_CLUSTER_DB_USER      its user (openucc)
#   OPENUCC_CLUSTER_DB_PASSWORD  its password (empty)
#   OPENUCC_CLUSTER_HOST         the address this node binds and the others reach (127.0.0.1)
#   OPENUCC_CLUSTER_MEMBERS      every member's host:port, comma-separated (127.0.0.1:5701,...:5702,...:5703)
set -euo pipefail
n=${1:-}
if [[ ! "$n" =~ ^[1-9]$ ]]; then
  echo "usage: config/cluster/run-node.sh N   (N = 1..9, a different one on each node)" >&2
  exit 2
fi
if [[ ${#OPENUCC_CLUSTER_SECRET} -lt 16 ]]; then
  echo "set OPENUCC_CLUSTER_SECRET to the cluster's shared secret (at least 16 characters, the same on every node)," >&2
  echo "e.g.  export OPENUCC_CLUSTER_SECRET=\$(openssl rand -hex 24)" >&2
  exit 2
fi
cd "$(dirname "$0")/../.."
jar=contact-center/target/openucc.jar
if [[ ! -f $jar ]]; then
  echo "$jar is missing: build it first with  mvn -q -B -DskipTests package" >&2
  exit 2
fi
db=${OPENUCC_CLUSTER_DB:-jdbc:postgresql://127.0.0.1:5432/openucc}
host=${OPENUCC_CLUSTER_HOST:-127.0.0.1}
members=${OPENUCC_CLUSTER_MEMBERS:-127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703}
dir=data/cluster/node$n
mkdir -p "$dir"
config=$dir/contact-center.yaml
umask 077 # the file holds the database password
{
  # Everything but the cluster section (the last one), with the shared store.
  sed -e '/^cluster:/,$d' config/contact-center.yaml | awk -v url="$db" -v user="${OPENUCC_CLUSTER_DB_USER:-openucc}" \
      -v password="${OPENUCC_CLUSTER_DB_PASSWORD:-}" '
    { print }
    /^store:/ { printf "  jdbcUrl: \"%s\"\n  user: \"%s\"\n  password: \"%s\"\n", url, user, password }'
  cat <<YAML
cluster:
  enabled: true
  name: openucc
  nodeId: node$n
  host: $host
  port: 570$n
  members: [${members//,/, }]
YAML
} > "$config"
export OPENUCC_HTTP_PORT=808$n OPENUCC_SIP_PORT=506$n OPENUCC_RTP_PORTS=2${n}000-2${n}999 OPENUCC_DATA_DIR=$dir
echo "node$n: HTTP http://127.0.0.1:808$n, SIP 506$n, cluster $host:570$n, members $members (config $config)"
exec java -jar "$jar" --config "$config"
