#!/usr/bin/env bash
# Renders every Kustomize entry point under k8s/ offline (no cluster, no CRDs needed) and
# fails on the first error. Also checks that the generated Keycloak realm import matches
# auth/realm/tributary-realm.json and a few invariants of the rendered output.
# Needs kubectl (its built-in kustomize) and python3. Usage: k8s/validate.sh
set -euo pipefail

K8S=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
failures=0

fail() { echo "FAIL  $*" >&2; failures=$((failures + 1)); }

for tool in kubectl python3; do
  command -v "$tool" >/dev/null || { echo "validate.sh: $tool is required" >&2; exit 2; }
done

# count <rendered file> <kind>: number of top-level objects of that kind.
count() { grep -c "^kind: $2\$" "$1" || true; }

# expect <rendered file> <kind> <n>
expect() {
  local n
  n=$(count "$1" "$2")
  [[ $n == "$3" ]] || fail "$(basename "$1" .yaml): expected $3 $2, rendered $n"
}

if python3 "$K8S/infra/keycloak/realm-import.py" --check; then
  echo "ok    infra/keycloak/realm-import.yaml matches auth/realm/tributary-realm.json"
else
  fail "infra/keycloak/realm-import.yaml is stale: run k8s/infra/keycloak/realm-import.py"
fi

if python3 "$K8S/trino/catalogs.py" --check; then
  echo "ok    trino/catalog matches infra/trino/federation.properties"
else
  fail "trino/catalog is stale: run k8s/trino/catalogs.py"
fi

for dir in namespace base overlays/dev overlays/prod infra trino; do
  file="$OUT/${dir//\//-}.yaml"
  if ! kubectl kustomize "$K8S/$dir" >"$file" 2>"$file.err"; then
    fail "kubectl kustomize k8s/$dir"
    sed 's/^/      /' "$file.err" >&2
    continue
  fi
  kinds=$(grep '^kind: ' "$file" | sort | uniq -c | awk '{printf "%s%s %s", sep, $1, $3; sep=", "}')
  echo "ok    k8s/$dir: $kinds"
  # Secrets are created out of band, never rendered from git.
  [[ $(count "$file" Secret) == 0 ]] || fail "k8s/$dir renders a Secret"
done

for overlay in overlays-dev overlays-prod; do
  file="$OUT/$overlay.yaml"
  [[ -s $file ]] || continue
  for kind in Deployment Service ServiceAccount PodDisruptionBudget NetworkPolicy; do
    expect "$file" "$kind" 6
  done
  grep -q '^  namespace: tributary$' "$file" || fail "$overlay: namespace tributary not set"
done

if [[ -s $OUT/overlays-dev.yaml ]]; then
  [[ $(grep -c 'imagePullPolicy: IfNotPresent' "$OUT/overlays-dev.yaml") == 6 ]] ||
    fail "overlays/dev: every Deployment should use imagePullPolicy IfNotPresent"
fi

if [[ -s $OUT/overlays-prod.yaml ]]; then
  expect "$OUT/overlays-prod.yaml" HorizontalPodAutoscaler 3
  while read -r image; do
    [[ $image =~ :[A-Za-z0-9._-]+$ || $image == *@sha256:* ]] && [[ $image != *:latest ]] ||
      fail "overlays/prod: image $image is not pinned"
  done < <(awk '$1 == "image:" {print $2}' "$OUT/overlays-prod.yaml")
fi

if [[ -s $OUT/infra.yaml ]]; then
  for pair in Cluster:1 Database:5 Kafka:1 KafkaNodePool:1 KafkaTopic:5 Keycloak:1 KeycloakRealmImport:1 Ingress:2; do
    expect "$OUT/infra.yaml" "${pair%%:*}" "${pair##*:}"
  done
  grep -q 'tributary-hostnames' "$OUT/infra.yaml" && fail "infra: the local-config hostnames ConfigMap leaked into the output"
fi

if ((failures)); then
  echo "validate.sh: $failures check(s) failed" >&2
  exit 1
fi
echo "validate.sh: all renders passed"
