# shellcheck shell=bash
# s3proxy 4.1.0: an S3 API over the local filesystem, for tests of the S3 warehouse. It never
# fsyncs, so it is not for data you want to keep. Not started by `up`; `test` starts it.
# State: .tributary/s3 (one directory per bucket); config in .tributary/run/s3proxy.properties.

S3PROXY_JAR="s3proxy-$TRIBUTARY_S3PROXY_VERSION-jar-with-dependencies.jar"
S3PROXY_PROPS="$TRIBUTARY_RUN/s3proxy.properties"
s3proxy_ports() { echo "$TRIBUTARY_S3PROXY_PORT"; }

s3proxy_prepare() {
  check_java || return 1
  fetch_artifact "org.gaul:s3proxy:$TRIBUTARY_S3PROXY_VERSION:jar:jar-with-dependencies" "$S3PROXY_JAR" || return 1
  mkdir -p "$TRIBUTARY_STATE/s3"
  (
    umask 077
    cat >"$S3PROXY_PROPS" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$TRIBUTARY_S3PROXY_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$TRIBUTARY_S3_ACCESS_KEY
s3proxy.credential=$TRIBUTARY_S3_SECRET_KEY
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem
jclouds.filesystem.basedir=$TRIBUTARY_STATE/s3
PROPS
  )
}

# The bucket of an s3://bucket/prefix URI: with the filesystem backend a bucket is a directory.
s3proxy_create_bucket() {
  local bucket=${1#s3://}
  bucket=${bucket%%/*}
  [[ $bucket =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] || fail "'$1' does not name a valid S3 bucket" || return 1
  mkdir -p "$TRIBUTARY_STATE/s3/$bucket"
}

s3proxy_launch() {
  # shellcheck disable=SC2086
  spawn s3proxy "$JAVA" $TRIBUTARY_S3PROXY_JAVA_OPTS -jar "$TRIBUTARY_DOWNLOADS/$S3PROXY_JAR" --properties "$S3PROXY_PROPS"
}

# Any HTTP answer means it serves (unsigned requests get 403).
s3proxy_ready() { [[ $(http_code "http://127.0.0.1:$TRIBUTARY_S3PROXY_PORT/") != 000 ]]; }

s3proxy_health() {
  if s3proxy_ready; then echo "answering"; else echo "no-answer"; fi
}

s3proxy_stop() { stop_component s3proxy TERM; }
