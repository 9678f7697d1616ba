#!/usr/bin/env bash
# The dashboard with 100,000 tasks: records a synthetic recording of that many tasks (the test events, named and
# shaped as timescope's), times `java -jar timescope-dashboard.jar` on it (whole process, median of 5 runs), prints
# the page's size, then opens the page in headless Chromium and prints the page's own times (median of 5 runs).
# Usage: dashboard/benchmark.sh [TASKS]   (JAVA_HOME chooses the JDK; Chromium must be installed)
set -euo pipefail
cd "$(dirname "$0")/.."
TASKS=${1:-100000}
OUT=dashboard/target/benchmark
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
REPO=()
[ -n "${MAVEN_REPO_LOCAL:-}" ] && REPO=(-Dmaven.repo.local="$MAVEN_REPO_LOCAL")

./mvnw -B -q "${REPO[@]}" -pl dashboard -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
mkdir -p "$OUT"
CP="dashboard/target/test-classes:dashboard/target/classes:$(cat dashboard/target/test-classpath.txt)"
JAR=$(ls dashboard/target/timescope-dashboard-*.jar | grep -v -e sources -e javadoc -e original | head -n 1)

"$JAVA" -cp "$CP" dev.timescope.dashboard.WriteFixture large "$TASKS" "$OUT/large.jfr" >/dev/null
echo "recording: $OUT/large.jfr, $TASKS tasks, $(du -k "$OUT/large.jfr" | cut -f1) KiB"

# Wall-clock and CPU (user + system) milliseconds of each run; the first run warms the file cache.
walls=(); cpus=()
TIMEFORMAT='%R %U %S'
for run in 1 2 3 4 5 6; do
  t=$( { time "$JAVA" -jar "$JAR" "$OUT/large.jfr" -o "$OUT/large.html" >/dev/null; } 2>&1 )
  read -r wall user sys <<<"$t"
  if [ "$run" -gt 1 ]; then
    walls+=("$(awk -v w="$wall" 'BEGIN { printf "%d", w * 1000 }')")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')")
  fi
done
median() { printf '%s\n' "$@" | sort -n | sed -n 3p; }
echo "java -jar timescope-dashboard.jar: median of 5 runs: $(median "${walls[@]}") ms wall-clock, $(median "${cpus[@]}") ms CPU" \
  "(wall ${walls[*]} ms; the machine's load average: $(cut -d' ' -f1 /proc/loadavg)); page $(du -k "$OUT/large.html" | cut -f1) KiB"

"$JAVA" -cp "$CP" dev.timescope.dashboard.PageLoadBenchmark "$OUT/large.html" 5
