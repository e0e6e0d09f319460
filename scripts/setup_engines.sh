#!/usr/bin/env bash
# Obtain the execution engines the scale-out tests and docs/running.md use, cached under
# .venv/engines/ (git-ignored). Idempotent: what is already there is kept.
#
#   scripts/setup_engines.sh [prism] [flink]      (default: both)
#
# Outputs (ENGINES defaults to <repo>/.venv/engines, override with NEWS_ENGINES):
#   $ENGINES/prism                        Beam's Prism runner, `go install`ed at our Beam version
#   $ENGINES/flink/job-server.jar         Beam's Flink job server, for --flink_job_server_jar
#   $ENGINES/flink/job-server.properties  flink_version (for --flink_version), beam_java_version, source
#   $ENGINES/<engine>.unavailable         written instead when an engine cannot be had: the exact
#                                         reason, which tests/test_runners.py uses as its skip message
#
# The script exits 0 when every engine asked for is either installed or recorded as unavailable,
# so CI can call it unconditionally; `--strict` makes an unavailable engine exit 3.
#
# Environment: PYTHON (whose apache_beam version is matched; default .venv/bin/python, else
# python3), BEAM_VERSION (override), MAVEN_CENTRAL (default: the central repository URL of the
# installed Maven's own super-POM, so the script uses whatever Maven itself uses).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENGINES="${NEWS_ENGINES:-$ROOT/.venv/engines}"
maven_central() {
  # The central repository URL from the installed Maven's super-POM (maven-model-builder jar).
  local home
  home="$(mvn -v 2>/dev/null | sed -n 's/^Maven home: //p')"
  [ -n "$home" ] || return 0
  python3 - "$home" <<'PY' 2>/dev/null
import glob, re, sys, zipfile
for jar in glob.glob(sys.argv[1] + "/lib/maven-model-builder-*.jar"):
    pom = zipfile.ZipFile(jar).read("org/apache/maven/model/pom-4.0.0.xml").decode()
    found = re.search(r"<url>(https?://[^<]+)</url>", pom)
    if found:
        print(found.group(1))
        break
PY
}
CENTRAL="${MAVEN_CENTRAL:-$(maven_central)}"
STRICT=0
WANT=()
for arg in "$@"; do
  case "$arg" in
    --strict) STRICT=1 ;;
    prism | flink) WANT+=("$arg") ;;
    *) echo "usage: $0 [--strict] [prism] [flink]" >&2; exit 2 ;;
  esac
done
[ ${#WANT[@]} -eq 0 ] && WANT=(prism flink)

if [ -z "${PYTHON:-}" ]; then
  if [ -x "$ROOT/.venv/bin/python" ]; then PYTHON="$ROOT/.venv/bin/python"; else PYTHON=python3; fi
fi
if [ -z "${BEAM_VERSION:-}" ]; then
  BEAM_VERSION="$("$PYTHON" -c 'import apache_beam; print(apache_beam.__version__)' 2>/dev/null || true)"
fi
BEAM_VERSION="${BEAM_VERSION:-2.77.0}"
# Newest first; the Flink versions Beam's Python SDK accepts for --flink_version
# (FlinkRunnerOptions.PUBLISHED_FLINK_VERSIONS in 2.77).
FLINK_VERSIONS=(2.2 2.1 2.0 1.20 1.19)

mkdir -p "$ENGINES"
log() { echo "setup_engines: $*" >&2; }
FAILED=0

unavailable() {  # engine, message
  local engine="$1" msg="$2"
  printf '%s\n' "$msg" >"$ENGINES/$engine.unavailable"
  log "$engine UNAVAILABLE: $msg"
  FAILED=1
}

# ---- Prism ------------------------------------------------------------------------------------

setup_prism() {
  local stamp="$ENGINES/prism.version"
  if [ -x "$ENGINES/prism" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$BEAM_VERSION" ]; then
    log "prism $BEAM_VERSION already at $ENGINES/prism"
    rm -f "$ENGINES/prism.unavailable"
    return
  fi
  if ! command -v go >/dev/null; then
    unavailable prism "Prism not installed: the Go toolchain (go) is not on PATH, so 'go install github.com/apache/beam/sdks/v2/go/cmd/prism@v$BEAM_VERSION' cannot run"
    return
  fi
  local module="github.com/apache/beam/sdks/v2/go/cmd/prism@v$BEAM_VERSION" out
  log "go install $module (first time: a few minutes)"
  if out="$(GOBIN="$ENGINES" GOFLAGS=-mod=mod timeout 1800 go install "$module" 2>&1)"; then
    echo "$BEAM_VERSION" >"$stamp"
    rm -f "$ENGINES/prism.unavailable"
    log "prism $BEAM_VERSION installed at $ENGINES/prism"
  else
    unavailable prism "Prism not installed: 'go install $module' failed: $(echo "$out" | tail -3 | tr '\n' ' ')"
  fi
}

# ---- Flink job server -------------------------------------------------------------------------

# The official shaded job-server jar, org.apache.beam:beam-runners-flink-<F>-job-server:<beam>.
# Prints the Flink version on success.
fetch_official_job_server() {
  local f artifact url code tmp
  for f in "${FLINK_VERSIONS[@]}"; do
    artifact="beam-runners-flink-$f-job-server"
    url="$CENTRAL/org/apache/beam/$artifact/$BEAM_VERSION/$artifact-$BEAM_VERSION.jar"
    code="$(curl -sS -o /dev/null -w '%{http_code}' -I --max-time 60 "$url" 2>/dev/null)"
    if [ "$code" = "200" ]; then
      tmp="$ENGINES/flink/.job-server.jar.part"
      log "downloading $url"
      if curl -fsSL --max-time 1800 -o "$tmp" "$url"; then
        mv "$tmp" "$ENGINES/flink/job-server.jar"
        echo "$f"
        return 0
      fi
    elif [ "$code" = "000" ] || [ -z "$code" ]; then
      # curl cannot reach the repository host: let Maven (and its settings/proxy) try.
      if mvn -q -B dependency:copy -Dartifact="org.apache.beam:$artifact:$BEAM_VERSION" \
        -DoutputDirectory="$ENGINES/flink" -Dmdep.stripVersion=true >/dev/null 2>&1; then
        mv "$ENGINES/flink/$artifact.jar" "$ENGINES/flink/job-server.jar"
        echo "$f"
        return 0
      fi
    fi
    log "not served: org.apache.beam:$artifact:$BEAM_VERSION (HTTP $code)"
  done
  return 1
}

# Beam's job server is FlinkJobServerDriver from beam-runners-flink-<F> plus its runtime
# dependencies: when the shaded jar is not served, resolve the same classes with Maven and
# write a thin launcher jar whose manifest Class-Path lists them (java -jar honours it).
# Tries each Flink version, and for each the served runner versions <= ours, newest first.
assemble_job_server() {
  local f v versions work
  for f in "${FLINK_VERSIONS[@]}"; do
    versions="$(curl -fsS --max-time 60 "$CENTRAL/org/apache/beam/beam-runners-flink-$f/maven-metadata.xml" 2>/dev/null |
      sed -n 's:.*<version>\([0-9.]*\)</version>.*:\1:p' | sort -t. -k1,1nr -k2,2nr -k3,3nr)"
    for v in $versions; do
      if [ "$(printf '%s\n%s\n' "$v" "$BEAM_VERSION" | sort -t. -k1,1n -k2,2n -k3,3n | tail -1)" != "$BEAM_VERSION" ]; then
        continue  # newer than our SDK
      fi
      work="$ENGINES/flink/.assemble"
      rm -rf "$work" && mkdir -p "$work"
      cat >"$work/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.newsbeam</groupId><artifactId>flink-job-server</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.beam</groupId><artifactId>beam-runners-flink-$f</artifactId><version>$v</version></dependency>
  </dependencies>
</project>
EOF
      log "assembling the Flink $f job server from org.apache.beam:beam-runners-flink-$f:$v and its dependencies (mvn)"
      if (cd "$work" && timeout 1800 mvn -q -B dependency:copy-dependencies -DoutputDirectory=lib -DincludeScope=runtime >mvn.log 2>&1); then
        rm -rf "$ENGINES/flink/lib"
        mv "$work/lib" "$ENGINES/flink/lib"
        "$PYTHON" - "$ENGINES/flink" <<'EOF' || return 1
import os, sys, zipfile
folder = sys.argv[1]
libs = sorted(n for n in os.listdir(os.path.join(folder, "lib")) if n.endswith(".jar"))
# Flink 1.19 on Java 17 reflects into these packages (Kryo, closure cleaning).
opens = ["java.base/" + p for p in ("java.lang", "java.lang.reflect", "java.io", "java.net", "java.nio",
         "sun.nio.ch", "java.text", "java.time", "java.util", "java.util.concurrent",
         "java.util.concurrent.atomic", "java.util.concurrent.locks", "java.math")] + ["java.sql/java.sql"]
def wrap(line: str) -> bytes:  # manifest lines: at most 72 bytes, continued with one space
    raw, out = line.encode(), []
    out.append(raw[:72]); raw = raw[72:]
    while raw:
        out.append(b" " + raw[:71]); raw = raw[71:]
    return b"\r\n".join(out) + b"\r\n"
lines = ["Manifest-Version: 1.0", "Main-Class: org.apache.beam.runners.flink.FlinkJobServerDriver",
         "Class-Path: " + " ".join("lib/" + n for n in libs), "Add-Opens: " + " ".join(opens)]
tmp = os.path.join(folder, ".job-server.jar.part")
with zipfile.ZipFile(tmp, "w") as z:
    z.writestr("META-INF/MANIFEST.MF", b"".join(wrap(l) for l in lines) + b"\r\n")
os.replace(tmp, os.path.join(folder, "job-server.jar"))
EOF
        rm -rf "$work"
        echo "$f $v"
        return 0
      fi
      log "could not resolve beam-runners-flink-$f:$v: $(sed "s/\x1b\[[0-9;]*m//g" "$work/mvn.log" | grep -m1 "ERROR" | sed "s/.*Could not resolve dependencies for project [^ ]*: //" | cut -c1-160)"
    done
  done
  rm -rf "$ENGINES/flink/.assemble"
  return 1
}

# slf4j-simple, so the local cluster (scripts/flink_local_cluster.sh) writes logs; best effort.
# Kept out of lib/ so the job server launched by the FlinkRunner stays quiet.
fetch_log_binding() {
  local api
  api="$(ls "$ENGINES/flink/lib" 2>/dev/null | sed -n 's/^slf4j-api-\(.*\)\.jar$/\1/p' | head -1)"
  [ -n "$api" ] || return 0
  ls "$ENGINES/flink/log-lib/slf4j-simple-$api.jar" >/dev/null 2>&1 && return 0
  command -v mvn >/dev/null || return 0
  mvn -q -B dependency:copy -Dartifact="org.slf4j:slf4j-simple:$api" -DoutputDirectory="$ENGINES/flink/log-lib" >/dev/null 2>&1 ||
    log "slf4j-simple $api not fetched: the local Flink cluster will run without logs"
}

setup_flink() {
  local props="$ENGINES/flink/job-server.properties" found f v
  if [ -f "$ENGINES/flink/job-server.jar" ] && grep -qx "python_beam_version=$BEAM_VERSION" "$props" 2>/dev/null; then
    log "Flink job server already at $ENGINES/flink/job-server.jar ($(grep '^source=' "$props"))"
    rm -f "$ENGINES/flink.unavailable"
    fetch_log_binding
    return
  fi
  if ! command -v java >/dev/null; then
    unavailable flink "Flink job server not installed: no java on PATH (Beam's Flink job server needs Java 11 or 17)"
    return
  fi
  mkdir -p "$ENGINES/flink"
  if f="$(fetch_official_job_server)"; then
    printf 'flink_version=%s\nbeam_java_version=%s\npython_beam_version=%s\nsource=%s\n' "$f" "$BEAM_VERSION" "$BEAM_VERSION" \
      "official jar org.apache.beam:beam-runners-flink-$f-job-server:$BEAM_VERSION from Maven Central" >"$props"
  elif ! command -v mvn >/dev/null; then
    unavailable flink "Flink job server not installed: org.apache.beam:beam-runners-flink-{${FLINK_VERSIONS[*]}}-job-server:$BEAM_VERSION is not served by $CENTRAL and mvn (needed to assemble it from beam-runners-flink-<F>) is not on PATH"
    return
  elif found="$(assemble_job_server)"; then
    read -r f v <<<"$found"
    printf 'flink_version=%s\nbeam_java_version=%s\npython_beam_version=%s\nsource=%s\n' "$f" "$v" "$BEAM_VERSION" \
      "assembled: FlinkJobServerDriver from org.apache.beam:beam-runners-flink-$f:$v and its runtime dependencies (Maven Central), because no org.apache.beam:beam-runners-flink-<F>-job-server:$BEAM_VERSION jar is served there" >"$props"
  else
    unavailable flink "Flink job server not installed: no org.apache.beam:beam-runners-flink-{${FLINK_VERSIONS[*]}}-job-server:$BEAM_VERSION jar is served by $CENTRAL, and no served org.apache.beam:beam-runners-flink-<F>:<=$BEAM_VERSION resolved with all its dependencies"
    return
  fi
  rm -f "$ENGINES/flink.unavailable"
  fetch_log_binding
  log "Flink job server at $ENGINES/flink/job-server.jar ($(grep '^source=' "$props"))"
}

for engine in "${WANT[@]}"; do "setup_$engine"; done
if [ "$FAILED" = 1 ] && [ "$STRICT" = 1 ]; then exit 3; fi
exit 0
