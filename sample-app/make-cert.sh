#!/usr/bin/env bash
# Makes a self-signed certificate for the sample app's HTTPS, valid for localhost and 127.0.0.1:
#
#   sample-app/make-cert.sh [DIR] [DAYS]     # default: sample-app/target/tls, 30 days
#   KILN_TLS_CERT=sample-app/target/tls/cert.pem KILN_TLS_KEY=sample-app/target/tls/key.pem \
#     java -jar sample-app/target/sample-app.jar --port 8443
#   curl --cacert sample-app/target/tls/cert.pem --http1.1 https://localhost:8443/plaintext
#
# KEY=ec (the default) makes a P-256 key, KEY=rsa an RSA 2048 one. Running it again over a serving app's files
# renews them: the app picks them up within KILN_TLS_RELOAD_INTERVAL (10 s), or at once on kill -HUP <pid>.
# Needs openssl (Debian: apt-get install openssl).
set -euo pipefail

dir=${1:-"$(dirname "$0")/target/tls"}
days=${2:-30}
mkdir -p "$dir"
case "${KEY:-ec}" in
  ec) newkey=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1) ;;
  rsa) newkey=(-newkey rsa:2048) ;;
  *) echo "KEY is ec or rsa, not ${KEY}" >&2; exit 2 ;;
esac
# Written beside the old files and moved over them, so that a reload never reads a file half written.
openssl req -x509 -nodes -days "$days" "${newkey[@]}" -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
  -keyout "$dir/key.pem.new" -out "$dir/cert.pem.new" 2>/dev/null
chmod 600 "$dir/key.pem.new"
mv -f "$dir/key.pem.new" "$dir/key.pem"
mv -f "$dir/cert.pem.new" "$dir/cert.pem"
echo "KILN_TLS_CERT=$dir/cert.pem KILN_TLS_KEY=$dir/key.pem"
