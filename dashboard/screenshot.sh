#!/usr/bin/env bash
# Takes the README's screenshot of the dashboard with headless Chromium: docs/images/dashboard.png.
# Usage: dashboard/screenshot.sh [RECORDING.jfr [FRAGMENT]]
#   Without a recording it runs the demo (the README's demo command) and draws the demo's day, its first failed
#   card payment selected. FRAGMENT selects what the page shows, e.g. '#select=t30' (a row's key) or '#q=checkout'.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=dashboard/target/screenshot
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
CHROMIUM=${TIMESCOPE_CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
[ -n "$CHROMIUM" ] || { echo "screenshot.sh: headless Chromium is needed (apt-get install chromium)" >&2; exit 1; }
REPO=()
[ -n "${MAVEN_REPO_LOCAL:-}" ] && REPO=(-Dmaven.repo.local="$MAVEN_REPO_LOCAL")

./mvnw -B -q "${REPO[@]}" -pl dashboard -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
mkdir -p "$OUT" docs/images
CP="dashboard/target/test-classes:dashboard/target/classes:$(cat dashboard/target/test-classpath.txt)"
RECORDING=${1:-}
FRAGMENT=${2:-}
if [ -z "$RECORDING" ]; then
  ./mvnw -B -q "${REPO[@]}" -pl demo -am -DskipTests -Pdemo verify >/dev/null
  RECORDING=demo/target/demo.jfr
  # The first checkout's card payment: its failure, and the sibling it cancelled.
  FRAGMENT=${FRAGMENT:-"#select=t$("$JAVA" -cp "$CP" dev.timescope.dashboard.Main "$RECORDING" --tree \
    | sed -n 's/.*task #\([0-9]*\) "charge card"  failed.*/\1/p' | head -n 1)"}
fi
"$JAVA" -cp "$CP" dev.timescope.dashboard.Main "$RECORDING" -o "$OUT/page.html" >/dev/null
PROFILE=$(mktemp -d)
trap 'rm -rf "$PROFILE"' EXIT
"$CHROMIUM" --headless --disable-gpu --no-sandbox --user-data-dir="$PROFILE" --hide-scrollbars \
  --force-device-scale-factor=1 --window-size=1440,860 --virtual-time-budget=3000 \
  --screenshot="$PWD/docs/images/dashboard.png" "file://$PWD/$OUT/page.html$FRAGMENT" 2>/dev/null
echo "docs/images/dashboard.png"
